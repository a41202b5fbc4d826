package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.leadstream.schemas.Fixtures.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture, and every record built from one, against its JSON Schema (draft 2020-12). */
class JsonSchemaValidationTest {

  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .formatAssertionsEnabled(true)
          .build();

  static JsonSchema schema(String file) {
    return FACTORY.getSchema(LeadSchemas.text(file), CONFIG);
  }

  static Set<String> errors(String schemaFile, JsonNode instance) {
    return schema(schemaFile).validate(instance).stream()
        .map(m -> m.getInstanceLocation() + " " + m.getMessage())
        .collect(Collectors.toSet());
  }

  static Stream<Fixture> fixtures() {
    return Fixtures.all().stream();
  }

  static Stream<Fixture> accepted() {
    return Fixtures.accepted().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyFixtureValidatesAgainstThePartnerCenterSchemaOrShowsItsDocumentedFailure(
      Fixture fixture) throws IOException {
    JsonNode body;
    try {
      body = PLAIN.readTree(fixture.bytes());
    } catch (JsonProcessingException e) {
      assertThat(fixture.schema().valid()).as("parseable").isFalse();
      assertThat(fixture.schema().failure()).startsWith("not JSON");
      return;
    }
    Set<ValidationMessage> messages = schema(LeadSchemas.PARTNER_CENTER_BODY).validate(body);
    if (fixture.schema().valid()) {
      assertThat(messages).as(fixture.name()).isEmpty();
    } else {
      assertThat(messages).as(fixture.name()).isNotEmpty();
      assertThat(fixture.schema().failure()).isNotBlank();
      if (fixture.schema().pointer() != null) {
        assertThat(messages)
            .extracting(m -> m.getInstanceLocation().toString())
            .contains(fixture.schema().pointer());
      }
    }
  }

  @Test
  void thePartnerCenterSchemaChecksCamelCaseNamesToo() throws IOException {
    JsonNode wrong = PLAIN.readTree("{\"userDetails\":{\"email\":42},\"actionCode\":[]}");
    assertThat(schema(LeadSchemas.PARTNER_CENTER_BODY).validate(wrong))
        .extracting(m -> m.getInstanceLocation().toString())
        .contains("/userDetails/email", "/actionCode");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void theLeadEventOfEveryAcceptedFixtureValidates(Fixture fixture) throws Exception {
    NormalizedLead lead = LeadNormalizer.parseAndNormalize(fixture.bytes());
    LeadEvent event =
        LeadEvent.newLead(
            LeadIds.devDefault().leadId(lead, "in_" + fixture.name()),
            lead,
            new Ingest("in_" + fixture.name(), RawHeaders.CHANNEL_IMPORT),
            Instant.parse("2025-03-01T10:15:30.123Z"),
            LeadEvent.DEFAULT_FOLLOW_UP_SLA);
    assertThat(
            errors(LeadSchemas.LEAD_EVENT_V1, json(LeadSerdes.leadEvent().serialize("t", event))))
        .isEmpty();
    LeadEvent enriched =
        event
            .withRouting(new Routing("NA", "owner", null))
            .withQualification(new Qualification(false, 10, List.of("free-mail")));
    assertThat(
            errors(
                LeadSchemas.LEAD_EVENT_V1, json(LeadSerdes.leadEvent().serialize("t", enriched))))
        .isEmpty();
  }

  @Test
  void theLeadEventSchemaRejectsWhatTheContractForbids() throws Exception {
    LeadEvent event = ContractRecordsTest.sampleEvent();
    ObjectNode json = (ObjectNode) json(LeadSerdes.leadEvent().serialize("t", event));
    json.put("leadId", "jane@contoso.com");
    ((ObjectNode) json.get("customer")).put("country", "USA");
    json.put("stage", "HOT");
    json.remove("ingest");
    assertThat(errors(LeadSchemas.LEAD_EVENT_V1, json))
        .anyMatch(e -> e.startsWith("/leadId"))
        .anyMatch(e -> e.startsWith("/customer/country"))
        .anyMatch(e -> e.startsWith("/stage"))
        .anyMatch(e -> e.contains("ingest"));
  }

  @Test
  void deadLettersOfRejectedFixturesValidate() throws Exception {
    for (Fixture fixture : Fixtures.all()) {
      if (!fixture.rejected()) {
        continue;
      }
      LeadParseException failure;
      try {
        PartnerCenterParser.parse(fixture.bytes());
        throw new AssertionError(fixture.name() + " accepted");
      } catch (LeadParseException e) {
        failure = e;
      }
      RecordHeaders raw = new RecordHeaders();
      raw.add(RawHeaders.CHANNEL, "https".getBytes(StandardCharsets.UTF_8));
      DeadLetter letter =
          DeadLetters.read(
              "in_1",
              fixture.bytes(),
              DeadLetters.headers(raw, DeadLetterStage.GATEWAY, failure, Instant.now()));
      assertThat(
              errors(LeadSchemas.DEAD_LETTER, json(LeadSerdes.deadLetter().serialize("t", letter))))
          .as(fixture.name())
          .isEmpty();
    }
    DeadLetter empty = DeadLetters.read(null, new byte[] {(byte) 0xFF}, null);
    assertThat(errors(LeadSchemas.DEAD_LETTER, json(LeadSerdes.deadLetter().serialize("t", empty))))
        .isEmpty();
  }

  @Test
  void offerCatalogEntriesValidate() throws Exception {
    OfferCatalogEntry entry =
        new OfferCatalogEntry("contoso.sales-insights", "Contoso Sales Insights", "na-sales", null);
    assertThat(
            errors(
                LeadSchemas.OFFER_CATALOG_ENTRY,
                json(LeadSerdes.offerCatalogEntry().serialize("t", entry))))
        .isEmpty();
    assertThat(errors(LeadSchemas.OFFER_CATALOG_ENTRY, PLAIN.readTree("{\"owner\":\"x\"}")))
        .isNotEmpty();
  }

  @Test
  void lifecycleRecordsValidateAndTheActivitySchemaRefusesWhatTheCheckerRefuses() throws Exception {
    String leadId = LeadIds.devDefault().leadIdForUnidentified("in_1");
    Instant at = Instant.parse("2026-12-01T09:30:00Z");
    LeadActivity activity = LeadActivity.of(leadId, ActivityType.ASSIGNED, at, "crm", "jane");
    assertThat(
            errors(
                LeadSchemas.LEAD_ACTIVITY_V1,
                json(LeadSerdes.leadActivity().serializer().serialize("t", activity))))
        .isEmpty();
    assertThat(
            errors(
                LeadSchemas.LEAD_ACTIVITY_V1,
                PLAIN.readTree("{\"leadId\":\"" + leadId + "\",\"type\":\"CALLED\"}")))
        .isNotEmpty();
    assertThat(
            errors(
                LeadSchemas.LEAD_ACTIVITY_V1,
                PLAIN.readTree("{\"leadId\":\"nope\",\"type\":\"WON\"}")))
        .isNotEmpty();
    Offer offer = new Offer("contoso", "sales-insights", "Contoso Sales Insights");
    LeadStatus status =
        new LeadStatus(
            LeadStatus.SCHEMA_VERSION,
            leadId,
            "qualified",
            "jane",
            offer,
            Stage.ACTIVE,
            90,
            at,
            at,
            at.plusSeconds(86_400),
            null,
            null,
            LeadState.OPEN,
            0,
            null,
            null,
            at);
    assertThat(
            errors(
                LeadSchemas.LEAD_STATUS_V1, json(LeadSerdes.leadStatus().serialize("t", status))))
        .isEmpty();
    LeadAlert alert =
        new LeadAlert(
            LeadAlert.SCHEMA_VERSION,
            LeadAlert.alertId(leadId, AlertType.FOLLOW_UP_OVERDUE, at),
            leadId,
            AlertType.FOLLOW_UP_OVERDUE,
            at,
            at,
            "jane",
            "qualified",
            Stage.ACTIVE,
            90,
            offer);
    assertThat(
            errors(LeadSchemas.LEAD_ALERT_V1, json(LeadSerdes.leadAlert().serialize("t", alert))))
        .isEmpty();
  }

  @Test
  void everySchemaIsAValidDraft202012Schema() throws Exception {
    // The validator ships the 2020-12 meta-schema: no network needed.
    JsonSchema metaSchema =
        FACTORY.getSchema(
            SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
    for (String file : LeadSchemas.all()) {
      assertThat(metaSchema.validate(PLAIN.readTree(LeadSchemas.text(file)))).as(file).isEmpty();
    }
    assertThatThrownBy(() -> LeadSchemas.text("nope.json")).isInstanceOf(RuntimeException.class);
  }

  private static JsonNode json(byte[] bytes) throws IOException {
    return PLAIN.readTree(bytes);
  }
}
