package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadOriginTest {

  @Test
  void readsABareSource() {
    LeadOrigin origin = LeadOrigin.of("AzureMarketplace", "INS", "Test Microsoft");
    assertThat(origin.source())
        .isEqualTo(new Source(SourceCode.AZURE_MARKETPLACE, "AzureMarketplace"));
    assertThat(origin.action()).isEqualTo(new Action(ActionCode.INS, "INS"));
    assertThat(origin.offer()).isEqualTo(new Offer(null, null, "Test Microsoft"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "AzureMarketplace-INS|checkpoint.check-point-r77-10sg-byol",
        "AzureMarketplace-INS | checkpoint.check-point-r77-10sg-byol",
        "AzureMarketplace - INS |checkpoint.check-point-r77-10sg-byol",
        "  AzureMarketplace-INS|  checkpoint.check-point-r77-10sg-byol  "
      })
  void readsSourceActionAndOfferWithOrWithoutSpaces(String leadSource) {
    LeadOrigin origin = LeadOrigin.of(leadSource, null, null);
    assertThat(origin.source().code()).isEqualTo(SourceCode.AZURE_MARKETPLACE);
    assertThat(origin.source().raw()).isEqualTo("AzureMarketplace");
    assertThat(origin.action()).isEqualTo(new Action(ActionCode.INS, "INS"));
    assertThat(origin.offer().publisherId()).isEqualTo("checkpoint");
    assertThat(origin.offer().offerId()).isEqualTo("check-point-r77-10sg-byol");
  }

  @ParameterizedTest
  @CsvSource({
    "bitnami.openedxcypress, bitnami, openedxcypress",
    "docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145, docusign, 3701c77e-1cfa-4c56-91e6-3ed0b622145",
    "contoso.offer.with.dots, contoso, offer.with.dots"
  })
  void splitsTheOfferOnTheFirstDotOnly(String offer, String publisherId, String offerId) {
    Offer parsed = LeadOrigin.of("SPZA-PLT|" + offer, null, null).offer();
    assertThat(parsed.publisherId()).isEqualTo(publisherId);
    assertThat(parsed.offerId()).isEqualTo(offerId);
    assertThat(parsed.id()).isEqualTo(offer);
  }

  @Test
  void keepsAnOfferThatIsNotAnIdAsTheTitle() {
    Offer offer = LeadOrigin.of("SPZA-PLT|Contoso Sales Insights", null, null).offer();
    assertThat(offer).isEqualTo(new Offer(null, null, "Contoso Sales Insights"));
    Offer placeholder =
        LeadOrigin.of("AzureMarketplace-INS|MSFT_TEST_636573304831318844", null, null).offer();
    assertThat(placeholder.title()).isEqualTo("MSFT_TEST_636573304831318844");
    assertThat(placeholder.publisherId()).isNull();
  }

  @Test
  void offerTitleFieldWinsOverTheLeadSourceOfferText() {
    Offer offer = LeadOrigin.of("SPZA-PLT|Old Name", null, "New Name").offer();
    assertThat(offer.title()).isEqualTo("New Name");
    Offer withId = LeadOrigin.of("SPZA-PLT|contoso.app", null, "Contoso App").offer();
    assertThat(withId).isEqualTo(new Offer("contoso", "app", "Contoso App"));
  }

  @Test
  void actionCodeWinsOverTheActionInsideLeadSource() {
    LeadOrigin origin = LeadOrigin.of("AzureMarketplace-PLT|a.b", "INS", null);
    assertThat(origin.action()).isEqualTo(new Action(ActionCode.INS, "INS"));
    assertThat(origin.stage()).isEqualTo(Stage.ACTIVE);
  }

  @Test
  void usesTheLeadSourceActionWhenActionCodeIsBlank() {
    assertThat(LeadOrigin.of("AzurePortal-Create|a.b", " ", null).action())
        .isEqualTo(new Action(ActionCode.CREATE, "Create"));
  }

  @ParameterizedTest
  @CsvSource({
    "AzureMarketplace, AZURE_MARKETPLACE",
    "azuremarketplace, AZURE_MARKETPLACE",
    "Azure Marketplace, AZURE_MARKETPLACE",
    "AzurePortal, AZURE_PORTAL",
    "SPZA, APPSOURCE",
    "spza, APPSOURCE",
    "AppSource, APPSOURCE",
    "TestDrive, TEST_DRIVE",
    "Dynamics365, UNKNOWN",
  })
  void codesKnownSources(String raw, SourceCode code) {
    assertThat(LeadOrigin.of(raw, null, null).source()).isEqualTo(new Source(code, raw));
  }

  @Test
  void keepsAnUnknownSourceVerbatim() {
    LeadOrigin origin = LeadOrigin.of("Partner-Referrals-PLT|x.y", null, null);
    assertThat(origin.source()).isEqualTo(new Source(SourceCode.UNKNOWN, "Partner-Referrals"));
    assertThat(origin.action().code()).isEqualTo(ActionCode.PLT);
  }

  @Test
  void keepsAnUnknownActionVerbatim() {
    LeadOrigin origin = LeadOrigin.of("AzureMarketplace", "Renew-Now", null);
    assertThat(origin.action()).isEqualTo(new Action(ActionCode.UNKNOWN, "Renew-Now"));
    assertThat(origin.stage()).isEqualTo(Stage.UNKNOWN);
  }

  @Test
  void toleratesMissingAndDegenerateLeadSources() {
    LeadOrigin none = LeadOrigin.of(null, null, null);
    assertThat(none.source()).isEqualTo(new Source(SourceCode.UNKNOWN, null));
    assertThat(none.action()).isEqualTo(new Action(ActionCode.UNKNOWN, null));
    assertThat(none.stage()).isEqualTo(Stage.UNKNOWN);
    assertThat(none.offer()).isEqualTo(new Offer(null, null, null));
    assertThat(ParsedLeadSource.parse("|"))
        .isEqualTo(new ParsedLeadSource(null, null, null, null, null));
    assertThat(ParsedLeadSource.parse("-INS|"))
        .isEqualTo(new ParsedLeadSource(null, "INS", null, null, null));
    assertThat(ParsedLeadSource.parse("SPZA-|a.b|c"))
        .isEqualTo(new ParsedLeadSource("SPZA", null, null, null, "a.b|c"));
  }

  @ParameterizedTest
  @CsvSource({
    "PLT, PLT, INITIAL_INTEREST",
    "INS, INS, ACTIVE",
    "ins, INS, ACTIVE",
    "Create, CREATE, ACTIVE",
    "CREATE, CREATE, ACTIVE",
    "StartTestDrive, START_TEST_DRIVE, TRIAL",
    "START_TEST_DRIVE, START_TEST_DRIVE, TRIAL",
    "DNC, DNC, DO_NOT_CONTACT",
    "XYZ, UNKNOWN, UNKNOWN",
  })
  void derivesTheStageFromTheAction(String raw, ActionCode code, Stage stage) {
    LeadOrigin origin = LeadOrigin.of("AzureMarketplace", raw, null);
    assertThat(origin.action().code()).isEqualTo(code);
    assertThat(origin.stage()).isEqualTo(stage);
    assertThat(code.stage()).isEqualTo(stage);
  }

  @Test
  void aTestDriveSourceWithoutAnActionHasAnUnknownStage() {
    assertThat(LeadOrigin.of("TestDrive", null, null).stage()).isEqualTo(Stage.UNKNOWN);
  }

  @Test
  void offerKeyIsTheLowerCaseIdElseTheNormalizedTitleElseEmpty() {
    assertThat(new Offer("Contoso", "App-1", "x").key()).isEqualTo("contoso.app-1");
    assertThat(new Offer(null, null, "  Contoso   Sales Insights ").key())
        .isEqualTo("contoso sales insights");
    assertThat(new Offer(null, null, "ＣＯＮＴＯＳＯ").key()).isEqualTo("contoso");
    assertThat(new Offer(null, null, null).key()).isEmpty();
  }
}
