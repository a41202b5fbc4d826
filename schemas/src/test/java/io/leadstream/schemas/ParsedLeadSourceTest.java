package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ParsedLeadSource}: {@code Source-Action | Offer} in its documented and seen shapes (how
 * the parts are coded and which one wins is {@link LeadOriginTest}'s).
 */
class ParsedLeadSourceTest {

  // ---- examples

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      nullValues = "null",
      value = {
        // marketplace-leads.md section 3: bare source, Source-Action, Source-Action | Offer
        "AzureMarketplace;AzureMarketplace;null;null;null;null",
        "SPZA-PLT;SPZA;PLT;null;null;null",
        "AzurePortal-Create | contoso.contoso-vm;AzurePortal;Create;contoso;contoso-vm;null",
        "AzurePortal-Create|contoso.contoso-vm;AzurePortal;Create;contoso;contoso-vm;null",
        "AzurePortal - Create |contoso.contoso-vm;AzurePortal;Create;contoso;contoso-vm;null",
        "SPZA|contoso.sales;SPZA;null;contoso;sales;null",
        // offer ids: split on the first dot only (dashes, digits, GUIDs, more dots after it)
        "SPZA-INS|checkpoint.check-point-r77-10sg-byol;SPZA;INS;checkpoint;check-point-r77-10sg-byol;null",
        "SPZA-INS|bitnami.openedxcypress;SPZA;INS;bitnami;openedxcypress;null",
        "SPZA-INS|docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145;SPZA;INS;docusign;3701c77e-1cfa-4c56-91e6-3ed0b622145;null",
        "SPZA-INS|a.b.c;SPZA;INS;a;b.c;null",
        // an unknown source may hold dashes: the action follows the last one
        "New-Channel-INS;New-Channel;INS;null;null;null",
        // not an id: a title or a test lead's placeholder
        "SPZA-PLT|Contoso Sales Cloud;SPZA;PLT;null;null;Contoso Sales Cloud",
        "AzureMarketplace-INS|MSFT_TEST_636573304831318844;AzureMarketplace;INS;null;null;MSFT_TEST_636573304831318844",
        "SPZA-PLT|.contoso;SPZA;PLT;null;null;.contoso",
        "SPZA-PLT|contoso.;SPZA;PLT;null;null;contoso.",
        // degenerate
        "-;null;null;null;null;null",
        "|;null;null;null;null;null",
        " - | ;null;null;null;null;null",
        "-PLT;null;PLT;null;null;null",
        "SPZA-;SPZA;null;null;null;null",
        "' ';null;null;null;null;null",
      })
  void splitsSourceActionAndOffer(
      String raw,
      String source,
      String action,
      String publisherId,
      String offerId,
      String offerText) {
    assertThat(ParsedLeadSource.parse(raw))
        .as(raw)
        .isEqualTo(new ParsedLeadSource(source, action, publisherId, offerId, offerText));
  }

  // ---- properties

  @Property(tries = 3000)
  void neverFailsAndEveryPartIsCleanText(@ForAll("leadSources") String raw) {
    ParsedLeadSource parsed = ParsedLeadSource.parse(raw);
    for (String part : parts(parsed)) {
      if (part != null) {
        assertThat(Text.clean(part)).isEqualTo(part);
      }
    }
    assertThat(parsed.action() == null || !parsed.action().contains("-")).isTrue();
  }

  @Property(tries = 1000)
  void neverFailsOnAnyText(@ForAll @StringLength(max = 80) String raw) {
    ParsedLeadSource.parse(raw);
  }

  @Property(tries = 3000)
  void anOfferIsEitherAnIdSplitOnItsFirstDotOrAText(@ForAll("leadSources") String raw) {
    ParsedLeadSource parsed = ParsedLeadSource.parse(raw);
    if (parsed.publisherId() != null) {
      assertThat(parsed.offerId()).isNotNull();
      assertThat(parsed.offerText()).isNull();
      assertThat(parsed.publisherId()).doesNotContain(".", " ");
      assertThat(parsed.offerId()).doesNotContain(" ");
    } else {
      assertThat(parsed.offerId()).isNull();
    }
  }

  @Property(tries = 2000)
  void spacesAroundTheSeparatorsDoNotMatter(
      @ForAll("tokens") String source,
      @ForAll("tokens") String action,
      @ForAll("offers") String offer,
      @ForAll("spaces") String space) {
    ParsedLeadSource tight = ParsedLeadSource.parse(source + "-" + action + "|" + offer);
    ParsedLeadSource loose =
        ParsedLeadSource.parse(
            space + source + space + "-" + space + action + space + "|" + space + offer + space);
    assertThat(loose).isEqualTo(tight);
    assertThat(tight.source()).isEqualTo(source);
    assertThat(tight.action()).isEqualTo(action);
  }

  @Property(tries = 2000)
  void anOfferIdIsSplitIntoPublisherAndOfferOnTheFirstDot(
      @ForAll("publishers") String publisher, @ForAll("offerIds") String offerId) {
    ParsedLeadSource parsed = ParsedLeadSource.parse("SPZA-INS | " + publisher + "." + offerId);
    assertThat(parsed.publisherId()).isEqualTo(publisher);
    assertThat(parsed.offerId()).isEqualTo(offerId);
    assertThat(parsed.offerText()).isNull();
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings().withChars("ABCabz019_").ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<String> publishers() {
    return Arbitraries.strings().withChars("abcXYZ019-_").ofMaxLength(12).map(rest -> "p" + rest);
  }

  @Provide
  Arbitrary<String> offerIds() {
    return Arbitraries.strings().withChars("abcXYZ019-_.").ofMaxLength(30).map(rest -> "7" + rest);
  }

  @Provide
  Arbitrary<String> offers() {
    return Arbitraries.oneOf(
        Arbitraries.of("contoso.sales", "Contoso Sales", "MSFT_TEST_636573304831318844"),
        publishers().map(p -> p + ".o"));
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.of("", " ", "  ", "\t", "\u00A0");
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
            ".a",
            "\t")
        .list()
        .ofMaxSize(8)
        .map(parts -> String.join("", parts));
  }

  private static Iterable<String> parts(ParsedLeadSource parsed) {
    return Arrays.asList(
        parsed.source(),
        parsed.action(),
        parsed.publisherId(),
        parsed.offerId(),
        parsed.offerText());
  }
}
