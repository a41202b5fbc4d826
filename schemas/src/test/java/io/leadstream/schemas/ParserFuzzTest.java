package io.leadstream.schemas;

import static io.leadstream.schemas.HostileInput.concat;
import static io.leadstream.schemas.HostileInput.quoted;
import static io.leadstream.schemas.HostileInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile bodies, beyond {@link ParserPropertiesTest}'s random bytes and garbled fixtures: deep
 * nesting, huge strings and numbers, invalid UTF-8 inside strings and names, duplicate keys, every
 * JSON type where a string belongs, and Unicode edge cases (surrogates, BOMs, NULs, noncharacters).
 *
 * <p>For each: the parser and the normalizer either succeed or throw the documented {@link
 * LeadParseException} with a reason and a fixed-phrase message that never quotes the input, never
 * anything else, within a time bound; and the gateway's check ({@link JsonBodies#checkObject}) and
 * the parser agree on what is a JSON object, so what the gateway accepts is never a surprise
 * downstream.
 */
class ParserFuzzTest {

  /** The fixed phrases of {@link JsonBodies}; anything else would be a leak or a new error. */
  private static final String WHERE = "(at line \\d+, column \\d+|at an unknown position)";

  private static final Pattern SAFE_MESSAGE =
      Pattern.compile(
          "the body is empty|the body holds only whitespace, no JSON value"
              + "|expected a JSON object, got [a-zA-Z ]+ "
              + WHERE
              + "|unexpected content after the JSON object, "
              + WHERE
              + ": send exactly one lead object per request"
              + "|the JSON is nested deeper than 64 levels or holds a value over the size limit"
              + "|broken JSON: (the body is not valid UTF-8|unreadable body)"
              + "|broken JSON "
              + WHERE
              + ": [a-zA-Z0-9 ()?\\-]+");

  static {
    // Load the normalizer's tables (phone metadata, countries) before anything is timed.
    try {
      LeadNormalizer.parseAndNormalize(Fixtures.all().get(0).bytes());
    } catch (LeadParseException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Generous for a busy 2-core machine; a quadratic path on a 1 MB body would take minutes. */
  private static final Duration PER_BODY = Duration.ofSeconds(2);

  private static final String MARK = "Zq7MarkerQz";

  private static final List<String> FIELDS =
      List.of("ActionCode", "OfferTitle", "LeadSource", "Description", "UserDetails");
  private static final List<String> USER_FIELDS =
      List.of("FirstName", "LastName", "Email", "Phone", "Country", "Company", "Title");

  // ---- deep nesting ---------------------------------------------------------------------------

  @Property(tries = 200)
  void nestingDeeperThanTheLimitIsRejectedAsTooDeepAndShallowerIsNot(
      @ForAll("depths") int depth,
      @ForAll("containerKinds") String kind,
      @ForAll @IntRange(min = 0, max = 4) int where) {
    String open = kind.equals("array") ? "[" : "{\"x\":";
    String close = kind.equals("array") ? "]" : "}";
    String deep = open.repeat(depth) + "1" + close.repeat(depth);
    // where: top level, inside UserDetails, inside Description, inside an unknown field, as
    // UserDetails given as a string holding deeply nested JSON
    String body =
        switch (where) {
          case 0 -> deep;
          case 1 -> "{\"UserDetails\":{\"Email\":" + deep + "}}";
          case 2 -> "{\"Description\":{\"a\":" + deep + "}}";
          case 3 -> "{\"Extra\":" + deep + "}";
          default -> "{\"UserDetails\":" + quoted("{\"Email\":" + deep + "}") + "}";
        };
    Outcome outcome = outcome(utf8(body));
    int levels =
        switch (where) {
          case 0 -> depth;
          case 1, 2 -> depth + 2;
          case 3 -> depth + 1;
          default -> 1; // a string value: its content is parsed separately and ignored if bad
        };
    if (where == 0 && kind.equals("array")) {
      // The gateway names the first token: an array is not an object, whatever its depth.
      assertThat(outcome.reason()).contains(DeadLetterReason.NOT_AN_OBJECT);
    } else if (levels > JsonBodies.MAX_NESTING_DEPTH) {
      assertThat(outcome.reason()).contains(DeadLetterReason.TOO_DEEP);
    } else {
      assertThat(outcome.reason()).isEmpty();
    }
    assertThat(outcome.reason()).isEqualTo(reasonOfGatewayCheck(utf8(body)));
  }

  // ---- huge values ----------------------------------------------------------------------------

  @Property(tries = 60)
  void hugeStringsNamesAndNumbersAreParsedOrRejectedWithinTheTimeBound(
      @ForAll @IntRange(min = 10_000, max = 1_000_000) int size,
      @ForAll @IntRange(min = 0, max = 5) int shape) {
    String huge = "a".repeat(size);
    String body =
        switch (shape) {
          case 0 -> "{\"Description\":\"" + huge + "\"}";
          case 1 -> "{\"UserDetails\":{\"Email\":\"" + huge + "@example.com\"}}";
          case 2 -> "{\"" + huge + "\":\"x\"}";
          case 3 -> "{\"UserDetails\":{\"Phone\":" + "9".repeat(size) + "}}";
          case 4 -> "{\"Description\":\"" + "mktcmpid=x&".repeat(size / 11) + "\"}";
          default -> "{\"LeadSource\":\"" + "A-".repeat(size / 2) + "|" + huge + "\"}";
        };
    Outcome outcome = outcome(utf8(body));
    assertThat(outcome.reason()).isEqualTo(reasonOfGatewayCheck(utf8(body)));
    if (shape == 3) {
      // More digits than the number length limit (1000): a value over the size limit.
      assertThat(outcome.reason()).contains(DeadLetterReason.TOO_DEEP);
    } else if (shape != 2) {
      // Strings up to 4 MiB are fine (the gateway's body limit is far below); only a property
      // name over Jackson's name limit is refused, as a value over the size limit.
      assertThat(outcome.reason()).isEmpty();
    } else {
      assertThat(outcome.reason()).isIn(Optional.empty(), Optional.of(DeadLetterReason.TOO_DEEP));
    }
  }

  @Property(tries = 40)
  void manyPropertiesAndLongArraysStayWithinTheTimeBound(
      @ForAll @IntRange(min = 1_000, max = 50_000) int count, @ForAll boolean asArray) {
    StringBuilder body = new StringBuilder("{");
    if (asArray) {
      body.append("\"Extra\":[");
      for (int i = 0; i < count; i++) {
        body.append(i == 0 ? "" : ",").append("{\"Email\":\"a@b.co\"}");
      }
      body.append("]");
    } else {
      for (int i = 0; i < count; i++) {
        body.append(i == 0 ? "" : ",").append("\"email\":\"x").append(i).append("@example.com\"");
      }
    }
    body.append("}");
    assertThat(outcome(utf8(body.toString())).reason()).isEmpty();
  }

  // ---- invalid UTF-8 --------------------------------------------------------------------------

  @Property(tries = 1000)
  void invalidUtf8AnywhereInANameOrStringIsRejectedAsMalformed(
      @ForAll("invalidUtf8") byte[] bad,
      @ForAll("fieldPaths") String path,
      @ForAll boolean inName) {
    byte[] body =
        inName
            ? concat(utf8("{\"UserDetails\":{\"a"), bad, utf8("b\":\"x\"}}"))
            : concat(utf8(open(path) + "\"a"), bad, utf8("b\"" + close(path)));
    Outcome outcome = outcome(body);
    assertThat(outcome.reason()).contains(DeadLetterReason.MALFORMED_JSON);
  }

  @Property(tries = 300)
  void overlongSurrogateAndOutOfRangeUtf8IsRejectedByTheGatewayAndTheParser(
      @ForAll("lenientlyDecodedUtf8") byte[] bad,
      @ForAll("fieldPaths") String path,
      @ForAll boolean inName) {
    byte[] body =
        inName
            ? concat(utf8("{\"UserDetails\":{\"a"), bad, utf8("b\":\"x\"}}"))
            : concat(utf8(open(path) + "\"a"), bad, utf8("b\"" + close(path)));
    assertThat(outcome(body).reason()).contains(DeadLetterReason.MALFORMED_JSON);
    assertThat(reasonOfGatewayCheck(body)).contains(DeadLetterReason.MALFORMED_JSON);
  }

  @Property(tries = 300)
  void invalidUtf8OutsideStringsIsRejectedAsMalformed(
      @ForAll("invalidUtf8") byte[] bad, @ForAll @IntRange(min = 0, max = 2) int where) {
    byte[] body =
        switch (where) {
          case 0 -> concat(bad, utf8("{}"));
          case 1 -> concat(utf8("{"), bad, utf8("}"));
          default -> concat(utf8("{\"Email\":"), bad, utf8("}"));
        };
    assertThat(outcome(body).reason()).isPresent();
  }

  // ---- duplicate keys -------------------------------------------------------------------------

  @Property(tries = 1000)
  void duplicateKeysInAnyCaseKeepTheFirstNonBlankValue(
      @ForAll("userField") String field,
      @ForAll("caseVariants") List<String> spellings,
      @ForAll("values") List<String> values)
      throws Exception {
    int n = Math.min(spellings.size(), values.size());
    StringBuilder body = new StringBuilder("{\"UserDetails\":{");
    String expected = null;
    for (int i = 0; i < n; i++) {
      String name = variant(field, spellings.get(i));
      body.append(i == 0 ? "" : ",").append(quoted(name)).append(':').append(quoted(values.get(i)));
      if (expected == null || (expected.isBlank() && !values.get(i).isBlank())) {
        expected = values.get(i);
      }
    }
    body.append("}}");
    PartnerCenterBody parsed = PartnerCenterParser.parse(body.toString());
    assertThat(userField(parsed.userDetails(), field)).isEqualTo(expected);
    LeadNormalizer.normalize(parsed);
  }

  @Property(tries = 300)
  void duplicateUserDetailsObjectsMergeFieldByField(
      @ForAll("values") List<String> first, @ForAll("values") List<String> second)
      throws Exception {
    String body =
        "{\"UserDetails\":{\"Email\":"
            + quoted(first.get(0))
            + "},\"userdetails\":{\"Email\":"
            + quoted(second.get(0))
            + ",\"Company\":"
            + quoted(second.get(second.size() - 1))
            + "}}";
    PartnerCenterBody parsed = PartnerCenterParser.parse(body);
    String email =
        first.get(0).isBlank() && !second.get(0).isBlank() ? second.get(0) : first.get(0);
    assertThat(parsed.userDetails().email()).isEqualTo(email);
    assertThat(parsed.userDetails().company()).isEqualTo(second.get(second.size() - 1));
  }

  // ---- other JSON types where strings belong ---------------------------------------------------

  @Property(tries = 2000)
  void anyJsonValueWhereAStringBelongsIsReadAsTextIgnoredOrRejectedAsDocumented(
      @ForAll("fieldPaths") String path, @ForAll("jsonValues") String value) throws Exception {
    byte[] body = utf8(open(path) + value + close(path));
    Outcome outcome = outcome(body);
    if (JsonBodies.checkObject(body).isEmpty()) {
      assertThat(outcome.reason()).as("a JSON object is never rejected by the parser").isEmpty();
      PartnerCenterBody parsed = PartnerCenterParser.parse(body);
      String read =
          path.contains(".") ? userField(parsed.userDetails(), leaf(path)) : top(parsed, path);
      String trimmed = value.strip();
      if (path.endsWith("Extra")) {
        assertThat(read).as("unknown properties are skipped").isNull();
      } else if (trimmed.equals("null") || trimmed.startsWith("[")) {
        assertThat(read).isNull();
      } else if (trimmed.startsWith("{")) {
        // objects are ignored, except a Description object kept as JSON text
        if (path.equals("Description")) {
          assertThat(read).startsWith("{");
        } else {
          assertThat(read).isNull();
        }
      } else if (trimmed.startsWith("\"")) {
        assertThat(read).isNotNull();
      } else {
        assertThat(read).as("a number or boolean is read as its JSON text").isEqualTo(trimmed);
      }
    } else {
      assertThat(outcome.reason()).isPresent();
    }
  }

  @Property(tries = 300)
  void userDetailsOfAnyTypeNeverFailsAWellFormedBody(@ForAll("jsonValues") String value) {
    for (String name : List.of("UserDetails", "CustomerInfo", "userDETAILS")) {
      byte[] body = utf8("{\"" + name + "\":" + value + ",\"ActionCode\":\"INS\"}");
      assertThat(outcome(body).reason()).isEqualTo(reasonOfGatewayCheck(body));
    }
  }

  // ---- Unicode edge cases ---------------------------------------------------------------------

  @Property(tries = 2000)
  void unicodeEdgeCasesInEveryFieldAreKeptOrCleanedNeverFatal(
      @ForAll("fieldPaths") String path, @ForAll("unicodeEdges") String text) throws Exception {
    byte[] body = utf8(open(path) + quoted(text) + close(path));
    Outcome outcome = outcome(body);
    assertThat(outcome.reason()).isEqualTo(reasonOfGatewayCheck(body));
  }

  @Property(tries = 500)
  void escapedLoneSurrogatesAndControlEscapesAreToleratedOrRejectedSafely(
      @ForAll("escapes") String escape, @ForAll("fieldPaths") String path) {
    byte[] body = utf8(open(path) + "\"x" + escape + "y\"" + close(path));
    Outcome outcome = outcome(body);
    assertThat(outcome.reason()).isEqualTo(reasonOfGatewayCheck(body));
  }

  @Property(tries = 300)
  void aByteOrderMarkOrUtf16BodyIsReadOrRejectedSafely(@ForAll("bodiesWithEncodings") byte[] body) {
    Outcome outcome = outcome(body);
    assertThat(outcome.reason()).isEqualTo(reasonOfGatewayCheck(body));
  }

  // ---- the gateway and the parser agree
  // ----------------------------------------------------------

  @Property(tries = 3000)
  void theGatewayCheckAndTheParserAgreeOnEveryHostileBody(@ForAll("hostileBodies") byte[] body) {
    Outcome outcome = outcome(body);
    assertThat(outcome.reason()).isEqualTo(reasonOfGatewayCheck(body));
  }

  @Property(tries = 500)
  void noRejectionEverQuotesTheInput(@ForAll("hostileBodies") byte[] body) {
    byte[] marked = concat(utf8(MARK), body, utf8(MARK));
    Outcome outcome = outcome(marked);
    outcome.message().ifPresent(m -> assertThat(m).doesNotContain(MARK).doesNotContain("Zq7"));
    byte[] inside = concat(utf8("{\"" + MARK + "\":\"" + MARK), body, utf8("\"}"));
    outcome(inside).message().ifPresent(m -> assertThat(m).doesNotContain(MARK));
  }

  // ---- generators -----------------------------------------------------------------------------

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(60, 70), Arbitraries.integers().between(1, 5000));
  }

  @Provide
  Arbitrary<String> containerKinds() {
    return Arbitraries.of("array", "object");
  }

  @Provide
  Arbitrary<String> fieldPaths() {
    List<String> paths = new ArrayList<>(FIELDS.subList(0, 4));
    USER_FIELDS.forEach(f -> paths.add("UserDetails." + f));
    paths.add("Extra");
    paths.add("UserDetails.Extra");
    return Arbitraries.of(paths);
  }

  @Provide
  Arbitrary<String> userField() {
    return Arbitraries.of(USER_FIELDS);
  }

  @Provide
  Arbitrary<List<String>> caseVariants() {
    return Arbitraries.of("same", "lower", "upper", "camel").list().ofMinSize(2).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<String>> values() {
    return Arbitraries.oneOf(
            Arbitraries.of("", " ", "\t", "a@b.co", "MSFT_TEST_1", "US", "x"),
            Arbitraries.strings().withCharRange(' ', '~').withChars("\u00e9\u00a0").ofMaxLength(20))
        .list()
        .ofMinSize(2)
        .ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> jsonValues() {
    Arbitrary<String> scalars =
        Arbitraries.oneOf(
            Arbitraries.of(
                "null",
                "true",
                "false",
                "0",
                "-0",
                "1e400",
                "-1.5E-300",
                "16175555555",
                "123456789012345678901234567890",
                "0.1",
                "[]",
                "{}",
                "\"\"",
                "\" \"",
                "[\"a@b.co\"]",
                "{\"Email\":\"a@b.co\"}",
                "[null,true,{}]",
                "{\"a\":[1,{\"b\":2}]}",
                "01",
                "+1",
                ".5",
                "NaN",
                "Infinity",
                "1.",
                "-",
                "0x1F",
                "\"\\u0000\""),
            Arbitraries.longs().map(l -> Long.toString(l)),
            Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0"),
            Arbitraries.strings().ofMaxLength(30).map(HostileInput::quoted));
    return scalars;
  }

  /** Byte sequences Jackson's decoder refuses: the body is rejected as malformed. */
  @Provide
  Arbitrary<byte[]> invalidUtf8() {
    return HostileInput.refusedUtf8();
  }

  /**
   * Invalid UTF-8 that Jackson 2.x decodes leniently instead of refusing: overlong forms and code
   * points above U+10FFFF. {@link JsonBodies#checkUtf8} refuses them before Jackson sees them.
   */
  @Provide
  Arbitrary<byte[]> lenientlyDecodedUtf8() {
    return Arbitraries.of(
        new byte[] {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
        new byte[] {(byte) 0xC1, (byte) 0xBF}, // overlong
        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
        new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // overlong '/'
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}); // above U+10FFFF
  }

  @Provide
  Arbitrary<String> unicodeEdges() {
    Arbitrary<String> specials =
        Arbitraries.of(
            "\uFEFF", // BOM inside a value
            "\u200B\u200C\u200D\u2060", // zero-width characters
            "\u202E", // right-to-left override
            "\uFFFE\uFFFF", // noncharacters
            "\uD83D\uDE00", // an emoji (surrogate pair)
            "e\u0301", // combining accent
            "\u0130stanbul", // dotted capital I (case-insensitive traps)
            "\u00A0\u2003\u3000", // non-ASCII spaces
            "\u2028\u2029", // line and paragraph separators
            "\uFF20", // fullwidth @
            "a@\u0441\u043E\u043C.example", // Cyrillic look-alikes in a domain
            "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660", // Arabic-Indic digits
            "+\uFF11\uFF16\uFF11\uFF17", // fullwidth digits
            "MSFT_TEST_\u0661\u0662",
            "\u00DF\u1E9E"); // sharp s and its capital
    return Arbitraries.oneOf(
        specials,
        Arbitraries.strings().all().ofMaxLength(40),
        Combinators.combine(specials, Arbitraries.strings().all().ofMaxLength(10))
            .as((a, b) -> b + a + b));
  }

  @Provide
  Arbitrary<String> escapes() {
    return Arbitraries.of(
        "\\uD800",
        "\\uDFFF",
        "\\uDBFF\\uDFFF",
        "\\uD800\\u0041",
        "\\u0000",
        "\\u001F",
        "\\uFFFE",
        "\\u",
        "\\u12",
        "\\uZZZZ",
        "\\x41",
        "\\",
        "\\/",
        "\\b\\f\\n\\r\\t",
        "\\'");
  }

  @Provide
  Arbitrary<byte[]> bodiesWithEncodings() {
    String lead = "{\"UserDetails\":{\"Email\":\"a@b.co\"},\"ActionCode\":\"INS\"}";
    return Arbitraries.of(
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(lead)), // UTF-8 BOM
        lead.getBytes(StandardCharsets.UTF_16BE),
        lead.getBytes(StandardCharsets.UTF_16LE),
        lead.getBytes(StandardCharsets.UTF_16), // with a BOM
        concat(utf8(lead), new byte[] {0}),
        concat(new byte[] {0}, utf8(lead)),
        lead.getBytes(StandardCharsets.ISO_8859_1),
        "{\"Email\":\"Jos\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A mix of every shape above, plus structural damage, for the agreement and leak checks. */
  @Provide
  Arbitrary<byte[]> hostileBodies() {
    Arbitrary<String> structural =
        Arbitraries.of(
            "",
            " ",
            "\n\t",
            "{",
            "}",
            "{}",
            "{}{}",
            "{} ",
            "{} x",
            "[]",
            "\"x\"",
            "1",
            "null",
            "{\"a\":1,}",
            "{,}",
            "{\"a\"}",
            "{\"a\":}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1 \"b\":2}",
            "{\"a\":[1,2}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":tru}",
            "{\"a\":\"\u0001\"}",
            "{\"a\":NaN}",
            "/*c*/{}",
            "{}//c",
            "{\"a\":\"\\q\"}",
            "\u0000{}",
            "{\"\":\"\"}");
    Arbitrary<byte[]> fromText =
        Combinators.combine(fieldPaths(), jsonValues(), unicodeEdges(), structural)
            .as(
                (path, value, text, damage) ->
                    utf8(
                        switch (Math.abs(text.hashCode()) % 4) {
                          case 0 -> open(path) + value + close(path);
                          case 1 -> open(path) + quoted(text) + close(path);
                          case 2 -> damage;
                          default -> open(path) + quoted(text) + close(path) + damage;
                        }));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> spliced =
        Combinators.combine(
                fromText,
                Arbitraries.oneOf(invalidUtf8(), lenientlyDecodedUtf8()),
                Arbitraries.integers().between(0, 1000))
            .as(
                (body, bad, at) -> {
                  int cut = body.length == 0 ? 0 : at % body.length;
                  byte[] out = new byte[body.length + bad.length];
                  System.arraycopy(body, 0, out, 0, cut);
                  System.arraycopy(bad, 0, out, cut, bad.length);
                  System.arraycopy(body, cut, out, cut + bad.length, body.length - cut);
                  return out;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, fromText),
        net.jqwik.api.Tuple.of(2, bytes),
        net.jqwik.api.Tuple.of(2, spliced));
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** What happened to one body: success, or the documented rejection. */
  record Outcome(Optional<DeadLetterReason> reason, Optional<String> message) {}

  private static final Outcome PARSED = new Outcome(Optional.empty(), Optional.empty());

  private static final LeadIds LEAD_IDS = LeadIds.devDefault();

  /**
   * Runs the parser and the normalizer on {@code body} and checks the invariants that hold for
   * every input: only {@link LeadParseException} escapes, with a reason and a fixed-phrase message,
   * within {@link #PER_BODY}.
   */
  static Outcome outcome(byte[] body) {
    long begin = System.nanoTime();
    Outcome outcome;
    try {
      NormalizedLead lead = LeadNormalizer.parseAndNormalize(body);
      assertThat(lead).isNotNull();
      String leadId = LEAD_IDS.leadId(lead, "in_fuzz");
      if (!LeadIds.LEAD_ID.matcher(leadId).matches()) {
        fail("a malformed leadId: " + leadId);
      }
      outcome = PARSED;
    } catch (LeadParseException e) {
      assertThat(e.reason()).isNotNull();
      if (!SAFE_MESSAGE.matcher(e.getMessage()).matches()) {
        fail("not one of the fixed phrases: " + e.getMessage());
      }
      outcome = new Outcome(Optional.of(e.reason()), Optional.of(e.getMessage()));
    } catch (RuntimeException | StackOverflowError e) {
      fail("the parser threw " + e.getClass().getName() + " instead of LeadParseException", e);
      throw new AssertionError(e);
    }
    long took = System.nanoTime() - begin;
    if (took >= PER_BODY.toNanos()) {
      fail("time to parse " + body.length + " bytes: " + Duration.ofNanos(took));
    }
    return outcome;
  }

  static Optional<DeadLetterReason> reasonOfGatewayCheck(byte[] body) {
    return JsonBodies.checkObject(body).map(r -> DeadLetterReason.of(r.problem()));
  }

  private static String open(String path) {
    if (path.startsWith("UserDetails.")) {
      return "{\"UserDetails\":{" + quoted(leaf(path)) + ":";
    }
    return "{" + quoted(path) + ":";
  }

  private static String close(String path) {
    return path.startsWith("UserDetails.") ? "}}" : "}";
  }

  private static String leaf(String path) {
    return path.substring(path.indexOf('.') + 1);
  }

  private static String top(PartnerCenterBody body, String field) {
    return switch (field) {
      case "ActionCode" -> body.actionCode();
      case "OfferTitle" -> body.offerTitle();
      case "LeadSource" -> body.leadSource();
      case "Description" -> body.description();
      default -> null; // unknown properties are skipped
    };
  }

  private static String userField(UserDetails user, String field) {
    return switch (field) {
      case "FirstName" -> user.firstName();
      case "LastName" -> user.lastName();
      case "Email" -> user.email();
      case "Phone" -> user.phone();
      case "Country" -> user.country();
      case "Company" -> user.company();
      case "Title" -> user.title();
      default -> null;
    };
  }

  private static String variant(String name, String how) {
    return switch (how) {
      case "lower" -> name.toLowerCase(java.util.Locale.ROOT);
      case "upper" -> name.toUpperCase(java.util.Locale.ROOT);
      case "camel" -> Character.toLowerCase(name.charAt(0)) + name.substring(1);
      default -> name;
    };
  }
}
