package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link Text}: display values keep what was sent but spacing; comparison keys fold the rest. */
class TextTest {

  // ---- examples

  @Test
  void cleansNamesKeepingUnicode() {
    assertThat(Text.clean("  José \u00A0 Müller\t")).isEqualTo("José Müller");
    assertThat(Text.clean("株式会社 サンプル")).isEqualTo("株式会社 サンプル");
    assertThat(Text.clean("Plain")).isSameAs("Plain");
    assertThat(Text.clean(" \u200B ")).isNull();
    assertThat(Text.clean(null)).isNull();
  }

  @Test
  void collapsesLineBreaksControlCharactersAndInvisibleSpacesToOneSpace() {
    assertThat(Text.clean("Sam\r\n\tSample")).isEqualTo("Sam Sample");
    assertThat(Text.clean("Sam\u0000Sample")).isEqualTo("Sam Sample");
    assertThat(Text.clean("Sam\u200BSample")).isEqualTo("Sam Sample");
    assertThat(Text.clean("\uFEFFContoso")).isEqualTo("Contoso");
    assertThat(Text.clean("Contoso\u3000Ltd\u2028")).isEqualTo("Contoso Ltd");
  }

  @Test
  void comparisonKeysIgnoreCaseSpacingAndCompatibilityForms() {
    assertThat(Text.key("  ＡＣＭＥ   Corp ")).isEqualTo("acme corp");
    assertThat(Text.key("ﬁne")).isEqualTo("fine");
    assertThat(Text.key(" ")).isNull();
    assertThat(Text.key(null)).isNull();
  }

  @Test
  void comparisonKeysDoNotDependOnTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      // Turkish lower-cases I to a dotless i.
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertThat(Text.key("TITLE")).isEqualTo("title");
      assertThat(Text.alphanumericLower("INS")).isEqualTo("ins");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void alphanumericLowerKeepsOnlyLettersAndDigits() {
    assertThat(Text.alphanumericLower("AppSource (SPZA)")).isEqualTo("appsourcespza");
    assertThat(Text.alphanumericLower("Start_Test-Drive 2")).isEqualTo("starttestdrive2");
    assertThat(Text.alphanumericLower(" -_ ")).isEmpty();
  }

  @Test
  void blankMeansNullEmptyOrOnlySpaces() {
    assertThat(Text.isBlank(null)).isTrue();
    assertThat(Text.isBlank("")).isTrue();
    assertThat(Text.isBlank(" \t\u00A0\u200B\n")).isTrue();
    assertThat(Text.isBlank(" x ")).isFalse();
  }

  // ---- properties

  @Property(tries = 2000)
  void cleaningTwiceChangesNothing(@ForAll("texts") String text) {
    String once = Text.clean(text);
    assertThat(Text.clean(once)).isEqualTo(once);
  }

  @Property(tries = 2000)
  void aCleanValueHasNoSpaceAtItsEndsNoRunOfSpacesAndNoOtherSpaceCharacter(
      @ForAll("texts") String text) {
    String clean = Text.clean(text);
    if (clean == null) {
      assertThat(text == null || text.chars().allMatch(c -> isSpace((char) c))).isTrue();
      return;
    }
    assertThat(clean).isNotEmpty().doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
    assertThat(clean.chars().filter(c -> c != ' ').noneMatch(c -> isSpace((char) c))).isTrue();
  }

  @Property(tries = 2000)
  void cleaningKeepsEveryOtherCharacterInOrder(@ForAll("texts") String text) {
    String clean = Text.clean(text);
    assertThat(withoutSpaces(clean == null ? "" : clean)).isEqualTo(withoutSpaces(text));
  }

  @Property(tries = 2000)
  void keyingTwiceChangesNothing(@ForAll("texts") String text) {
    String once = Text.key(text);
    assertThat(Text.key(once)).as("%s", once).isEqualTo(once);
  }

  @Property(tries = 1000)
  void keysIgnoreAsciiCaseAndSpacing(@ForAll("asciiWords") String words) {
    String key = Text.key(words);
    assertThat(Text.key(words.toUpperCase(Locale.ROOT))).isEqualTo(key);
    assertThat(Text.key(" \t" + words.replace(" ", " \u00A0\n ") + "\r\n")).isEqualTo(key);
    if (key != null) {
      assertThat(key).isEqualTo(key.toLowerCase(Locale.ROOT));
    }
  }

  @Property(tries = 1000)
  void neverFailsOnAnyText(@ForAll @StringLength(max = 80) String text) {
    Text.clean(text);
    Text.key(text);
    Text.alphanumericLower(text);
    Text.isBlank(text);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(
            "a", "B", "Zz", " ", "  ", "\t", "\n", "\u0000", "\u001F", "\u007F", "\u0080", "\u0085",
            "\u00A0", "\u200B", "\uFEFF", "\u2028", "\u3000", "é", "ＡＣＭＥ", "ﬁ", "~", "!", "İ",
            "\u00A8", "\u212A", "ſ", "ß", "Σ")
        .list()
        .ofMaxSize(10)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> asciiWords() {
    return Arbitraries.strings().withChars("abcXYZ019 .-_@").ofMaxLength(30);
  }

  /** The spaces of {@link Text#clean}: whitespace, space separators, controls, ZWSP and BOM. */
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || Character.isISOControl(c)
        || c == '\u200B'
        || c == '\uFEFF';
  }

  private static String withoutSpaces(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().filter(c -> !isSpace((char) c)).forEach(c -> out.append((char) c));
    return out.toString();
  }
}
