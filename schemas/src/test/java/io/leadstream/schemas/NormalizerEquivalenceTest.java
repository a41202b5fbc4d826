package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanners of the normalizers give exactly what the regex-based code they replaced
 * gave ({@code Legacy*}, verbatim copies of it), on random and adversarial input.
 */
class NormalizerEquivalenceTest {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  // ---- phones

  @Property(tries = 3000)
  void phonesMatchTheReference(
      @ForAll("phoneTexts") String raw, @ForAll("phoneCountries") String country) {
    assertThat(Phones.toE164(raw, country))
        .as("%s in %s", raw, country)
        .isEqualTo(LegacyPhones.toE164(raw, country));
  }

  @Test
  void phonesMatchTheReferenceForEveryRegionsExampleNumbersInEveryFormat() {
    List<String> regions = new ArrayList<>(new TreeSet<>(UTIL.getSupportedRegions()));
    String[] defaults = {"US", "GB", "DE", "IT", "BR", "RU", "AR", "MX", "IN", "JP", "AU", "FR"};
    int checked = 0;
    for (int r = 0; r < regions.size(); r++) {
      String region = regions.get(r);
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber number = UTIL.getExampleNumberForType(region, type);
        if (number == null) {
          continue;
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        List<String> texts =
            List.of(
                e164,
                e164.substring(1),
                "00" + e164.substring(1),
                UTIL.format(number, PhoneNumberFormat.INTERNATIONAL),
                UTIL.format(number, PhoneNumberFormat.NATIONAL),
                UTIL.format(number, PhoneNumberFormat.RFC3966),
                UTIL.getNationalSignificantNumber(number),
                UTIL.formatOutOfCountryCallingNumber(number, "US"),
                UTIL.formatOutOfCountryCallingNumber(number, "GB"));
        for (String text : texts) {
          for (String country :
              new String[] {region, null, defaults[(r + checked) % defaults.length]}) {
            assertThat(Phones.toE164(text, country))
                .as("%s in %s", text, country)
                .isEqualTo(LegacyPhones.toE164(text, country));
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(5000);
  }

  @Provide
  Arbitrary<String> phoneTexts() {
    Arbitrary<String> plain =
        Arbitraries.strings().withChars("0123456789 -.()+").ofMinLength(0).ofMaxLength(24);
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(18);
    Arbitrary<String> tokens =
        Arbitraries.of(
                "+", "1", "0", "00", "44", "49", "61", "7", "8", "39", "425", "555", "0142", "20",
                "7946", "0321", " ", "-", ".", "(", ")", "/", "x", "ext", "#", ",", ";", "~",
                "tel:", "\u00A0", "\uFF11", "\u0661", "\uFF0B", "A", "FLOWERS", "\t", " x ", "*",
                "011", "+1", "+44 (0)", "\u2010", "/x")
            .list()
            .ofMaxSize(10)
            .map(parts -> String.join("", parts));
    return Arbitraries.oneOf(plain, digits, tokens);
  }

  @Provide
  Arbitrary<String> phoneCountries() {
    return Arbitraries.of(
        null, "US", "GB", "DE", "JP", "AU", "IT", "BR", "RU", "IN", "AR", "MX", "FR", "CN", "KR",
        "ZZ", "XX", "us", "001", "NZ", "SG");
  }

  @Test
  void callingCodeCheckAgreesWithTheParser() {
    for (int i = 0; i < 100_000; i++) {
      String digits = Integer.toString(i);
      for (String candidate : new String[] {digits, digits + "5550100", "0" + digits + "55501"}) {
        boolean parses;
        try {
          UTIL.parse("+" + candidate, "ZZ");
          parses = true;
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
          parses = false;
        }
        if (parses) {
          assertThat(Phones.hasCallingCode(candidate)).as(candidate).isTrue();
        }
      }
    }
  }

  // ---- campaigns

  @Property(tries = 5000)
  void campaignsMatchTheReference(@ForAll("descriptions") String description) {
    DescriptionParts expected = LegacyCampaigns.split(description);
    DescriptionParts actual = Campaigns.split(description);
    assertThat(actual.notes()).as(description).isEqualTo(expected.notes());
    assertThat(new ArrayList<>(actual.campaign().entrySet()))
        .as(description)
        .isEqualTo(new ArrayList<>(expected.campaign().entrySet()));
  }

  @Property(tries = 1000)
  void campaignsMatchTheReferenceOnAnyText(@ForAll @StringLength(max = 80) String description) {
    assertThat(Campaigns.split(description)).isEqualTo(LegacyCampaigns.split(description));
  }

  @Test
  void campaignsMatchTheReferenceOnLongKeysAndManyPairs() {
    StringBuilder many = new StringBuilder("Notes ");
    for (int i = 0; i < 80; i++) {
      many.append("utm_k").append(i).append("=v").append(i).append(i % 2 == 0 ? "&" : " ; ");
    }
    List<String> texts =
        List.of(
            "a".repeat(63) + "=x src=y",
            "a".repeat(64) + "=x src=y",
            "a".repeat(65) + "=x src=y",
            "b" + "c".repeat(70) + "=x",
            "x" + "-".repeat(64) + "=1 src=2",
            many.toString(),
            many.toString().replace("Notes ", ""),
            "Campaigns: src=a\u2028",
            "text src=a ;\u2028",
            "text src=a ;\u0085",
            "src=a&&&  ,, ; mktcmpid=b. hello ,, ; world ;\n",
            "UTM : utm_source=x",
            "campaignſ: src=x",
            "campaign parameters:src=x");
    for (String text : texts) {
      assertThat(Campaigns.split(text)).as(text).isEqualTo(LegacyCampaigns.split(text));
      assertThat(new ArrayList<>(Campaigns.split(text).campaign().entrySet()))
          .isEqualTo(new ArrayList<>(LegacyCampaigns.split(text).campaign().entrySet()));
    }
  }

  @Provide
  Arbitrary<String> descriptions() {
    return Arbitraries.of(
            "mktcmpid",
            "src",
            "utm_",
            "source",
            "Src",
            "SRC",
            "partnerid",
            "wt.mc_id",
            "a",
            "x",
            "K",
            "\u212A",
            "ſ",
            "9",
            "_",
            ".",
            "%",
            "%20",
            "%zz",
            "+",
            "-",
            "=",
            "==",
            "&",
            ";",
            ",",
            "?",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u000B",
            "\f",
            "\u00A0",
            "\u2028",
            "\u2029",
            "\u0085",
            "!",
            ")",
            ":",
            "{",
            "}",
            "\"",
            "Campaigns:",
            "campaign",
            "campaigns",
            "Campaign Parameters",
            "utm",
            "UTM",
            "Looking for a demo",
            "é",
            "日本")
        .list()
        .ofMaxSize(14)
        .map(parts -> String.join("", parts));
  }

  // ---- test leads

  @Property(tries = 3000)
  void testMarkerMatchesTheReference(@ForAll("markerTexts") String text) {
    assertThat(TestLeads.marked(text)).as(text).isEqualTo(LegacyTestLeads.marked(text));
  }

  @Test
  void theUnderscoreHasNoOtherCaseForm() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      if (c != '_') {
        assertThat(String.valueOf(c).regionMatches(true, 0, "_", 0, 1))
            .as("U+%04X", (int) c)
            .isFalse();
      }
    }
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
            "MSFT_",
            "Msft_Test_",
            "1",
            "é")
        .list()
        .ofMaxSize(8)
        .map(parts -> String.join("", parts));
  }

  // ---- text, email, lead source

  @Property(tries = 3000)
  void textMatchesTheReference(@ForAll("texts") String text) {
    assertThat(Text.clean(text)).isEqualTo(LegacyText.clean(text));
    assertThat(Text.key(text)).isEqualTo(LegacyText.key(text));
  }

  @Property(tries = 2000)
  void textMatchesTheReferenceOnAnyText(@ForAll @StringLength(max = 40) String text) {
    assertThat(Text.clean(text)).isEqualTo(LegacyText.clean(text));
    assertThat(Text.key(text)).isEqualTo(LegacyText.key(text));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(
            "a", "B", "Zz", " ", "  ", "\t", "\n", "\u0000", "\u001F", "\u007F", "\u0080", "\u0085",
            "\u00A0", "\u200B", "\uFEFF", "\u2028", "\u3000", "é", "ＡＣＭＥ", "ﬁ", "~", "!", "İ")
        .list()
        .ofMaxSize(10)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 5000)
  void emailsMatchTheReference(@ForAll("emails") String raw) {
    assertThat(Emails.normalize(raw)).as(raw).isEqualTo(LegacyEmails.normalize(raw));
  }

  @Provide
  Arbitrary<String> emails() {
    return Arbitraries.of(
            "sam",
            "Sam.Sample",
            "a",
            "@",
            "@",
            ".",
            "..",
            "-",
            "contoso",
            "GMAIL",
            "gmail",
            "com",
            "co",
            "c",
            "uk",
            "123",
            "xn--",
            "xn--bcher-kva",
            "Bücher",
            "example",
            "mailto:",
            "MAILTO:",
            "<",
            ">",
            " ",
            "\t",
            "_",
            "1",
            "x".repeat(63),
            "y".repeat(64),
            "é",
            "(",
            "\"",
            "outlook.com",
            ".com",
            "-a",
            "a-")
        .list()
        .ofMaxSize(10)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 3000)
  void leadSourcesMatchTheReference(@ForAll("leadSources") String raw) {
    ParsedLeadSource actual = ParsedLeadSource.parse(raw);
    LegacyParsedLeadSource expected = LegacyParsedLeadSource.parse(raw);
    assertThat(
            List.of(
                String.valueOf(actual.source()),
                String.valueOf(actual.action()),
                String.valueOf(actual.publisherId()),
                String.valueOf(actual.offerId()),
                String.valueOf(actual.offerText())))
        .as(raw)
        .isEqualTo(
            List.of(
                String.valueOf(expected.source()),
                String.valueOf(expected.action()),
                String.valueOf(expected.publisherId()),
                String.valueOf(expected.offerId()),
                String.valueOf(expected.offerText())));
  }

  @Provide
  Arbitrary<String> leadSources() {
    return Arbitraries.of(
            "SPZA",
            "AzureMarketplace",
            "-",
            "PLT",
            "|",
            " | ",
            "contoso",
            ".",
            "..",
            "sales",
            "-",
            "_",
            "insights",
            "A",
            "9",
            " ",
            "é",
            "Contoso Sales",
            "x.y",
            "_a",
            ".a")
        .list()
        .ofMaxSize(8)
        .map(parts -> String.join("", parts));
  }

  @Test
  void everyFixtureNormalizesAsBefore() throws Exception {
    for (Fixtures.Fixture fixture : Fixtures.accepted()) {
      PartnerCenterBody body = PartnerCenterParser.parse(fixture.bytes());
      UserDetails user = body.userDetails();
      String country = Countries.toAlpha2(user.country());
      assertThat(Phones.toE164(user.phone(), country))
          .isEqualTo(LegacyPhones.toE164(user.phone(), country));
      assertThat(Emails.normalize(user.email())).isEqualTo(LegacyEmails.normalize(user.email()));
      assertThat(Campaigns.split(body.description()))
          .isEqualTo(LegacyCampaigns.split(body.description()));
      assertThat(TestLeads.isTestLead(body)).isEqualTo(LegacyTestLeads.isTestLead(body));
      assertThat(Map.of("notes", String.valueOf(Campaigns.split(body.description()).notes())))
          .isEqualTo(
              Map.of("notes", String.valueOf(LegacyCampaigns.split(body.description()).notes())));
    }
  }
}
