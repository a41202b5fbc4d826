package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartnerCenterParserTest {

  private static PartnerCenterBody parse(String json) throws LeadParseException {
    return PartnerCenterParser.parse(json);
  }

  private static LeadParseException rejection(byte[] body) {
    try {
      PartnerCenterParser.parse(body);
    } catch (LeadParseException e) {
      return e;
    }
    throw new AssertionError("the body was accepted");
  }

  private static LeadParseException rejection(String body) {
    return rejection(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void matchesPropertyNamesCaseInsensitively() throws Exception {
    PartnerCenterBody pascal =
        parse("{\"UserDetails\":{\"Email\":\"a@contoso.com\"},\"ActionCode\":\"INS\"}");
    PartnerCenterBody camel =
        parse("{\"userDetails\":{\"email\":\"a@contoso.com\"},\"actionCode\":\"INS\"}");
    PartnerCenterBody upper =
        parse("{\"USERDETAILS\":{\"EMAIL\":\"a@contoso.com\"},\"ACTIONCODE\":\"INS\"}");
    assertThat(pascal).isEqualTo(camel).isEqualTo(upper);
    assertThat(pascal.userDetails().email()).isEqualTo("a@contoso.com");
    assertThat(pascal.actionCode()).isEqualTo("INS");
  }

  @Test
  void readsEveryDocumentedProperty() throws Exception {
    PartnerCenterBody body = PartnerCenterParser.parse(Fixtures.get("documented-sample").bytes());
    assertThat(body.actionCode()).isEqualTo("INS");
    assertThat(body.offerTitle()).isEqualTo("Test Microsoft");
    assertThat(body.leadSource()).isEqualTo("AzureMarketplace");
    assertThat(body.description()).isEqualTo("Test run through Power Automate");
    assertThat(body.userDetails())
        .isEqualTo(
            new UserDetails(
                "Some", "One", "someone@contoso.com", "16175555555", "USA", "Contoso", "Esquire"));
    assertThat(body.ignoredProperties()).isZero();
  }

  @Test
  void skipsAndCountsUnknownProperties() throws Exception {
    PartnerCenterBody body = PartnerCenterParser.parse(Fixtures.get("extra-properties").bytes());
    assertThat(body.ignoredProperties()).isEqualTo(6);
    assertThat(body.userDetails().firstName()).isEqualTo("Morgan");
    assertThat(body.description()).isEqualTo("Evaluating for Q3.");
  }

  @Test
  void readsNumbersAndBooleansWhereStringsBelongAsTheirText() throws Exception {
    PartnerCenterBody body =
        parse(
            "{\"UserDetails\":{\"Phone\":16175550123,\"Company\":1.5e3,\"Title\":true},"
                + "\"ActionCode\":false}");
    assertThat(body.userDetails().phone()).isEqualTo("16175550123");
    assertThat(body.userDetails().company()).isEqualTo("1.5e3");
    assertThat(body.userDetails().title()).isEqualTo("true");
    assertThat(body.actionCode()).isEqualTo("false");
  }

  @Test
  void treatsNullsAsAbsentValues() throws Exception {
    PartnerCenterBody body =
        parse("{\"UserDetails\":null,\"ActionCode\":null,\"Description\":null}");
    assertThat(body.actionCode()).isNull();
    assertThat(body.description()).isNull();
    assertThat(body.userDetails()).isEqualTo(UserDetails.empty());
  }

  @Test
  void acceptsAnEmptyObjectAndAMissingUserDetails() throws Exception {
    assertThat(parse("{}")).isEqualTo(new PartnerCenterBody(null, null, null, null, null, 0));
    assertThat(parse("{\"LeadSource\":\"AzureMarketplace\"}").userDetails())
        .isEqualTo(UserDetails.empty());
  }

  @Test
  void ignoresObjectsOrArraysWhereStringsBelong() throws Exception {
    PartnerCenterBody body =
        parse(
            "{\"ActionCode\":{\"x\":1},\"LeadSource\":[\"AzureMarketplace\"],"
                + "\"UserDetails\":{\"Email\":[\"a@b.com\"]}}");
    assertThat(body.actionCode()).isNull();
    assertThat(body.leadSource()).isNull();
    assertThat(body.userDetails().email()).isNull();
    assertThat(body.ignoredProperties()).isEqualTo(3);
  }

  @Test
  void ignoresUserDetailsThatIsNotAnObject() throws Exception {
    assertThat(parse("{\"UserDetails\":[1,2]}").userDetails()).isEqualTo(UserDetails.empty());
    assertThat(parse("{\"UserDetails\":\"just text\"}").userDetails())
        .isEqualTo(UserDetails.empty());
    assertThat(parse("{\"UserDetails\":\"{broken\"}").userDetails()).isEqualTo(UserDetails.empty());
  }

  @Test
  void readsUserDetailsSentAsAJsonString() throws Exception {
    PartnerCenterBody body =
        parse(
            "{\"CustomerInfo\":\"{\\\"FirstName\\\":\\\"Ana\\\",\\\"Email\\\":\\\"a@x.com\\\"}\"}");
    assertThat(body.userDetails().firstName()).isEqualTo("Ana");
    assertThat(body.userDetails().email()).isEqualTo("a@x.com");
  }

  @Test
  void readsOfferDisplayNameAsTheOfferTitle() throws Exception {
    assertThat(parse("{\"OfferDisplayName\":\"Contoso\"}").offerTitle()).isEqualTo("Contoso");
  }

  @Test
  void keepsADescriptionSentAsAnObjectAsJsonText() throws Exception {
    PartnerCenterBody body = parse("{\"Description\":{\"mktcmpid\":\"x\",\"n\":1}}");
    assertThat(body.description()).isEqualTo("{\"mktcmpid\":\"x\",\"n\":1}");
  }

  @Test
  void firstNonBlankValueWinsAmongDuplicateProperties() throws Exception {
    PartnerCenterBody body = PartnerCenterParser.parse(Fixtures.get("duplicate-keys").bytes());
    assertThat(body.userDetails().email()).isEqualTo("first.nonblank@contoso.example.com");
    assertThat(body.actionCode()).isEqualTo("PLT");
    assertThat(body.userDetails().lastName()).isEqualTo("Sample");
    assertThat(body.userDetails().company()).isEqualTo("Contoso");
    assertThat(body.userDetails().firstName()).isEqualTo("Riley");
  }

  @Test
  void aBlankValueIsReplacedByALaterNonBlankOneButNotTheOtherWayRound() throws Exception {
    assertThat(parse("{\"ActionCode\":\"\",\"actionCode\":\"INS\"}").actionCode()).isEqualTo("INS");
    assertThat(parse("{\"ActionCode\":\"INS\",\"actionCode\":\" \"}").actionCode())
        .isEqualTo("INS");
    assertThat(parse("{\"ActionCode\":\"INS\",\"ActionCode\":\"PLT\"}").actionCode())
        .isEqualTo("INS");
    assertThat(parse("{\"ActionCode\":\" \",\"actionCode\":null}").actionCode()).isEqualTo(" ");
  }

  @Test
  void keepsUnicodeValuesAsSent() throws Exception {
    PartnerCenterBody body = PartnerCenterParser.parse(Fixtures.get("unicode-names").bytes());
    assertThat(body.userDetails().firstName()).isEqualTo("  José  ");
    assertThat(body.userDetails().company()).isEqualTo("株式会社 サンプル");
  }

  @Test
  void rejectsAnEmptyBody() {
    LeadParseException e = rejection(new byte[0]);
    assertThat(e.reason()).isEqualTo(DeadLetterReason.EMPTY_BODY);
    assertThat(e).hasMessage("the body is empty");
    assertThat(rejection(" \n\t ").reason()).isEqualTo(DeadLetterReason.EMPTY_BODY);
    assertThat(rejection((byte[]) null).reason()).isEqualTo(DeadLetterReason.EMPTY_BODY);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|a JSON array",
        "\"Email: secret@example.com\"|a JSON string",
        "16175555555|a JSON number",
        "true|a JSON boolean",
        "null|JSON null"
      })
  void rejectsWhatIsNotAJsonObjectSayingWhatItIs(String body, String what) {
    LeadParseException e = rejection(body);
    assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AN_OBJECT);
    assertThat(e).hasMessage("expected a JSON object, got " + what + " at line 1, column 1");
  }

  @Test
  void saysWhereTheNonObjectStartsAfterLeadingWhitespace() {
    assertThat(rejection("\n\n   [1]"))
        .hasMessage("expected a JSON object, got a JSON array at line 3, column 4");
  }

  @Test
  void rejectsBrokenJsonWithLineAndColumnButNoInputText() {
    LeadParseException e = rejection("{\n  \"Email\": \"jane.doe@contoso.com\"\n  \"Phone\": 1}");
    assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(e).hasMessage("broken JSON at line 3, column 3: missing comma between values");
    assertThat(e.getMessage()).doesNotContain("jane", "Phone", "contoso");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Email\": \"jane@contoso.com\"|unexpected end of input",
        "{\"Email\" \"jane\"}|missing colon after a property name",
        "{Email: \"jane\"}|a property name must be a double-quoted string",
        "{\"Email\": jane}|unrecognized token (a bare word where a value belongs?)",
        "{\"Email\": \"jane\"]|a closing bracket that does not match",
        "{\"Email\": \"ja\\qne\"}|invalid escape sequence in a string",
        "{\"Phone\": 0123}|invalid number",
      })
  void describesEachKindOfBrokenJsonWithoutQuotingIt(String body, String what) {
    LeadParseException e = rejection(body);
    assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(e.getMessage()).startsWith("broken JSON at line 1, column ").endsWith(": " + what);
    assertThat(e.getMessage()).doesNotContain("jane", "Email", "Phone");
  }

  @Test
  void rejectsInvalidUtf8EvenInsideAnIgnoredProperty() {
    byte[] body = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    LeadParseException e = rejection(body);
    assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(e.getMessage()).contains("UTF-8");
  }

  @Test
  void rejectsContentAfterTheObject() {
    LeadParseException e = rejection("{\"ActionCode\":\"INS\"} {\"ActionCode\":\"PLT\"}");
    assertThat(e.reason()).isEqualTo(DeadLetterReason.TRAILING_CONTENT);
    assertThat(e.getMessage()).contains("line 1, column 21");
  }

  @Test
  void rejectsNestingDeeperThanTheLimit() {
    String deep =
        "{\"x\":"
            + "[".repeat(JsonBodies.MAX_NESTING_DEPTH + 1)
            + "]".repeat(JsonBodies.MAX_NESTING_DEPTH + 1)
            + "}";
    assertThat(rejection(deep).reason()).isEqualTo(DeadLetterReason.TOO_DEEP);
  }

  @Test
  void agreesWithTheGatewayCheckOnEveryRejection() {
    String[] bodies = {"", "  ", "[]", "{\"a\":", "{} x", "{\"a\":\"\\u12\"}", "{\"a\" 1}"};
    for (String body : bodies) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      JsonBodies.Rejection check = JsonBodies.checkObject(bytes).orElseThrow();
      LeadParseException e = rejection(bytes);
      assertThat(e.reason()).as(body).isEqualTo(DeadLetterReason.of(check.problem()));
      assertThat(e.getMessage()).as(body).isEqualTo(check.detail());
    }
  }

  @Test
  void rejectsOverlongAndOutOfRangeUtf8WithItsPositionAsTheGatewayDoes() {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80} // an encoded surrogate
    };
    for (byte[] sequence : bad) {
      byte[] prefix = "{\n  \"Email\": \"jane\u00e9".getBytes(StandardCharsets.UTF_8);
      byte[] body = new byte[prefix.length + sequence.length + 3];
      System.arraycopy(prefix, 0, body, 0, prefix.length);
      System.arraycopy(sequence, 0, body, prefix.length, sequence.length);
      System.arraycopy("\"}\n".getBytes(StandardCharsets.UTF_8), 0, body, body.length - 3, 3);

      LeadParseException e = rejection(body);

      assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
      // Line 2: two spaces, "Email": (8), a space, a quote, jane and the 2 bytes of é = 18 bytes.
      assertThat(e.getMessage())
          .isEqualTo("broken JSON at line 2, column 19: invalid UTF-8 byte sequence")
          .isEqualTo(JsonBodies.checkObject(body).orElseThrow().detail());
    }
  }

  @Test
  void acceptsEveryWellFormedUtf8Sequence() throws Exception {
    String text = "\uFEFF{\"UserDetails\":{\"FirstName\":\"\u00e9\u0800\uFFFD\uD83D\uDE00\"}}";

    assertThat(JsonBodies.checkUtf8(text.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(parse(text.substring(1)).userDetails().firstName())
        .isEqualTo("\u00e9\u0800\uFFFD\uD83D\uDE00");
  }

  @Test
  void toStringOfAParsedBodyShowsNoPersonalData() throws Exception {
    PartnerCenterBody body = PartnerCenterParser.parse(Fixtures.get("documented-sample").bytes());
    assertThat(body.toString())
        .doesNotContain("Some", "One", "someone", "16175555555", "Contoso", "Esquire", "Power")
        .contains("AzureMarketplace", "INS");
  }

  @Test
  void parseExceptionsCarryNoStackTraceOrCause() {
    LeadParseException e = rejection("{");
    assertThat(e.getCause()).isNull();
    assertThat(e.getStackTrace()).isEmpty();
    assertThatThrownBy(() -> parse("{")).isInstanceOf(LeadParseException.class);
  }
}
