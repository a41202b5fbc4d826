package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Emails}: the address as sent, an identity form, the domain and the free-mail verdict. */
class EmailsTest {

  // ---- examples

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
    EmailAddress both = Emails.normalize(" MAILTO: <A@Contoso.com> ");
    assertThat(both.address()).isEqualTo("A@Contoso.com");
    assertThat(both.identity()).isEqualTo("a@contoso.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-email",
        "@contoso.com",
        "a@",
        "a@contoso",
        "a@@contoso.com",
        "a@b@contoso.com",
        "a b@contoso.com",
        ".a@contoso.com",
        "a.@contoso.com",
        "a..b@contoso.com",
        "a@-contoso.com",
        "a@contoso-.com",
        "a@contoso..com",
        "a@.contoso.com",
        "a@contoso.c",
        "a@contoso.123",
        "a(b)@contoso.com",
        "\"a\"@contoso.com",
        "a@cont_oso.com",
        "a@[192.0.2.1]",
        "mailto:mailto:a@contoso.com"
      })
  void rejectsInvalidEmailSyntaxButKeepsTheText(String raw) {
    EmailAddress email = Emails.normalize(raw);
    assertThat(email.valid()).as(raw).isFalse();
    assertThat(email.identity()).isNull();
    assertThat(email.domain()).isNull();
    assertThat(email.address()).isEqualTo(raw.replaceFirst("^mailto:", ""));
    assertThat(email.business()).isFalse();
    assertThat(email.freeMail()).isFalse();
  }

  @Test
  void limitsTheLocalPartTheLabelsAndTheWholeAddress() {
    assertThat(Emails.normalize("a".repeat(64) + "@contoso.com").valid()).isTrue();
    assertThat(Emails.normalize("a".repeat(65) + "@contoso.com").valid()).isFalse();
    assertThat(Emails.normalize("a@" + "b".repeat(63) + ".com").valid()).isTrue();
    assertThat(Emails.normalize("a@" + "b".repeat(64) + ".com").valid()).isFalse();
    String longDomain = ("d".repeat(60) + ".").repeat(4) + "com"; // 247 characters
    assertThat(Emails.normalize("abcd@" + longDomain).valid()).isTrue(); // 252
    assertThat(Emails.normalize("abcdefg@" + longDomain).valid()).isFalse(); // 255
  }

  @Test
  void acceptsATrailingDotOnTheDomainAndDropsIt() {
    EmailAddress email = Emails.normalize("a@Contoso.com.");
    assertThat(email.valid()).isTrue();
    assertThat(email.domain()).isEqualTo("contoso.com");
    assertThat(email.identity()).isEqualTo("a@contoso.com");
  }

  @Test
  void acceptsUnicodeLocalPartsAndInternationalizedDomains() {
    EmailAddress email = Emails.normalize("José.Müller@Bücher.example");
    assertThat(email.valid()).isTrue();
    assertThat(email.domain()).isEqualTo("xn--bcher-kva.example");
    assertThat(email.identity()).isEqualTo("josé.müller@xn--bcher-kva.example");
    assertThat(Emails.normalize("a@example.xn--p1ai").domain()).isEqualTo("example.xn--p1ai");
    assertThat(Emails.normalize("a@exa mple.com").valid()).isFalse();
  }

  @Test
  void foldsCompatibilityFormsOfTheLocalPartForIdentity() {
    assertThat(Emails.normalize("ＳＡＭ@contoso.com").identity()).isEqualTo("sam@contoso.com");
  }

  @ParameterizedTest
  @CsvSource({
    "someone@gmail.com, false",
    "someone@outlook.com, false",
    "someone@hotmail.com, false",
    "someone@yahoo.com, false",
    "someone@GMAIL.COM, false",
    "someone@yahoo.co.uk, false",
    "someone@mail.gmail.com, false",
    "someone@contoso.com, true",
    "someone@gmail.contoso.com, true",
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
    assertThat(Emails.isFreeMail("GMail.com")).isTrue();
    assertThat(Emails.isFreeMail("contoso.com")).isFalse();
    assertThat(Emails.isFreeMail("com")).isFalse();
    assertThat(Emails.isFreeMail(null)).isFalse();
  }

  @Test
  void theDocumentedTestLeadEmailIsAValidFreeMailAddress() {
    // marketplace-leads.md section 4: MSFT_TEST_<18 digits>@test.com
    EmailAddress email = Emails.normalize("MSFT_TEST_636573304831318844@test.com");
    assertThat(email.valid()).isTrue();
    assertThat(email.identity()).isEqualTo("msft_test_636573304831318844@test.com");
    assertThat(email.business()).isFalse();
  }

  @Test
  void aBlankEmailIsAbsent() {
    assertThat(Emails.normalize(" ")).isEqualTo(new EmailAddress(null, null, null, false, false));
    assertThat(Emails.normalize("mailto: "))
        .isEqualTo(new EmailAddress(null, null, null, false, false));
    assertThat(Emails.normalize(null).address()).isNull();
  }

  @Test
  void anEmailAddressPrintsOnlyItsVerdicts() {
    assertThat(Emails.normalize("sam@contoso.com").toString())
        .doesNotContain("sam", "contoso")
        .contains("valid=true");
  }

  // ---- properties

  @Property(tries = 3000)
  void neverFailsAndAnInvalidAddressHasNoIdentityDomainOrVerdict(@ForAll("emails") String raw) {
    EmailAddress email = Emails.normalize(raw);
    if (!email.valid()) {
      assertThat(email.identity()).isNull();
      assertThat(email.domain()).isNull();
      assertThat(email.freeMail()).isFalse();
    }
    assertThat(email.business()).isEqualTo(email.valid() && !email.freeMail());
  }

  @Property(tries = 1000)
  void neverFailsOnAnyText(@ForAll @StringLength(max = 300) String raw) {
    Emails.normalize(raw);
  }

  @Property(tries = 3000)
  void aValidAddressHasALowerCaseAsciiDomainThatEndsItsIdentity(@ForAll("emails") String raw) {
    EmailAddress email = Emails.normalize(raw);
    if (email.valid()) {
      assertThat(email.domain()).matches("[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63})+");
      assertThat(email.identity()).endsWith("@" + email.domain());
      assertThat(email.identity()).isEqualTo(email.identity().toLowerCase(Locale.ROOT));
      assertThat(email.address()).isEqualTo(Text.clean(email.address()));
    }
  }

  @Property(tries = 3000)
  void normalizingAValidAddressOrItsIdentityAgainChangesNothing(@ForAll("emails") String raw) {
    EmailAddress email = Emails.normalize(raw);
    if (email.valid()) {
      assertThat(Emails.normalize(email.address())).isEqualTo(email);
      EmailAddress again = Emails.normalize(email.identity());
      assertThat(again.identity()).isEqualTo(email.identity());
      assertThat(again.domain()).isEqualTo(email.domain());
      assertThat(again.freeMail()).isEqualTo(email.freeMail());
    }
  }

  @Property(tries = 2000)
  void identityIgnoresAsciiCaseAndSurroundingSpaces(@ForAll("emails") String raw) {
    EmailAddress email = Emails.normalize(raw);
    assertThat(Emails.normalize(raw.toUpperCase(Locale.ROOT)).identity())
        .isEqualTo(Emails.normalize(raw.toLowerCase(Locale.ROOT)).identity());
    assertThat(Emails.normalize(" \t" + raw + "\u00A0\n")).isEqualTo(email);
  }

  @Property(tries = 1000)
  void everySubdomainOfAFreeMailDomainIsFreeMail(@ForAll("labels") String label) {
    assertThat(Emails.normalize("sam@" + label + ".gmail.com").freeMail()).isTrue();
    assertThat(Emails.normalize("sam@" + label + ".outlook.com").business()).isFalse();
  }

  @Provide
  Arbitrary<String> labels() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
            Arbitraries.strings().withChars("abc123-").ofMaxLength(10),
            Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(2))
        .as((a, b, c) -> a + b + c);
  }

  @Provide
  Arbitrary<String> emails() {
    Arbitrary<String> tokens =
        Arbitraries.of(
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
                "a-",
                "ＳＡＭ",
                "\u00A0")
            .list()
            .ofMaxSize(10)
            .map(parts -> String.join("", parts));
    Arbitrary<String> wellFormed =
        Combinators.combine(
                Arbitraries.strings().withChars("abcXYZ019._+-").ofMinLength(1).ofMaxLength(20),
                labels(),
                Arbitraries.of("com", "co.uk", "example", "gmail.com", "edu", "xn--p1ai"))
            .as((local, label, tld) -> local + "@" + label + "." + tld);
    return Arbitraries.oneOf(tokens, wellFormed);
  }
}
