package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Countries}: any usual way of writing a country to its ISO 3166-1 alpha-2 code. */
class CountriesTest {

  // ---- examples

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // marketplace-leads.md: alpha-2 and alpha-3 in official samples, free text expected too
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
        "Deutschland;DE",
        "UK;GB",
        "Great Britain;GB",
        "United Kingdom;GB",
        "united-kingdom;GB",
        "GBR;GB",
        "Côte d’Ivoire;CI",
        "Cote d'Ivoire;CI",
        "Åland Islands;AX",
        "Aland Islands;AX",
        "Japan;JP",
        "AUS;AU",
        "South Korea;KR",
        "Türkiye;TR",
        "Holland;NL",
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
  void aNullOrOverlongCountryIsNull() {
    assertThat(Countries.toAlpha2(null)).isNull();
    assertThat(Countries.toAlpha2("United States" + " ".repeat(100))).isNull();
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

  @Test
  void isAlpha2KnowsOnlyUpperCaseIsoCodes() {
    assertThat(Countries.isAlpha2("DE")).isTrue();
    assertThat(Countries.isAlpha2("de")).isFalse();
    assertThat(Countries.isAlpha2("XX")).isFalse();
    assertThat(Countries.isAlpha2(null)).isFalse();
  }

  // ---- properties

  @Property(tries = 2000)
  void givesAnIsoAlpha2CodeOrNothingAndTheCodeMapsToItself(@ForAll("countryTexts") String raw) {
    String code = Countries.toAlpha2(raw);
    if (code != null) {
      assertThat(Countries.isAlpha2(code)).as(raw).isTrue();
      assertThat(Countries.toAlpha2(code)).isEqualTo(code);
    }
  }

  @Property(tries = 1000)
  void neverFailsOnAnyText(@ForAll @StringLength(max = 120) String raw) {
    Countries.toAlpha2(raw);
  }

  @Property(tries = 2000)
  void caseSpacingPunctuationAndAccentsDoNotMatter(
      @ForAll("names") String name, @ForAll("separators") String separator) {
    String code = Countries.toAlpha2(name);
    assertThat(code).as(name).isNotNull();
    assertThat(Countries.toAlpha2(name.toUpperCase(Locale.ROOT))).as(name).isEqualTo(code);
    assertThat(Countries.toAlpha2(name.toLowerCase(Locale.ROOT))).as(name).isEqualTo(code);
    assertThat(Countries.toAlpha2(name.replace(" ", separator))).as(name).isEqualTo(code);
    assertThat(Countries.toAlpha2("\t" + name + ". ")).as(name).isEqualTo(code);
    assertThat(Countries.toAlpha2(withoutAccents(name))).as(name).isEqualTo(code);
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> english =
        Arbitraries.of(Locale.getISOCountries())
            .map(code -> new Locale("", code).getDisplayCountry(Locale.ENGLISH));
    Arbitrary<String> written =
        Arbitraries.of(
            "United States of America",
            "Great Britain",
            "South Korea",
            "Côte d’Ivoire",
            "Viet Nam",
            "Czech Republic",
            "Democratic Republic of the Congo",
            "Türkiye",
            "Curaçao",
            "Réunion",
            "São Tomé & Príncipe",
            "St. Barthélemy");
    return Arbitraries.oneOf(english, written);
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of("", " ", "  ", "-", "_", ".", " / ", "\u00A0");
  }

  @Provide
  Arbitrary<String> countryTexts() {
    return Arbitraries.oneOf(
        names(),
        Arbitraries.of(Locale.getISOCountries()),
        Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(3),
        Arbitraries.strings().withChars("aeiouUSAKGBtnr .-'’é").ofMaxLength(20));
  }

  private static String withoutAccents(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
  }
}
