package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Random and garbled input never makes the parser or the normalizer throw anything but the
 * documented {@link LeadParseException}, and its message is always one of the fixed phrases (so it
 * can never copy input text).
 */
class ParserPropertiesTest {

  private static final String WHERE = "(at line \\d+, column \\d+|at an unknown position)";
  private static final Pattern SAFE_MESSAGE =
      Pattern.compile(
          "the body is empty"
              + "|the body holds only whitespace, no JSON value"
              + "|expected a JSON object, got (a JSON array|a JSON string|a JSON number"
              + "|a JSON boolean|JSON null|a [a-z ]+) "
              + WHERE
              + "|unexpected content after the JSON object, "
              + WHERE
              + ": send exactly one lead object per request"
              + "|the JSON is nested deeper than 64 levels or holds a value over the size limit"
              + "|broken JSON: (the body is not valid UTF-8|unreadable body)"
              + "|broken JSON "
              + WHERE
              + ": (unexpected end of input|invalid UTF-8 byte sequence"
              + "|a property name must be a double-quoted string|missing comma between values"
              + "|missing colon after a property name|a closing bracket that does not match"
              + "|unrecognized token \\(a bare word where a value belongs\\?\\)"
              + "|unescaped control character inside a string|invalid escape sequence in a string"
              + "|invalid number|unexpected character|invalid JSON syntax)");

  private static final List<byte[]> SEEDS =
      Fixtures.all().stream().map(Fixtures.Fixture::bytes).toList();

  @Property(tries = 2000)
  void randomBytesOnlyEverFailWithTheDocumentedError(@ForAll @Size(max = 300) byte[] body) {
    parseAndNormalizeSafely(body);
  }

  @Property(tries = 2000)
  void randomTextOnlyEverFailsWithTheDocumentedError(@ForAll @StringLength(max = 300) String body) {
    parseAndNormalizeSafely(body.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 3000)
  void garbledFixturesOnlyEverFailWithTheDocumentedError(@ForAll("garbledFixtures") byte[] body) {
    parseAndNormalizeSafely(body);
  }

  @Property(tries = 1000)
  void errorMessagesNeverCopyInputText(
      @ForAll("markers") String marker, @ForAll("brokenTemplates") String template) {
    byte[] body = template.replace("MARK", marker).getBytes(StandardCharsets.UTF_8);
    try {
      PartnerCenterParser.parse(body);
    } catch (LeadParseException e) {
      assertThat(e.getMessage()).doesNotContain(marker);
      assertSafe(e);
    }
  }

  @Property(tries = 1000)
  void anyObjectOfArbitraryStringsIsAcceptedAndNormalized(
      @ForAll("leadObjects") Map<String, String> fields) throws Exception {
    ObjectNode root = LeadJson.mapper().createObjectNode();
    ObjectNode user = root.putObject("UserDetails");
    fields.forEach(
        (name, value) -> {
          if (name.startsWith("User.")) {
            user.put(name.substring(5), value);
          } else {
            root.put(name, value);
          }
        });
    byte[] body = LeadJson.mapper().writeValueAsBytes(root);
    PartnerCenterBody parsed = PartnerCenterParser.parse(body);
    assertThat(parsed.leadSource()).isEqualTo(fields.get("LeadSource"));
    assertThat(parsed.userDetails().email()).isEqualTo(fields.get("User.Email"));
    NormalizedLead lead = LeadNormalizer.normalize(parsed);
    assertThat(LeadIds.devDefault().leadId(lead, "in_x")).matches("ld_[a-z2-7]{32}");
    assertThat(lead.stage()).isEqualTo(Stage.of(lead.action().code()));
  }

  @Property(tries = 1000)
  void normalizingNeverFailsWhateverTheFieldsHold(
      @ForAll @Size(11) List<@StringLength(max = 80) String> values) {
    PartnerCenterBody body =
        new PartnerCenterBody(
            values.get(0),
            values.get(1),
            values.get(2),
            values.get(3),
            new UserDetails(
                values.get(4),
                values.get(5),
                values.get(6),
                values.get(7),
                values.get(8),
                values.get(9),
                values.get(10)),
            0);
    NormalizedLead lead = LeadNormalizer.normalize(body);
    assertThat(lead.source()).isNotNull();
    assertThat(lead.customer()).isNotNull();
    if (lead.customer().phone() != null) {
      assertThat(lead.customer().phone()).matches("\\+[1-9][0-9]{3,16}");
    }
    if (lead.customer().country() != null) {
      assertThat(Countries.isAlpha2(lead.customer().country())).isTrue();
    }
  }

  @Provide
  Arbitrary<byte[]> garbledFixtures() {
    Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
    return Combinators.combine(
            seed,
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(1, 40),
            Arbitraries.bytes())
        .as(ParserPropertiesTest::garble);
  }

  @Provide
  Arbitrary<String> markers() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .ofMinLength(6)
        .ofMaxLength(12)
        .map(s -> "Zx" + s);
  }

  @Provide
  Arbitrary<String> brokenTemplates() {
    return Arbitraries.of(
        "{\"MARK\": \"MARK\"",
        "{\"Email\": \"MARK@example.com\" \"Phone\": 1}",
        "{MARK: 1}",
        "{\"a\": MARK}",
        "[\"MARK\"]",
        "\"MARK\"",
        "{\"a\":\"MARK\"} MARK",
        "{\"a\":\"MARK\\q\"}",
        "{\"MARK\" \"MARK\"}",
        "MARK",
        "{\"a\": [\"MARK\"}",
        "{\"a\": \"MARK\u0001\"}");
  }

  @Provide
  Arbitrary<Map<String, String>> leadObjects() {
    Arbitrary<String> names =
        Arbitraries.of(
            "LeadSource",
            "ActionCode",
            "OfferTitle",
            "Description",
            "User.FirstName",
            "User.LastName",
            "User.Email",
            "User.Phone",
            "User.Country",
            "User.Company",
            "User.Title",
            "Extra");
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(60),
            Arbitraries.of(
                "AzureMarketplace-INS|a.b",
                "SPZA - PLT | Contoso",
                "mktcmpid=x&src=y",
                "{\"src\":\"z\"}",
                "MSFT_TEST_1",
                "+1 617 555 0100",
                "USA",
                "a@b.co"));
    return Arbitraries.maps(names, values).ofMaxSize(12);
  }

  private static byte[] garble(byte[] seed, int kind, int position, int length, byte value) {
    int at = seed.length == 0 ? 0 : position % seed.length;
    int end = Math.min(seed.length, at + length);
    byte[] out;
    switch (kind) {
      case 0 -> out = java.util.Arrays.copyOf(seed, at); // truncate
      case 1 -> { // delete a range
        out = new byte[seed.length - (end - at)];
        System.arraycopy(seed, 0, out, 0, at);
        System.arraycopy(seed, end, out, at, seed.length - end);
      }
      case 2 -> { // overwrite a range with one byte
        out = seed.clone();
        java.util.Arrays.fill(out, at, end, value);
      }
      case 3 -> { // insert a run of one byte
        out = new byte[seed.length + length];
        System.arraycopy(seed, 0, out, 0, at);
        java.util.Arrays.fill(out, at, at + length, value);
        System.arraycopy(seed, at, out, at + length, seed.length - at);
      }
      default -> { // duplicate the tail
        out = new byte[seed.length + (seed.length - at)];
        System.arraycopy(seed, 0, out, 0, seed.length);
        System.arraycopy(seed, at, out, seed.length, seed.length - at);
      }
    }
    return out;
  }

  private static void parseAndNormalizeSafely(byte[] body) {
    try {
      NormalizedLead lead = LeadNormalizer.parseAndNormalize(body);
      assertThat(lead).isNotNull();
    } catch (LeadParseException e) {
      assertSafe(e);
    }
  }

  private static void assertSafe(LeadParseException e) {
    assertThat(e.reason()).isNotNull();
    assertThat(e.getMessage()).matches(SAFE_MESSAGE);
  }
}
