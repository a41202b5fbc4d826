package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.Fixtures.Expectation;
import io.leadstream.schemas.Fixtures.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixturesTest {

  private static final Path FOLDER = Path.of("src/main/resources/io/leadstream/schemas/fixtures");

  static Stream<Fixture> fixtures() {
    return Fixtures.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyFixtureParsesAndNormalizesAsItsIndexEntrySays(Fixture fixture) {
    Expectation expect = fixture.expect();
    if (fixture.rejected()) {
      assertThatThrownBy(() -> PartnerCenterParser.parse(fixture.bytes()))
          .isInstanceOfSatisfying(
              LeadParseException.class, e -> assertThat(e.reason()).isEqualTo(expect.reason()));
      return;
    }
    NormalizedLead lead = parse(fixture);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(lead.source().code()).as("source").isEqualTo(expect.source());
    if (expect.sourceRaw() != null) {
      soft.assertThat(lead.source().raw()).as("source.raw").isEqualTo(expect.sourceRaw());
    }
    soft.assertThat(lead.action().code()).as("action").isEqualTo(expect.action());
    if (expect.actionRaw() != null) {
      soft.assertThat(lead.action().raw()).as("action.raw").isEqualTo(expect.actionRaw());
    }
    soft.assertThat(lead.stage()).as("stage").isEqualTo(expect.stage());
    soft.assertThat(lead.test()).as("test").isEqualTo(expect.test());
    soft.assertThat(lead.identity() == null ? null : lead.identity().kind())
        .as("identity")
        .isEqualTo(expect.identity());
    Customer customer = lead.customer();
    checkIfSet(soft, "publisherId", lead.offer().publisherId(), expect.publisherId());
    checkIfSet(soft, "offerId", lead.offer().offerId(), expect.offerId());
    checkIfSet(soft, "offer.title", lead.offer().title(), expect.offerTitle());
    checkIfSet(soft, "country", customer.country(), expect.country());
    checkIfSet(soft, "phone", customer.phone(), expect.phone());
    checkIfSet(soft, "emailDomain", customer.emailDomain(), expect.emailDomain());
    checkIfSet(soft, "businessEmail", customer.businessEmail(), expect.businessEmail());
    checkIfSet(soft, "firstName", customer.firstName(), expect.firstName());
    checkIfSet(soft, "company", customer.company(), expect.company());
    if (expect.notes() != null) {
      soft.assertThat(lead.notes() != null).as("has notes").isEqualTo(expect.notes());
    }
    if (expect.campaign() != null) {
      soft.assertThat(lead.campaign()).as("campaign").isEqualTo(expect.campaign());
    }
    soft.assertAll();
  }

  @Test
  void everyFixtureFileIsListedInTheIndexAndDescribedInTheReadme() throws IOException {
    String readme = Files.readString(FOLDER.resolve("README.md"), StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.list(FOLDER)) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.endsWith(".json") && !n.equals("index.json"))
                  .sorted())
          .containsExactlyInAnyOrderElementsOf(Fixtures.all().stream().map(Fixture::file).toList());
    }
    for (Fixture fixture : Fixtures.all()) {
      assertThat(readme).contains("`" + fixture.name() + "`");
    }
  }

  @Test
  void fixturesCoverEveryCaseTheIssueNames() {
    assertThat(Fixtures.all())
        .extracting(Fixture::name)
        .contains(
            "documented-sample",
            "faq-test-lead",
            "faq-test-lead-camelcase",
            "dnc-cross-listing",
            "contact-me-with-notes",
            "azure-portal-create",
            "test-drive",
            "unknown-action",
            "edu-blank-contacts",
            "extra-properties",
            "unicode-names",
            "broken-json",
            "json-array");
    assertThat(Fixtures.get("documented-sample").bytes()).isNotEmpty();
    assertThat(Fixtures.accepted()).noneMatch(Fixture::rejected);
  }

  @Test
  void brokenJsonFixtureIsRejectedWithLineAndColumn() {
    assertThatThrownBy(() -> PartnerCenterParser.parse(Fixtures.get("broken-json").bytes()))
        .isInstanceOf(LeadParseException.class)
        .hasMessage("broken JSON at line 7, column 3: missing comma between values");
  }

  @Test
  void jsonArrayFixtureIsRejectedAsNotAnObject() {
    assertThatThrownBy(() -> PartnerCenterParser.parse(Fixtures.get("json-array").bytes()))
        .isInstanceOf(LeadParseException.class)
        .hasMessage("expected a JSON object, got a JSON array at line 1, column 1");
  }

  @Test
  void gatewayCheckAgreesWithTheParserOnEveryFixture() {
    for (Fixture fixture : Fixtures.all()) {
      var rejection = JsonBodies.checkObject(fixture.bytes());
      assertThat(rejection.isPresent()).as(fixture.name()).isEqualTo(fixture.rejected());
      rejection.ifPresent(
          r -> assertThat(DeadLetterReason.of(r.problem())).isEqualTo(fixture.expect().reason()));
    }
  }

  private static void checkIfSet(SoftAssertions soft, String what, Object actual, Object expected) {
    if (expected != null) {
      soft.assertThat(actual).as(what).isEqualTo(expected);
    }
  }

  static NormalizedLead parse(Fixture fixture) {
    try {
      return LeadNormalizer.parseAndNormalize(fixture.bytes());
    } catch (LeadParseException e) {
      throw new AssertionError(fixture.name() + " was rejected: " + e.getMessage(), e);
    }
  }
}
