package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link TestLeads}: Partner Center's connection test leads, by the marker in any text field. */
class TestLeadsTest {

  private static final int TEXT_FIELDS = 11;

  // ---- examples

  @Test
  void detectsTheTestMarkerInAnyTextField() {
    for (int field = 0; field < TEXT_FIELDS; field++) {
      assertThat(TestLeads.isTestLead(bodyWith(field, "x MSFT_TEST_636573304831318844 y")))
          .as("field " + field)
          .isTrue();
    }
    assertThat(TestLeads.isTestLead(new PartnerCenterBody(null, null, null, null, null, 0)))
        .isFalse();
  }

  @Test
  void theDocumentedTestLeadIsATestLead() {
    // marketplace-leads.md section 4: text fields MSFT_TEST_ + 18 digits, phone 1234567890, US.
    String marker = "MSFT_TEST_636573304831318844";
    PartnerCenterBody body =
        new PartnerCenterBody(
            "INS",
            "Contoso",
            "AzureMarketplace",
            marker,
            new UserDetails(
                marker, marker, marker + "@test.com", "1234567890", "US", marker, marker),
            0);
    assertThat(TestLeads.isTestLead(body)).isTrue();
  }

  @Test
  void theMarkerMatchesInAnyCaseButOnlyWhole() {
    assertThat(TestLeads.marked("msft_test_1")).isTrue();
    assertThat(TestLeads.marked("Msft_Test_")).isTrue();
    assertThat(TestLeads.marked("MSFT_TEST_")).isTrue();
    assertThat(TestLeads.marked("MSFT_TEST_636573304831318844@test.com")).isTrue();
    assertThat(TestLeads.marked("MSFT_TEST")).isFalse();
    assertThat(TestLeads.marked("MSFT TEST")).isFalse();
    assertThat(TestLeads.marked("MSFT-TEST-1")).isFalse();
    assertThat(TestLeads.marked("MSFT__TEST_")).isFalse();
    assertThat(TestLeads.marked(null)).isFalse();
  }

  @Test
  void anOrdinaryLeadIsNoTestLead() {
    PartnerCenterBody body =
        new PartnerCenterBody(
            "PLT",
            "Contoso Sales",
            "SPZA-PLT|contoso.sales",
            "Interested in the test drive",
            new UserDetails(
                "Sam", "Test", "sam.test@contoso.com", "+16175555555", "US", "MSFT", "Tester"),
            0);
    assertThat(TestLeads.isTestLead(body)).isFalse();
  }

  // ---- properties

  @Property(tries = 2000)
  void theMarkerInAnyCaseAnywhereInAnyFieldMakesATestLead(
      @ForAll @StringLength(max = 20) String before,
      @ForAll @StringLength(max = 20) String after,
      @ForAll("markerCasings") String marker,
      @ForAll @IntRange(min = 0, max = TEXT_FIELDS - 1) int field) {
    assertThat(TestLeads.marked(before + marker + after)).isTrue();
    assertThat(TestLeads.isTestLead(bodyWith(field, before + marker + after))).isTrue();
  }

  @Property(tries = 3000)
  void markedMeansContainsTheMarkerIgnoringCase(@ForAll("markerTexts") String text) {
    boolean contains = false;
    for (int i = 0; i + TestLeads.MARKER.length() <= text.length(); i++) {
      contains |= text.regionMatches(true, i, TestLeads.MARKER, 0, TestLeads.MARKER.length());
    }
    assertThat(TestLeads.marked(text)).as(text).isEqualTo(contains);
  }

  @Property(tries = 1000)
  void asciiTextIsMarkedExactlyWhenItsUpperCaseHoldsTheMarker(
      @ForAll("asciiMarkerTexts") String text) {
    assertThat(TestLeads.marked(text))
        .as(text)
        .isEqualTo(text.toUpperCase(Locale.ROOT).contains(TestLeads.MARKER));
  }

  @Provide
  Arbitrary<String> markerCasings() {
    return Arbitraries.of(true, false)
        .list()
        .ofSize(TestLeads.MARKER.length())
        .map(
            upper -> {
              StringBuilder out = new StringBuilder();
              for (int i = 0; i < upper.size(); i++) {
                char c = TestLeads.MARKER.charAt(i);
                out.append(upper.get(i) ? c : Character.toLowerCase(c));
              }
              return out.toString();
            });
  }

  @Provide
  Arbitrary<String> markerTexts() {
    return Arbitraries.of(
            "MSFT_TEST_",
            "msft_test_",
            "MSFT",
            "msft",
            "_",
            "TEST_",
            "test",
            "ſ",
            "S",
            "T",
            "x",
            " ",
            "\u0130",
            "\u0131",
            "MSFT_",
            "Msft_Test_",
            "1",
            "é")
        .list()
        .ofMaxSize(8)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> asciiMarkerTexts() {
    return Arbitraries.of("MSFT", "msft", "_", "TEST", "Test", "_t", "S", "F", "x", " ", "1")
        .list()
        .ofMaxSize(10)
        .map(parts -> String.join("", parts));
  }

  /** A body with {@code text} in text field number {@code field} (0-10) and nothing else. */
  private static PartnerCenterBody bodyWith(int field, String text) {
    String[] values = new String[TEXT_FIELDS];
    values[field] = text;
    return new PartnerCenterBody(
        values[0],
        values[1],
        values[2],
        values[3],
        new UserDetails(
            values[4], values[5], values[6], values[7], values[8], values[9], values[10]),
        0);
  }
}
