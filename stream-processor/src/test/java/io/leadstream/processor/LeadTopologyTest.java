package io.leadstream.processor;

import static io.leadstream.processor.TopologyFixture.T0;
import static io.leadstream.processor.TopologyFixture.at;
import static io.leadstream.processor.TopologyFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.DeadLetter;
import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.OfferCatalogEntry;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class LeadTopologyTest {

  private static final String PLT = "SPZA-PLT|contoso.sales-insights";
  private static final String INS = "AzureMarketplace-INS|contoso.sales-insights";

  @Test
  void routesTheDocumentedSampleToQualifiedAsANewLead() {
    try (TopologyFixture f = new TopologyFixture()) {
      String ingestId = f.send(Fixtures.get("documented-sample").bytes(), T0);

      TestRecord<String, LeadEvent> out = f.qualified.readRecord();
      LeadEvent event = out.value();
      assertThat(out.key()).isEqualTo(event.leadId()).startsWith("ld_");
      assertThat(event.eventType()).isEqualTo(EventType.NEW);
      assertThat(event.occurrences()).isEqualTo(1);
      assertThat(event.firstSeenAt()).isEqualTo(T0);
      assertThat(event.receivedAt()).isEqualTo(T0);
      assertThat(event.followUpBy()).isEqualTo(T0.plus(Duration.ofHours(24)));
      assertThat(event.stage()).isEqualTo(Stage.ACTIVE);
      assertThat(event.action().code()).isEqualTo(ActionCode.INS);
      assertThat(event.customer().country()).isEqualTo("US");
      assertThat(event.customer().phone()).isEqualTo("+16175555555");
      assertThat(event.routing().region()).isEqualTo("NA");
      assertThat(event.qualification().qualified()).isTrue();
      assertThat(event.qualification().reasons())
          .contains("reachable: email and phone", "known action: INS");
      assertThat(event.ingest().id()).isEqualTo(ingestId);
      assertThat(event.ingest().channel()).isEqualTo("https");
      assertThat(event.test()).isFalse();
      assertThat(f.metrics.routed).containsExactly("qualified");
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void routesDoNotContactLeadToDncTopic() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(Fixtures.get("dnc-cross-listing").bytes(), T0);

      LeadEvent event = f.dnc.readValue();
      assertThat(event.stage()).isEqualTo(Stage.DO_NOT_CONTACT);
      assertThat(event.qualification().qualified()).isFalse();
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void routesPartnerCenterTestLeadsInBothCasingsToTestTopic() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(Fixtures.get("faq-test-lead").bytes(), T0);
      f.send(Fixtures.get("faq-test-lead-camelcase").bytes(), at(Duration.ofDays(40)));

      List<LeadEvent> events = f.test.readValuesToList();
      assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.test()).isTrue());
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void routesALeadWithoutBusinessIdentityToNurtureWithItsReasons() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(body("pat.doe@gmail.com", "PLT", PLT, null, null), T0);

      LeadEvent event = f.nurture.readValue();
      assertThat(event.qualification().qualified()).isFalse();
      assertThat(event.qualification().reasons())
          .contains("no business identity: free-mail or no email, and no company");
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void deadLettersBrokenJsonWithTheOriginalBytesReasonAndSourceHeaders() {
    try (TopologyFixture f = new TopologyFixture()) {
      byte[] broken = Fixtures.get("broken-json").bytes();
      String ingestId = f.send(broken, T0);

      TestRecord<String, byte[]> out = f.dlq.readRecord();
      assertThat(out.key()).isEqualTo(ingestId);
      assertThat(out.value()).isEqualTo(broken);
      DeadLetter letter = DeadLetters.read(out.key(), out.value(), out.headers());
      assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
      assertThat(letter.stage()).isEqualTo(DeadLetterStage.PROCESSOR);
      assertThat(letter.detail()).contains("line").contains("column");
      assertThat(RawHeaders.read(out.headers(), RawHeaders.REQUEST_ID))
          .isEqualTo("req-" + ingestId);
      assertThat(f.metrics.deadLetters).containsExactly("MALFORMED_JSON");
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void deadLettersAJsonArrayAsNotAnObject() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(Fixtures.get("json-array").bytes(), T0);

      TestRecord<String, byte[]> out = f.dlq.readRecord();
      assertThat(DeadLetters.read(out.key(), out.value(), out.headers()).reason())
          .isEqualTo(DeadLetterReason.NOT_AN_OBJECT);
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void dropsAndCountsAnIdenticalLeadWithinTheWindow() {
    try (TopologyFixture f = new TopologyFixture()) {
      String lead = body("Pat.Doe@Contoso.example.com", "PLT", PLT, "Contoso", null);
      f.send(lead, T0);
      // Same customer, email cased and padded differently: the same lead after normalization.
      f.send(
          lead.replace("Pat.Doe@Contoso.example.com", "  pat.doe@contoso.EXAMPLE.com "),
          at(Duration.ofHours(2)));
      f.send(lead, at(Duration.ofDays(29)));

      assertThat(f.qualified.readValue().eventType()).isEqualTo(EventType.NEW);
      assertThat(f.metrics.duplicates).isEqualTo(2);
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void emitsUpdatedWithTheMergedRecordWhenTheCustomerProgresses() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(
          body(
              "pat@contoso.example.com", "PLT", PLT, "Contoso", "Call me", "Pat", null, null, "US"),
          T0);
      f.send(
          body("pat@contoso.example.com", "INS", INS, null, null, null, "Doe", "4255550100", "US"),
          at(Duration.ofDays(3)));

      LeadEvent first = f.qualified.readValue();
      LeadEvent second = f.qualified.readValue();
      assertThat(first.eventType()).isEqualTo(EventType.NEW);
      assertThat(first.stage()).isEqualTo(Stage.INITIAL_INTEREST);
      assertThat(second.eventType()).isEqualTo(EventType.UPDATED);
      assertThat(second.leadId()).isEqualTo(first.leadId());
      assertThat(second.occurrences()).isEqualTo(2);
      assertThat(second.firstSeenAt()).isEqualTo(T0);
      assertThat(second.receivedAt()).isEqualTo(at(Duration.ofDays(3)));
      assertThat(second.followUpBy()).isEqualTo(T0.plus(Duration.ofHours(24)));
      assertThat(second.stage()).isEqualTo(Stage.ACTIVE);
      assertThat(second.action().code()).isEqualTo(ActionCode.INS);
      // Fields missing from one lead are filled from the other.
      assertThat(second.customer().firstName()).isEqualTo("Pat");
      assertThat(second.customer().lastName()).isEqualTo("Doe");
      assertThat(second.customer().phone()).isEqualTo("+14255550100");
      assertThat(second.customer().company()).isEqualTo("Contoso");
      assertThat(second.notes()).isEqualTo("Call me");
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void emitsUpdatedWhenALeadOnlyAddsNotes() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(body("pat@contoso.example.com", "PLT", PLT, "Contoso", null), T0);
      f.send(
          body("pat@contoso.example.com", "PLT", PLT, "Contoso", "Need 300 seats"),
          at(Duration.ofHours(1)));

      assertThat(f.qualified.readValue().notes()).isNull();
      LeadEvent updated = f.qualified.readValue();
      assertThat(updated.eventType()).isEqualTo(EventType.UPDATED);
      assertThat(updated.notes()).isEqualTo("Need 300 seats");
      assertThat(updated.stage()).isEqualTo(Stage.INITIAL_INTEREST);
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void treatsALeadOutsideTheWindowAsNewAgain() {
    try (TopologyFixture f = new TopologyFixture()) {
      String lead = body("pat@contoso.example.com", "PLT", PLT, "Contoso", null);
      f.send(lead, T0);
      f.send(lead, at(Duration.ofDays(30)));

      LeadEvent first = f.qualified.readValue();
      LeadEvent again = f.qualified.readValue();
      assertThat(again.eventType()).isEqualTo(EventType.NEW);
      assertThat(again.leadId()).isEqualTo(first.leadId());
      assertThat(again.occurrences()).isEqualTo(1);
      assertThat(again.firstSeenAt()).isEqualTo(at(Duration.ofDays(30)));
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void datesAnImportedLeadByItsCreationTimeSoItMergesWithTheLeadItWas() {
    try (TopologyFixture f = new TopologyFixture()) {
      String lead = body("pat@contoso.example.com", "PLT", PLT, "Contoso", null);
      f.send(lead, T0);
      // The export of the same lead, imported 40 days later: by its creation time it is within
      // the window, so it is a duplicate, not a NEW lead.
      f.sendImport("in_import1", lead, T0.plusSeconds(5), at(Duration.ofDays(40)));
      // A lead created 40 days later is outside the window: NEW again, dated by its creation.
      f.sendImport("in_import2", lead, at(Duration.ofDays(40)), at(Duration.ofDays(41)));

      LeadEvent first = f.qualified.readValue();
      assertThat(first.eventType()).isEqualTo(EventType.NEW);
      TestRecord<String, LeadEvent> again = f.qualified.readRecord();
      assertThat(again.value().eventType()).isEqualTo(EventType.NEW);
      assertThat(again.value().firstSeenAt()).isEqualTo(at(Duration.ofDays(40)));
      assertThat(again.value().ingest().channel()).isEqualTo("import");
      // The output record keeps the time it was written, so retention counts from then.
      assertThat(again.getRecordTime()).isEqualTo(at(Duration.ofDays(41)));
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void mergesLeadsArrivingOutOfOrderIntoTheRecordTheyMakeInOrder() {
    String contactMe =
        body("pat@contoso.example.com", "PLT", PLT, "Contoso", "Call me", "Pat", null, null, "US");
    String getItNow =
        body("pat@contoso.example.com", "INS", INS, null, null, null, "Doe", "4255550100", "US");
    Instant early = T0;
    Instant late = at(Duration.ofDays(2));

    LeadEvent inOrder;
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("in_a", contactMe.getBytes(java.nio.charset.StandardCharsets.UTF_8), early);
      f.send("in_b", getItNow.getBytes(java.nio.charset.StandardCharsets.UTF_8), late);
      f.qualified.readValue();
      inOrder = f.qualified.readValue();
      assertThat(f.allOutputsEmpty()).isTrue();
    }
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("in_b", getItNow.getBytes(java.nio.charset.StandardCharsets.UTF_8), late);
      f.send("in_a", contactMe.getBytes(java.nio.charset.StandardCharsets.UTF_8), early);

      LeadEvent first = f.qualified.readValue();
      assertThat(first.eventType()).isEqualTo(EventType.NEW);
      assertThat(first.firstSeenAt()).isEqualTo(late);
      LeadEvent merged = f.qualified.readValue();
      assertThat(merged.eventType()).isEqualTo(EventType.UPDATED);
      assertThat(merged.firstSeenAt()).isEqualTo(early);
      assertThat(merged.followUpBy()).isEqualTo(early.plus(Duration.ofHours(24)));
      assertThat(merged.occurrences()).isEqualTo(2);
      // The same merged record as in order; only which raw lead triggered it differs.
      assertThat(merged).usingRecursiveComparison().ignoringFields("ingest").isEqualTo(inOrder);
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void neverMergesLeadsWithoutCustomerIdentity() {
    try (TopologyFixture f = new TopologyFixture()) {
      String anonymous = body(null, "PLT", PLT, null, "Looking around", null, null, null, "US");
      f.send(anonymous, T0);
      f.send(anonymous, at(Duration.ofMinutes(5)));

      List<LeadEvent> events = f.nurture.readValuesToList();
      assertThat(events)
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.eventType()).isEqualTo(EventType.NEW));
      assertThat(events.get(0).leadId()).isNotEqualTo(events.get(1).leadId());
      assertThat(f.metrics.duplicates).isZero();
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void aReplayOfTheSameRawRecordsGivesTheSameOutputsAndNoMore() {
    List<String[]> input =
        List.of(
            new String[] {"in_1", body("pat@contoso.example.com", "PLT", PLT, "Contoso", null)},
            new String[] {"in_2", body("pat@contoso.example.com", "INS", INS, "Contoso", null)},
            new String[] {"in_3", body("kim@gmail.com", "PLT", PLT, null, null)},
            new String[] {"in_4", "{\"UserDetails\": ["});
    List<LeadEvent> firstRun;
    try (TopologyFixture f = new TopologyFixture()) {
      pipe(f, input);
      firstRun = drain(f);
      assertThat(f.dlq.readRecordsToList()).hasSize(1);

      // The same raw records again (same ingest ids): nothing new comes out.
      pipe(f, input);
      assertThat(f.qualified.isEmpty() && f.nurture.isEmpty()).isTrue();
      assertThat(f.metrics.replays).isEqualTo(3);
      // A record that cannot be parsed has no state: it is dead-lettered again, never lost.
      assertThat(f.dlq.readRecordsToList()).hasSize(1);
      assertThat(f.allOutputsEmpty()).isTrue();
    }
    try (TopologyFixture f = new TopologyFixture()) {
      pipe(f, input);
      assertThat(drain(f)).isEqualTo(firstRun);
      assertThat(f.dlq.readRecordsToList()).hasSize(1);
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void sendsAnUpdatedEventWhereItsMergedRecordNowQualifies() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(body("pat@gmail.com", "PLT", PLT, null, null), T0);
      f.send(body("pat@gmail.com", "PLT", PLT, "Contoso", null), at(Duration.ofHours(3)));

      assertThat(f.nurture.readValue().eventType()).isEqualTo(EventType.NEW);
      LeadEvent updated = f.qualified.readValue();
      assertThat(updated.eventType()).isEqualTo(EventType.UPDATED);
      assertThat(updated.customer().company()).isEqualTo("Contoso");
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void aDoNotContactLeadMovesItsCustomerOfferToDncForGood() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(body("pat@contoso.example.com", "PLT", PLT, "Contoso", null), T0);
      f.send(
          body(
              "pat@contoso.example.com", "DNC", "SPZA-DNC|contoso.sales-insights", "Contoso", null),
          at(Duration.ofHours(1)));
      f.send(body("pat@contoso.example.com", "INS", INS, "Contoso", null), at(Duration.ofHours(2)));

      assertThat(f.qualified.readValue().eventType()).isEqualTo(EventType.NEW);
      List<LeadEvent> dnc = f.dnc.readValuesToList();
      assertThat(dnc)
          .hasSize(2)
          .allSatisfy(e -> assertThat(e.stage()).isEqualTo(Stage.DO_NOT_CONTACT));
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void enrichesRoutingFromTheOfferCatalog() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.offers.pipeInput(
          "contoso.sales-insights",
          new OfferCatalogEntry(
              "contoso.sales-insights", "Sales Insights", "emea-team", "Analytics"),
          T0);
      f.send(
          body("pat@contoso.example.com", "PLT", PLT, "Contoso", null, "Pat", "Doe", null, "DE"),
          T0);

      LeadEvent event = f.qualified.readValue();
      assertThat(event.routing().owner()).isEqualTo("emea-team");
      assertThat(event.routing().productLine()).isEqualTo("Analytics");
      assertThat(event.routing().region()).isEqualTo("EMEA");
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void leavesRoutingUnenrichedWhenTheOfferHasNoCatalogEntry() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send(body("pat@contoso.example.com", "PLT", PLT, "Contoso", null), T0);

      LeadEvent event = f.qualified.readValue();
      assertThat(event.routing().owner()).isNull();
      assertThat(event.routing().productLine()).isNull();
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void honoursAConfiguredDedupWindowAndFollowUpSla() {
    try (TopologyFixture f =
        new TopologyFixture(
            Map.of("processor.dedup.window", "P1D", "processor.followup.sla", "PT4H"))) {
      String lead = body("pat@contoso.example.com", "PLT", PLT, "Contoso", null);
      f.send(lead, T0);
      f.send(lead, at(Duration.ofHours(25)));

      List<LeadEvent> events = f.qualified.readValuesToList();
      assertThat(events)
          .extracting(LeadEvent::eventType)
          .containsExactly(EventType.NEW, EventType.NEW);
      assertThat(events.get(0).followUpBy()).isEqualTo(T0.plus(Duration.ofHours(4)));
      assertThat(f.allOutputsEmpty()).isTrue();
    }
  }

  @Test
  void aRegionOverrideFromConfigTakesPrecedenceOverTheShippedTable() {
    // Lower case as an environment variable gives it (LEADSTREAM_PROCESSOR_REGION_US).
    try (TopologyFixture f = new TopologyFixture(Map.of("processor.region.us", "LATAM"))) {
      f.send(body("pat@contoso.example.com", "PLT", PLT, "Contoso", null), T0);
      f.send(
          body("kim@fabrikam.example.com", "PLT", PLT, "Fabrikam", null, "Kim", "Lee", null, "DE"),
          T0);

      List<LeadEvent> events = f.qualified.readValuesToList();
      assertThat(events).extracting(e -> e.routing().region()).containsExactly("LATAM", "EMEA");
    }
  }

  @Test
  void refusesARegionOverrideThatDoesNotNameACountryOrARegion() {
    for (Map<String, String> bad :
        List.of(Map.of("processor.region.usa", "NA"), Map.of("processor.region.us", " "))) {
      assertThatThrownBy(() -> new TopologyFixture(bad).close())
          .isInstanceOf(io.leadstream.config.Config.ConfigException.class)
          .hasMessageStartingWith("config processor.region.");
    }
  }

  @Test
  void namesEverySourceSinkStoreBranchAndTheRepartitionTopic() {
    try (TopologyFixture f = new TopologyFixture()) {
      TopologyDescription description = LeadTopology.build(f.settings, LeadMetrics.NONE).describe();
      String text = description.toString();
      assertThat(text)
          .contains("leads-raw-source", "parse-normalize", "parse-dead-letter", "leads-dlq-sink")
          .contains("key-by-lead-id", "lead-by-id-repartition", "dedup", "lead-dedup-store")
          .contains("enrich-offer", "offer-catalog-store", "leads-offers-source")
          .contains("route-test", "route-dnc", "route-qualified", "route-nurture")
          .contains(
              "leads-qualified-sink", "leads-nurture-sink", "leads-dnc-sink", "leads-test-sink")
          .doesNotContain("KSTREAM-", "KTABLE-");
    }
  }

  private static void pipe(TopologyFixture f, List<String[]> input) {
    Instant t = T0;
    for (String[] record : input) {
      f.send(record[0], record[1].getBytes(java.nio.charset.StandardCharsets.UTF_8), t);
      t = t.plus(Duration.ofHours(1));
    }
  }

  private static List<LeadEvent> drain(TopologyFixture f) {
    List<LeadEvent> all = new java.util.ArrayList<>(f.qualified.readValuesToList());
    all.addAll(f.nurture.readValuesToList());
    return all;
  }
}
