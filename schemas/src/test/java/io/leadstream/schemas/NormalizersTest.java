package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormalizersTest {

  // ---- email

  @Test
  void trimsAnEmailAndLowerCasesItForIdentityOnly() {
    EmailAddress email = Emails.normalize("  Sam.Sample@Litware.Example.com \t");
    assertThat(email.address()).isEqualTo("Sam.Sample@Litware.Example.com");
    assertThat(email.identity()).isEqualTo("sam.sample@litware.example.com");
    assertThat(email.domain()).isEqualTo("litware.example.com");
    assertThat(email.valid()).isTrue();
  }

  @Test
  void stripsMailtoAndAngleBrackets() {
    assertThat(Emails.normalize("mailto:a@contoso.com").identity()).isEqualTo("a@contoso.com");
    assertThat(Emails.normalize("<a@contoso.com>").identity()).isEqualTo("a@contoso.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-email",
        "@contoso.com",
        "a@",
        "a@contoso",
        "a@@contoso.com",
        "a b@contoso.com",
        ".a@contoso.com",
        "a.@contoso.com",
        "a..b@contoso.com",
        "a@-contoso.com",
        "a@contoso..com",
        "a@contoso.c",
        "a@contoso.123",
        "a(b)@contoso.com",
        "a@cont_oso.com"
      })
  void rejectsInvalidEmailSyntaxButKeepsTheText(String raw) {
    EmailAddress email = Emails.normalize(raw);
    assertThat(email.valid()).as(raw).isFalse();
    assertThat(email.identity()).isNull();
    assertThat(email.domain()).isNull();
    assertThat(email.address()).isEqualTo(raw);
    assertThat(email.business()).isFalse();
  }

  @Test
  void acceptsUnicodeLocalPartsAndInternationalizedDomains() {
    EmailAddress email = Emails.normalize("José.Müller@Bücher.example");
    assertThat(email.valid()).isTrue();
    assertThat(email.domain()).isEqualTo("xn--bcher-kva.example");
    assertThat(email.identity()).isEqualTo("josé.müller@xn--bcher-kva.example");
  }

  @ParameterizedTest
  @CsvSource({
    "someone@gmail.com, false",
    "someone@outlook.com, false",
    "someone@hotmail.com, false",
    "someone@yahoo.com, false",
    "someone@GMAIL.COM, false",
    "someone@contoso.com, true",
    "student@example.edu, true",
  })
  void classifiesBusinessVersusFreeMailFromTheShippedList(String raw, boolean business) {
    assertThat(Emails.normalize(raw).business()).as(raw).isEqualTo(business);
    assertThat(Emails.normalize(raw).freeMail()).isEqualTo(!business);
  }

  @Test
  void shipsAMaintainedFreeMailList() {
    assertThat(Emails.freeMailDomainCount()).isGreaterThan(1000);
    assertThat(Emails.isFreeMail("gmail.com")).isTrue();
    assertThat(Emails.isFreeMail("contoso.com")).isFalse();
    assertThat(Emails.isFreeMail("com")).isFalse();
  }

  @Test
  void aBlankEmailIsAbsent() {
    assertThat(Emails.normalize(" ")).isEqualTo(new EmailAddress(null, null, null, false, false));
    assertThat(Emails.normalize(null).address()).isNull();
  }

  // ---- phone

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "16175555555, US, +16175555555",
        "16175555555, null, +16175555555",
        "6175555555, US, +16175555555",
        "(617) 555-5555, US, +16175555555",
        "+1 617 555 5555, null, +16175555555",
        "+1 617 555 5555, DE, +16175555555",
        "1234567890, US, +11234567890",
        "020 7946 0321, GB, +442079460321",
        "00442079460321, GB, +442079460321",
        "442079460321, US, +442079460321",
        "030 5550100, DE, +49305550100",
        "+81 3-5555-0123, JP, +81355550123",
        "12, US, null",
        "call me, US, null",
        "'', US, null",
        "null, US, null",
      })
  void normalizesPhonesToE164WithTheCountryAsDefaultRegion(
      String raw, String country, String expected) {
    assertThat(Phones.toE164(raw, country)).as(raw + " in " + country).isEqualTo(expected);
  }

  // ---- country

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "US;US",
        "us;US",
        "USA;US",
        "United States;US",
        "united states;US",
        "U.S.;US",
        "U.S.A.;US",
        "United States of America;US",
        " Germany ;DE",
        "DEU;DE",
        "UK;GB",
        "Great Britain;GB",
        "United Kingdom;GB",
        "GBR;GB",
        "Côte d’Ivoire;CI",
        "Japan;JP",
        "AUS;AU",
        "South Korea;KR",
      })
  void normalizesCountriesToIsoAlpha2(String raw, String expected) {
    assertThat(Countries.toAlpha2(raw)).as(raw).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Atlantis", "", " ", "XX", "ZZZ", "12"})
  void unknownCountriesAreNull(String raw) {
    assertThat(Countries.toAlpha2(raw)).isNull();
  }

  @Test
  void everyIsoCountryIsFoundByAlpha2Alpha3AndEnglishName() {
    for (String code : Locale.getISOCountries()) {
      Locale locale = new Locale("", code);
      assertThat(Countries.toAlpha2(code)).isEqualTo(code);
      assertThat(Countries.toAlpha2(locale.getISO3Country())).as(code).isEqualTo(code);
      assertThat(Countries.toAlpha2(locale.getDisplayCountry(Locale.ENGLISH)))
          .as(code)
          .isEqualTo(code);
    }
  }

  // ---- text

  @Test
  void cleansNamesKeepingUnicode() {
    assertThat(Text.clean("  José \u00A0 Müller\t")).isEqualTo("José Müller");
    assertThat(Text.clean("株式会社 サンプル")).isEqualTo("株式会社 サンプル");
    assertThat(Text.clean("Plain")).isSameAs("Plain");
    assertThat(Text.clean(" \u200B ")).isNull();
    assertThat(Text.clean(null)).isNull();
  }

  @Test
  void comparisonKeysIgnoreCaseSpacingAndCompatibilityForms() {
    assertThat(Text.key("  ＡＣＭＥ   Corp ")).isEqualTo("acme corp");
    assertThat(Text.key("ﬁne")).isEqualTo("fine");
    assertThat(Text.key(" ")).isNull();
  }

  // ---- test leads

  @Test
  void detectsTheTestMarkerInAnyTextField() {
    for (int field = 0; field < 11; field++) {
      String[] values = new String[11];
      values[field] = "x MSFT_TEST_636573304831318844 y";
      PartnerCenterBody body =
          new PartnerCenterBody(
              values[0],
              values[1],
              values[2],
              values[3],
              new UserDetails(
                  values[4], values[5], values[6], values[7], values[8], values[9], values[10]),
              0);
      assertThat(TestLeads.isTestLead(body)).as("field " + field).isTrue();
    }
    assertThat(TestLeads.marked("msft_test_1")).isTrue();
    assertThat(TestLeads.marked("MSFT TEST")).isFalse();
    assertThat(TestLeads.isTestLead(new PartnerCenterBody(null, null, null, null, null, 0)))
        .isFalse();
  }

  // ---- campaign

  @Test
  void readsCampaignParametersFromADescriptionHoldingAJsonObject() {
    DescriptionParts parts =
        Campaigns.split(
            "{\"mktcmpid\":\"summit\",\"PartnerId\":42,\"src\":\"mail\",\"notes\":\"EU please\","
                + "\"nested\":{\"a\":1}}");
    assertThat(parts.campaign())
        .containsExactly(
            Map.entry("mktcmpid", "summit"),
            Map.entry("partnerid", "42"),
            Map.entry("src", "mail"));
    assertThat(parts.notes()).isEqualTo("EU please");
  }

  @Test
  void readsADescriptionMadeOnlyOfKeyValuePairs() {
    DescriptionParts parts = Campaigns.split("mktcmpid=abc&partnerid=9&channel=web%20form");
    assertThat(parts.campaign())
        .containsExactly(
            Map.entry("mktcmpid", "abc"),
            Map.entry("partnerid", "9"),
            Map.entry("channel", "web form"));
    assertThat(parts.notes()).isNull();
    assertThat(Campaigns.split("Campaigns: src=ads; ocid=AID123").campaign())
        .containsExactly(Map.entry("src", "ads"), Map.entry("ocid", "AID123"));
  }

  @Test
  void takesKnownParametersOutOfFreeTextAndKeepsTheRestAsNotes() {
    DescriptionParts parts =
        Campaigns.split(
            "Campaigns: mktcmpid=ms-2024&partnerid=4411&src=linkedin. Looking for a demo.");
    assertThat(parts.campaign())
        .containsExactly(
            Map.entry("mktcmpid", "ms-2024"),
            Map.entry("partnerid", "4411"),
            Map.entry("src", "linkedin"));
    assertThat(parts.notes()).isEqualTo("Looking for a demo.");
  }

  @Test
  void leavesFreeTextWithoutKnownParametersAlone() {
    String text = "We need x=2 replicas, and a=b mapping.\nThanks";
    DescriptionParts parts = Campaigns.split(text);
    assertThat(parts.campaign()).isEmpty();
    assertThat(parts.notes()).isEqualTo(text);
  }

  @Test
  void keepsPlainNotesVerbatimAndTreatsBlankAsNone() {
    assertThat(Campaigns.split("  line one\nline two  ").notes()).isEqualTo("line one\nline two");
    assertThat(Campaigns.split(" ")).isEqualTo(new DescriptionParts(null, Map.of()));
    assertThat(Campaigns.split(null)).isEqualTo(new DescriptionParts(null, Map.of()));
    assertThat(Campaigns.split("{not json").notes()).isEqualTo("{not json");
  }

  @Test
  void descriptionPartsToStringShowsKeysOnly() {
    assertThat(Campaigns.split("Call Jane on 555-0100. src=x").toString())
        .doesNotContain("Jane", "555")
        .contains("src");
  }
}
