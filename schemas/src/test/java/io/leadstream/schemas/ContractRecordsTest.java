package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ContractRecordsTest {

  static final Instant RECEIVED = Instant.parse("2025-03-01T10:15:30Z");

  static LeadEvent sampleEvent() throws LeadParseException {
    NormalizedLead lead =
        LeadNormalizer.parseAndNormalize(Fixtures.get("contact-me-with-campaign").bytes());
    LeadIds ids = LeadIds.devDefault();
    return LeadEvent.newLead(
            ids.leadId(lead, "in_abc"),
            lead,
            new Ingest("in_abc", RawHeaders.CHANNEL_HTTPS),
            RECEIVED,
            LeadEvent.DEFAULT_FOLLOW_UP_SLA)
        .withRouting(new Routing("EMEA", "uk-sales", "analytics"))
        .withQualification(new Qualification(true, 80, List.of("business-email", "known-offer")));
  }

  @Test
  void leadEventRoundTripsThroughItsSerde() throws Exception {
    LeadEvent event = sampleEvent();
    byte[] bytes = LeadSerdes.leadEvent().serialize("leads.qualified", event);
    assertThat(LeadSerdes.leadEvent().deserialize("leads.qualified", bytes)).isEqualTo(event);
  }

  @Test
  void leadEventJsonIsCamelCaseWithIsoInstantsAndEnumNames() throws Exception {
    JsonNode json =
        LeadJson.mapper()
            .readTree(LeadSerdes.leadEvent().serialize("leads.qualified", sampleEvent()));
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("eventType").asText()).isEqualTo("NEW");
    assertThat(json.get("occurrences").asInt()).isEqualTo(1);
    assertThat(json.get("firstSeenAt").asText()).isEqualTo("2025-03-01T10:15:30Z");
    assertThat(json.get("followUpBy").asText()).isEqualTo("2025-03-02T10:15:30Z");
    assertThat(json.get("source").get("code").asText()).isEqualTo("APPSOURCE");
    assertThat(json.get("source").get("raw").asText()).isEqualTo("SPZA");
    assertThat(json.get("action").get("code").asText()).isEqualTo("PLT");
    assertThat(json.get("stage").asText()).isEqualTo("INITIAL_INTEREST");
    assertThat(json.get("customer").get("phone").asText()).isEqualTo("+442079460321");
    assertThat(json.get("customer").get("businessEmail").asBoolean()).isFalse();
    assertThat(json.get("campaign").get("mktcmpid").asText()).isEqualTo("ms-marketplace-2024");
    assertThat(json.get("routing").get("productLine").asText()).isEqualTo("analytics");
    assertThat(json.get("qualification").get("reasons")).hasSize(2);
    assertThat(json.get("test").asBoolean()).isFalse();
    assertThat(json.get("ingest").get("channel").asText()).isEqualTo("https");
    assertThat(json.get("leadId").asText()).matches("ld_[a-z2-7]{32}");
    assertThat(json.has("offerKey")).isFalse();
  }

  @Test
  void consumersToleratePropertiesAndEnumValuesTheyDoNotKnow() {
    String json =
        "{\"schemaVersion\":1,\"leadId\":\"ld_x\",\"eventType\":\"NEW\",\"occurrences\":1,"
            + "\"source\":{\"code\":\"NEW_MARKETPLACE\",\"raw\":\"Next\"},"
            + "\"action\":{\"code\":\"SUBSCRIBE\",\"raw\":\"SUB\"},\"stage\":\"RENEWAL\","
            + "\"test\":false,\"addedInV1_1\":{\"x\":1}}";
    LeadEvent event =
        LeadSerdes.leadEvent().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
    assertThat(event.source()).isEqualTo(new Source(SourceCode.UNKNOWN, "Next"));
    assertThat(event.action().code()).isEqualTo(ActionCode.UNKNOWN);
    assertThat(event.stage()).isEqualTo(Stage.UNKNOWN);
    assertThat(event.campaign()).isEmpty();
  }

  @Test
  void serdeErrorsSayWhereButNeverQuoteTheData() {
    byte[] broken =
        "{\"leadId\":\"ld_x\",\"customer\":{\"email\":\"jane@contoso.com\""
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LeadSerdes.leadEvent().deserialize("leads.qualified", broken))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("leads.qualified")
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("jane");
    byte[] mismatched =
        "{\"leadId\":\"ld_x\",\"eventType\":\"NEW\",\"occurrences\":\"jane@contoso.com\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LeadSerdes.leadEvent().deserialize("t", mismatched))
        .isInstanceOf(SerializationException.class)
        .hasMessageNotContaining("jane")
        .hasNoCause();
    assertThat(LeadSerdes.leadEvent().deserialize("t", null)).isNull();
    assertThat(LeadSerdes.leadEvent().serialize("t", null)).isNull();
  }

  @Test
  void toStringOfRecordsHoldingPersonalDataRedactsIt() throws Exception {
    LeadEvent event = sampleEvent();
    NormalizedLead lead =
        LeadNormalizer.parseAndNormalize(Fixtures.get("contact-me-with-campaign").bytes());
    for (Object o : List.of(event, lead, lead.customer(), lead.identity())) {
      assertThat(o.toString())
          .doesNotContain("Robin", "robin", "gmail", "7946", "Tailspin", "Founder", "demo", "4411");
    }
    assertThat(event.toString()).contains(event.leadId(), "APPSOURCE", "mktcmpid");
  }

  @Test
  void offerCatalogEntryRoundTripsAndRequiresAnOfferId() {
    OfferCatalogEntry entry =
        new OfferCatalogEntry(
            "Contoso.Sales-Insights", "Contoso Sales Insights", "na-sales", "crm");
    byte[] bytes = LeadSerdes.offerCatalogEntry().serialize("leads.offers", entry);
    assertThat(LeadSerdes.offerCatalogEntry().deserialize("leads.offers", bytes)).isEqualTo(entry);
    assertThat(entry.key()).isEqualTo(new Offer("contoso", "sales-insights", null).key());
    assertThat(LeadSerdes.offerCatalogEntry().deserialize("leads.offers", null)).isNull();
    assertThatThrownBy(() -> new OfferCatalogEntry(" ", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LeadSerdes.offerCatalogEntry()
                    .deserialize(
                        "leads.offers", "{\"owner\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void deadLetterHeadersCarryTheReasonAndReadBack() {
    Headers raw = new RecordHeaders();
    raw.add(RawHeaders.INGEST_ID, bytes("in_123"));
    raw.add(RawHeaders.RECEIVED_AT, bytes("2025-03-01T10:15:30Z"));
    raw.add(RawHeaders.CHANNEL, bytes("https"));
    raw.add(RawHeaders.CONTENT_TYPE, bytes("application/json"));
    raw.add(RawHeaders.REQUEST_ID, bytes("req-1"));
    byte[] body = Fixtures.get("broken-json").bytes();
    LeadParseException failure = rejection(body);
    Instant failedAt = Instant.parse("2025-03-01T10:15:31Z");

    Headers headers = DeadLetters.headers(raw, DeadLetterStage.PROCESSOR, failure, failedAt);
    assertThat(RawHeaders.read(headers, RawHeaders.DLQ_REASON)).isEqualTo("MALFORMED_JSON");
    assertThat(RawHeaders.read(headers, RawHeaders.DLQ_STAGE)).isEqualTo("processor");

    DeadLetter letter = DeadLetters.read("in_123", body, headers);
    assertThat(letter.ingestId()).isEqualTo("in_123");
    assertThat(letter.stage()).isEqualTo(DeadLetterStage.PROCESSOR);
    assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    assertThat(letter.detail()).isEqualTo(failure.getMessage());
    assertThat(letter.failedAt()).isEqualTo(failedAt);
    assertThat(letter.receivedAt()).isEqualTo("2025-03-01T10:15:30Z");
    assertThat(letter.channel()).isEqualTo("https");
    assertThat(letter.contentType()).isEqualTo("application/json");
    assertThat(letter.requestId()).isEqualTo("req-1");
    assertThat(letter.bodyEncoding()).isEqualTo("utf-8");
    assertThat(letter.originalBytes()).isEqualTo(body);
    assertThat(letter.toString()).doesNotContain("broken@example.com");
  }

  @Test
  void deadLetterBodiesThatAreNotUtf8AreBase64() {
    byte[] body = {(byte) 0xFF, (byte) 0xFE, '{', '}'};
    DeadLetter letter =
        DeadLetters.read(
            "in_1",
            body,
            DeadLetters.headers(
                null, DeadLetterStage.GATEWAY, DeadLetterReason.MALFORMED_JSON, "x", RECEIVED));
    assertThat(letter.bodyEncoding()).isEqualTo("base64");
    assertThat(letter.body()).isEqualTo("//57fQ==");
    assertThat(letter.originalBytes()).isEqualTo(body);
    assertThat(letter.stage()).isEqualTo(DeadLetterStage.GATEWAY);
  }

  @Test
  void aReplayedDeadLetterCarriesOnlyTheLatestReason() {
    Headers first =
        DeadLetters.headers(
            null, DeadLetterStage.GATEWAY, DeadLetterReason.NOT_AN_OBJECT, "old", RECEIVED);
    Headers second =
        DeadLetters.headers(
            first,
            DeadLetterStage.PROCESSOR,
            DeadLetterReason.PROCESSING_FAILED,
            "new\nline",
            RECEIVED);
    assertThat(second.headers(RawHeaders.DLQ_REASON)).hasSize(1);
    assertThat(RawHeaders.read(second, RawHeaders.DLQ_DETAIL)).isEqualTo("new line");
  }

  @Test
  void deadLetterReadsToleratesMissingAndUnknownHeaders() {
    Headers headers = new RecordHeaders();
    headers.add(RawHeaders.DLQ_REASON, bytes("SOMETHING_NEW"));
    headers.add(RawHeaders.DLQ_AT, bytes("yesterday"));
    DeadLetter letter = DeadLetters.read(null, null, headers);
    assertThat(letter.reason()).isNull();
    assertThat(letter.reasonCode()).isEqualTo("SOMETHING_NEW");
    assertThat(letter.failedAt()).isNull();
    assertThat(letter.body()).isNull();
    assertThat(letter.originalBytes()).isNull();
    DeadLetter roundTrip =
        LeadSerdes.deadLetter().deserialize("t", LeadSerdes.deadLetter().serialize("t", letter));
    assertThat(roundTrip).isEqualTo(letter);
  }

  @Test
  void topicRegistryPairsNamesWithSerdes() {
    Topics topics = Topics.defaults();
    assertThat(topics.all())
        .extracting(Topic::name)
        .containsExactly(
            "leads.raw",
            "leads.qualified",
            "leads.nurture",
            "leads.dnc",
            "leads.test",
            "leads.dlq",
            "leads.offers",
            "leads.dlq.replays",
            "leads.activity",
            "leads.alerts",
            "leads.status");
    assertThat(topics.all())
        .filteredOn(Topic::compacted)
        .extracting(Topic::name)
        .containsExactly("leads.offers", "leads.dlq.replays", "leads.status");
    assertThat(topics.copartitioned()).extracting(Topic::name).containsExactly("leads.activity");
    assertThat(topics.qualified().valueSerde()).isSameAs(LeadSerdes.leadEvent());
    assertThat(topics.offers().valueSerde()).isSameAs(LeadSerdes.offerCatalogEntry());
    byte[] raw = {1, 2, 3};
    assertThat(topics.raw().valueSerde().serializer().serialize("t", raw)).isEqualTo(raw);
    assertThat(topics.dlq().keySerde().deserializer().deserialize("t", bytes("in_1")))
        .isEqualTo("in_1");
    assertThat(topics.leadEventTopics()).hasSize(4);
  }

  @Test
  void topicNamesAreOverriddenByConfig() {
    Topics topics = Topics.fromConfig(Map.of("topics.dnc", "acme.leads.dnc", "other", "x"));
    assertThat(topics.dnc().name()).isEqualTo("acme.leads.dnc");
    assertThat(topics.qualified().name()).isEqualTo("leads.qualified");
    assertThatThrownBy(() -> Topics.fromConfig(Map.of("topics.raw", "bad name!")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newLeadEventFollowsUpWithinTheSla() throws Exception {
    LeadEvent event = sampleEvent();
    assertThat(event.eventType()).isEqualTo(EventType.NEW);
    assertThat(event.followUpBy()).isEqualTo(RECEIVED.plus(Duration.ofHours(24)));
    assertThat(event.firstSeenAt()).isEqualTo(event.receivedAt());
  }

  private static LeadParseException rejection(byte[] body) {
    try {
      PartnerCenterParser.parse(body);
    } catch (LeadParseException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
