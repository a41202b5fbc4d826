package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Phones}: E.164 or nothing, the lead's country as the default region. */
class PhonesTest {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  // ---- examples

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        // marketplace-leads.md: bare digits with the country code, or without it
        "16175555555, US, +16175555555",
        "16175555555, null, +16175555555",
        "6175555555, US, +16175555555",
        "1234567890, US, +11234567890",
        "(617) 555-5555, US, +16175555555",
        "617.555.5555, US, +16175555555",
        "+1 617 555 5555, null, +16175555555",
        "+1 617 555 5555, DE, +16175555555",
        "020 7946 0321, GB, +442079460321",
        "00442079460321, GB, +442079460321",
        "442079460321, US, +442079460321",
        "+44 (0)20 7946 0321, null, +442079460321",
        "030 5550100, DE, +49305550100",
        "+81 3-5555-0123, JP, +81355550123",
        "617-555-5555 ext 12, US, +16175555555",
        "tel:+1-617-555-5555, null, +16175555555",
        "1-800-FLOWERS, US, +18003569377",
        "12, US, null",
        "call me, US, null",
        "'', US, null",
        "null, US, null",
      })
  void normalizesPhonesToE164WithTheCountryAsDefaultRegion(
      String raw, String country, String expected) {
    assertThat(Phones.toE164(raw, country)).as(raw + " in " + country).isEqualTo(expected);
  }

  @Test
  void aValidNumberOfTheLeadsCountryWinsOverAnInternationalReading() {
    // 322 555 0123 is an Italian mobile number; read as international digits it is Belgian.
    assertThat(Phones.toE164("3225550123", "IT")).isEqualTo("+393225550123");
    assertThat(Phones.toE164("3225550123", "US")).isEqualTo("+3225550123");
    assertThat(Phones.toE164("3225550123", null)).isEqualTo("+3225550123");
  }

  @Test
  void aPossibleButFictionalNumberIsKeptOnlyInTheLeadsCountry() {
    // The documented test lead sends 1234567890 with country US: not a valid US number.
    assertThat(UTIL.isValidNumber(parse("+11234567890"))).isFalse();
    assertThat(Phones.toE164("1234567890", "US")).isEqualTo("+11234567890");
    assertThat(Phones.toE164("1234567890", null)).isNull();
  }

  @Test
  void anUnknownOrMisspelledCountryIsNoRegion() {
    String none = Phones.toE164("6175555555", null);
    assertThat(Phones.toE164("6175555555", "XX")).isEqualTo(none);
    assertThat(Phones.toE164("6175555555", "us")).isEqualTo(none);
    assertThat(Phones.toE164("6175555555", "001")).isEqualTo(none);
  }

  @Test
  void refusesTooFewTooManyDigitsAndOverlongText() {
    assertThat(Phones.toE164("123", null)).isNull();
    assertThat(Phones.toE164("+" + "1".repeat(18), null)).isNull();
    // possible in Japan's numbering plan, but 18 digits: over E.164's 15
    assertThat(Phones.toE164("0010 0000 0000 0000", "JP")).isNull();
    assertThat(Phones.toE164("+81 0010 0000 0000 0000", null)).isNull();
    assertThat(Phones.toE164("+1 617 555 5555 " + "-".repeat(49), "US")).isNull(); // 65
    assertThat(Phones.toE164("+1 617 555 5555 " + "-".repeat(48), "US")).isNotNull(); // 64
  }

  @Test
  void everyRegionsExampleNumbersAreFoundInTheirUsualFormats() {
    List<String> countries = List.of("US", "GB", "DE", "JP", "BR", "IN");
    int checked = 0;
    for (String region : new TreeSet<>(UTIL.getSupportedRegions())) {
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber number = UTIL.getExampleNumberForType(region, type);
        if (number == null) {
          continue;
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        String national = UTIL.format(number, PhoneNumberFormat.NATIONAL);
        String international = UTIL.format(number, PhoneNumberFormat.INTERNATIONAL);
        assertThat(Phones.toE164(national, region))
            .as("%s in %s", national, region)
            .isEqualTo(e164);
        assertThat(Phones.toE164(e164, null)).as(e164).isEqualTo(e164);
        for (String country : countries) {
          assertThat(Phones.toE164(international, country))
              .as("%s in %s", international, country)
              .isEqualTo(e164);
        }
        assertThat(Phones.toE164("00" + e164.substring(1), null)).as(e164).isEqualTo(e164);
        String uri = UTIL.format(number, PhoneNumberFormat.RFC3966);
        assertThat(Phones.toE164(uri, null)).as(uri).isEqualTo(e164);
        assertThat(Phones.toE164(uri, region)).as(uri).isEqualTo(e164);
        for (String caller : List.of("US", "GB")) {
          String dialled = UTIL.formatOutOfCountryCallingNumber(number, caller);
          // The 17-digit limit counts an international dialling prefix (011, 00) too.
          boolean overLimit = dialled.replaceAll("[^0-9]", "").length() > 17;
          assertThat(Phones.toE164(dialled, caller))
              .as("%s from %s", dialled, caller)
              .isEqualTo(overLimit ? null : e164);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  // ---- properties

  /** E.164 proper: a {@code +}, a calling code and the national number, 15 digits at most. */
  @Property(tries = 3000)
  void givesE164OrNothing(@ForAll("phoneTexts") String raw, @ForAll("countries") String country)
      throws NumberParseException {
    String e164 = Phones.toE164(raw, country);
    if (e164 != null) {
      assertThat(e164).matches("\\+[1-9][0-9]{3,14}");
      assertThat(UTIL.getSupportedCallingCodes()).contains(UTIL.parse(e164, "ZZ").getCountryCode());
    }
  }

  @Property(tries = 1000)
  void neverFailsOnAnyText(
      @ForAll @StringLength(max = 80) String raw, @ForAll("countries") String country) {
    Phones.toE164(raw, country);
  }

  /** Normalizing again changes nothing, whatever the lead's country the second time. */
  @Property(tries = 3000)
  void normalizingANormalizedNumberAgainChangesNothing(
      @ForAll("phoneTexts") String raw,
      @ForAll("countries") String country,
      @ForAll("countries") String other) {
    String e164 = Phones.toE164(raw, country);
    if (e164 != null) {
      assertThat(Phones.toE164(e164, country)).isEqualTo(e164);
      assertThat(Phones.toE164(e164, other)).isEqualTo(e164);
    }
  }

  @Test
  void aNumberLongerThanE164AllowsIsNoPhoneNumber() {
    assertThat(Phones.toE164("+81001000000000000", "JP")).isNull();
    assertThat(Phones.toE164("001000000000000", "JP")).isNull();
  }

  @Property(tries = 3000)
  void spacesDashesDotsAndParenthesesBetweenDigitsDoNotMatter(
      @ForAll("punctuatedDigits") List<String> digitsAndPunctuated,
      @ForAll("countries") String country) {
    String digits = digitsAndPunctuated.get(0);
    String punctuated = digitsAndPunctuated.get(1);
    assertThat(Phones.toE164(punctuated, country))
        .as("%s in %s", punctuated, country)
        .isEqualTo(Phones.toE164(digits, country));
    assertThat(Phones.toE164("+" + punctuated, country))
        .isEqualTo(Phones.toE164("+" + digits, country));
    assertThat(Phones.toE164(" \t" + punctuated + "\u00A0", country))
        .isEqualTo(Phones.toE164(digits, country));
  }

  @Property(tries = 2000)
  void aNumberWrittenWithItsCountryCodeIsFoundWithOrWithoutTheLeadsCountry(
      @ForAll("exampleNumbers") PhoneNumber number, @ForAll("countries") String country) {
    String e164 = UTIL.format(number, PhoneNumberFormat.E164);
    assertThat(Phones.toE164(e164, country)).isEqualTo(e164);
    assertThat(Phones.toE164(UTIL.format(number, PhoneNumberFormat.INTERNATIONAL), country))
        .isEqualTo(e164);
    assertThat(Phones.toE164(e164.substring(1), null)).isEqualTo(e164);
  }

  @Provide
  Arbitrary<PhoneNumber> exampleNumbers() {
    List<PhoneNumber> numbers =
        new TreeSet<>(UTIL.getSupportedRegions())
            .stream()
                .flatMap(
                    region ->
                        java.util.Arrays.stream(PhoneNumberType.values())
                            .map(type -> UTIL.getExampleNumberForType(region, type)))
                .filter(java.util.Objects::nonNull)
                .toList();
    return Arbitraries.of(numbers);
  }

  @Provide
  Arbitrary<List<String>> punctuatedDigits() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(16);
    return digits.flatMap(
        d ->
            Arbitraries.of(" ", "-", ".", "(", ")", " - ", "", "", "")
                .list()
                .ofSize(d.length())
                .map(
                    separators -> {
                      StringBuilder out = new StringBuilder();
                      for (int i = 0; i < d.length(); i++) {
                        out.append(d.charAt(i))
                            .append(i == d.length() - 1 ? "" : separators.get(i));
                      }
                      return List.of(d, out.toString());
                    }));
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
  Arbitrary<String> countries() {
    return Arbitraries.of(
        null, "US", "GB", "DE", "JP", "AU", "IT", "BR", "RU", "IN", "AR", "MX", "FR", "CN", "KR",
        "ZZ", "XX", "us", "001", "NZ", "SG");
  }

  private static PhoneNumber parse(String e164) {
    try {
      return UTIL.parse(e164, "ZZ");
    } catch (NumberParseException e) {
      throw new AssertionError(e);
    }
  }
}
