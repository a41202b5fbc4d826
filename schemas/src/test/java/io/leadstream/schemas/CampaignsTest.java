package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link Campaigns}: a Description split into the customer's notes and campaign parameters. */
class CampaignsTest {

  // ---- examples: the shapes of marketplace-leads.md section 2

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
  void takesTheNotesOfAJsonObjectFromItsFirstNonBlankNotesProperty() {
    DescriptionParts parts =
        Campaigns.split(
            " {\"Notes\":\" \",\"Comments\":\"  call me \",\"description\":\"later\","
                + "\"mktcmpid\":null,\"trial\":true,\"list\":[1]} ");
    assertThat(parts.notes()).isEqualTo("call me");
    assertThat(parts.campaign()).containsExactly(Map.entry("trial", "true"));
  }

  @Test
  void readsTextThatOnlyLooksLikeJsonAsText() {
    assertThat(Campaigns.split("{not json").notes()).isEqualTo("{not json");
    DescriptionParts trailing = Campaigns.split("{\"src\":\"x\"} and more");
    assertThat(trailing.notes()).isEqualTo("{\"src\":\"x\"} and more");
    assertThat(trailing.campaign()).isEmpty();
    assertThat(Campaigns.split("[\"src\"]").notes()).isEqualTo("[\"src\"]");
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
  }

  @Test
  void aDescriptionOfPairsWithSpacesOrControlsAtItsEndsIsStillPairs() {
    assertThat(Campaigns.split("a=1 src=2 \u0085"))
        .isEqualTo(new DescriptionParts(null, Map.of("a", "1", "src", "2")));
    assertThat(Campaigns.split("\uFEFF\u00A0src=2\u2028"))
        .isEqualTo(new DescriptionParts(null, Map.of("src", "2")));
  }

  @Test
  void readsPairsAfterACampaignsLabelInAnyCase() {
    assertThat(Campaigns.split("Campaigns: src=ads; ocid=AID123").campaign())
        .containsExactly(Map.entry("src", "ads"), Map.entry("ocid", "AID123"));
    DescriptionParts utm = Campaigns.split("UTM : utm_source=x, utm_medium=y");
    assertThat(utm.campaign())
        .containsExactly(Map.entry("utm_source", "x"), Map.entry("utm_medium", "y"));
    assertThat(utm.notes()).isNull();
    assertThat(Campaigns.split("campaign parameters:cmpid=7").campaign())
        .containsExactly(Map.entry("cmpid", "7"));
  }

  @Test
  void readsAListingQueryString() {
    DescriptionParts parts = Campaigns.split("?mktcmpid=abc&src=mail&ocid=x ;");
    assertThat(parts.campaign())
        .containsExactly(
            Map.entry("mktcmpid", "abc"), Map.entry("src", "mail"), Map.entry("ocid", "x"));
    assertThat(parts.notes()).isNull();
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
  void anyUtmParameterIsKnown() {
    DescriptionParts parts = Campaigns.split("Please call, utm_foo=bar; x=1 thanks");
    assertThat(parts.campaign()).containsExactly(Map.entry("utm_foo", "bar"));
    assertThat(parts.notes()).isEqualTo("Please call, x=1 thanks");
  }

  @Test
  void tidiesTheSeparatorsLeftWhereParametersWereTakenOut() {
    assertThat(Campaigns.split("Call me, src=x, ; please").notes()).isEqualTo("Call me, please");
    DescriptionParts parts = Campaigns.split("src=a&&&  ,, ; mktcmpid=b. hello ,, ; world ;\n");
    assertThat(parts.notes()).isEqualTo("hello, world");
    assertThat(parts.campaign()).containsExactly(Map.entry("src", "a"), Map.entry("mktcmpid", "b"));
    assertThat(Campaigns.split("text src=a ;\u0085").notes()).isEqualTo("text");
  }

  @Test
  void onlyTheCampaignLabelsAreDroppedFromTheNotes() {
    assertThat(Campaigns.split("Note: src=x").notes()).isEqualTo("Note:");
    // Labels are ASCII: a long s is no s here.
    assertThat(Campaigns.split("campaign\u017F: src=x").notes()).isEqualTo("campaign\u017F:");
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
    // marketplace-leads.md: Description has been seen blank (" ")
    assertThat(Campaigns.split("  line one\nline two  ").notes()).isEqualTo("line one\nline two");
    assertThat(Campaigns.split(" ")).isEqualTo(new DescriptionParts(null, Map.of()));
    assertThat(Campaigns.split(null)).isEqualTo(new DescriptionParts(null, Map.of()));
  }

  @Test
  void lowerCasesKeysDecodesValuesAndKeepsTheFirstOccurrence() {
    assertThat(Campaigns.split("SRC=a+b&Src=c&MktCmpId=x%2Fy").campaign())
        .containsExactly(Map.entry("src", "a b"), Map.entry("mktcmpid", "x/y"));
    assertThat(Campaigns.split("src=100%&ocid=%zz").campaign())
        .containsExactly(Map.entry("src", "100%"), Map.entry("ocid", "%zz"));
  }

  @Test
  void aValueEndsBeforeTheSentenceThatFollowsIt() {
    assertThat(Campaigns.split("We came via src=linkedin! Call us.").campaign())
        .containsExactly(Map.entry("src", "linkedin"));
    assertThat(Campaigns.split("(see src=ads) thanks").campaign())
        .containsExactly(Map.entry("src", "ads"));
  }

  @Test
  void aKeyStartsWithALetterAfterASeparatorAndIsAtMost64Characters() {
    assertThat(Campaigns.split("a".repeat(64) + "=x src=y").campaign())
        .containsKeys("a".repeat(64), "src");
    assertThat(Campaigns.split("a".repeat(65) + "=x src=y").campaign()).containsOnlyKeys("src");
    assertThat(Campaigns.split("hello 9src=1").campaign()).isEmpty();
    assertThat(Campaigns.split("hello %20src=1").campaign()).isEmpty();
  }

  @Test
  void limitsHowManyParametersAndHowLongAValueIsKept() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      many.append("utm_k").append(i).append("=v").append(i).append('&');
    }
    assertThat(Campaigns.split(many.toString()).campaign()).hasSize(64).containsKey("utm_k63");
    String longValue = "v".repeat(2000);
    assertThat(Campaigns.split("src=" + longValue).campaign().get("src")).hasSize(1024);
    assertThat(Campaigns.split("{\"src\":\"" + longValue + "\"}").campaign().get("src"))
        .hasSize(1024);
  }

  @Test
  void descriptionPartsToStringShowsKeysOnly() {
    assertThat(Campaigns.split("Call Jane on 555-0100. src=x").toString())
        .doesNotContain("Jane", "555")
        .contains("src");
  }

  // ---- properties

  @Property(tries = 3000)
  void neverFailsAndKeepsKeysLowerCaseAndValuesBounded(@ForAll("descriptions") String text) {
    checkShape(Campaigns.split(text));
  }

  @Property(tries = 1000)
  void neverFailsOnAnyText(@ForAll @StringLength(max = 200) String text) {
    checkShape(Campaigns.split(text));
  }

  @Property(tries = 2000)
  void surroundingWhitespaceDoesNotMatter(@ForAll("descriptions") String text) {
    assertThat(Campaigns.split(" \t\n" + text + "\r\n ")).isEqualTo(Campaigns.split(text));
  }

  @Property(tries = 2000)
  void textWithoutAnEqualsSignIsNotesVerbatim(@ForAll("descriptions") String text) {
    if (text.indexOf('=') < 0 && !Text.strip(text).startsWith("{") && !Text.isBlank(text)) {
      assertThat(Campaigns.split(text)).isEqualTo(new DescriptionParts(Text.strip(text), Map.of()));
    }
  }

  /** Every known parameter is taken out of free text: splitting its notes again finds none. */
  @Property(tries = 2000)
  void theNotesOfFreeTextHoldNoKnownParameter(@ForAll("descriptions") String text) {
    DescriptionParts parts = Campaigns.split(text);
    if (parts.notes() != null && !Text.strip(text).startsWith("{")) {
      assertThat(Campaigns.split(parts.notes()).campaign().keySet())
          .as(text)
          .noneMatch(key -> Campaigns.KNOWN_KEYS.contains(key) || key.startsWith("utm_"));
    }
  }

  @Property(tries = 2000)
  void aKnownParameterIsTakenOutOfAnyFreeText(
      @ForAll("words") String words,
      @ForAll("knownKeys") String key,
      @ForAll("values") String value,
      @ForAll boolean first) {
    String pair = (first ? key.toUpperCase(Locale.ROOT) : key) + "=" + value;
    DescriptionParts parts = Campaigns.split(first ? pair + " " + words : words + " " + pair);
    assertThat(parts.campaign()).containsExactly(Map.entry(key, value));
    assertThat(parts.notes()).isEqualTo(Text.clean(words));
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.strings()
        .withChars("abcdefXYZ 019")
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(w -> !w.isBlank());
  }

  @Provide
  Arbitrary<String> knownKeys() {
    return Arbitraries.oneOf(
        Arbitraries.of(Campaigns.KNOWN_KEYS),
        Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(8).map(k -> "utm_" + k));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars("abcXYZ019-_").ofMinLength(1).ofMaxLength(20);
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

  private static void checkShape(DescriptionParts parts) {
    assertThat(parts.campaign()).hasSizeLessThanOrEqualTo(64);
    parts
        .campaign()
        .forEach(
            (key, value) -> {
              assertThat(key).isNotEmpty().isEqualTo(key.toLowerCase(Locale.ROOT));
              assertThat(value).isNotNull().hasSizeLessThanOrEqualTo(1024);
            });
    if (parts.notes() != null) {
      assertThat(parts.notes()).isNotBlank().isEqualTo(parts.notes().strip());
    }
  }
}
