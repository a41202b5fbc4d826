package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.processor.lifecycle.Tracked;
import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.FunnelLead;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.TraceOutcome;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.Ingest;
import io.leadstream.schemas.JsonSerde;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Qualification;
import io.leadstream.schemas.Routing;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle's and the console's store values survive their stores unchanged, and the JSON those
 * stores held before they moved to the internal format still reads as the same values (the local
 * stack keeps its state across an upgrade).
 */
class StoreValueSerdesTest {

  /** Sub-millisecond on purpose: a status compared after a round trip must not drift. */
  private static final Instant AT = Instant.parse("2026-03-02T09:00:00.123456789Z");

  @Test
  void aLatestEventReadsBackAsItWasWritten() {
    assertRoundTrip(InternalSerde.latestEvents(), event());
  }

  @Test
  void aTrackedLeadWithPendingActivitiesReadsBackAsItWasWritten() {
    assertRoundTrip(InternalSerde.trackedLeads(), tracked());
    assertRoundTrip(
        InternalSerde.trackedLeads(),
        new Tracked(
            null,
            List.of(LeadActivity.of("ld_1", ActivityType.CONTACTED, AT, "owner-1", null)),
            AT,
            false,
            false,
            0,
            null,
            false,
            null));
  }

  @Test
  void funnelEntriesReadBackAsTheyWereWritten() {
    assertRoundTrip(InternalSerde.funnelLeads(), funnelLead());
    assertRoundTrip(InternalSerde.funnelDays(), funnelDay());
  }

  @Test
  void traceEntriesReadBackAsTheyWereWritten() {
    assertRoundTrip(InternalSerde.traceEntries(), traceEntry());
    assertRoundTrip(
        InternalSerde.traceEntries(),
        new TraceEntry(
            "in_2", AT, TraceOutcome.DEAD_LETTER, null, "leads.dlq", "UNPARSEABLE", "parse"));
  }

  @Test
  void storesWrittenAsJsonByAnEarlierProcessorStillRead() {
    assertReadsFormerJson(InternalSerde.latestEvents(), LeadEvent.class, event());
    assertReadsFormerJson(InternalSerde.trackedLeads(), Tracked.class, tracked());
    assertReadsFormerJson(InternalSerde.funnelLeads(), FunnelLead.class, funnelLead());
    assertReadsFormerJson(InternalSerde.funnelDays(), FunnelDay.class, funnelDay());
    assertReadsFormerJson(InternalSerde.traceEntries(), TraceEntry.class, traceEntry());
  }

  @Test
  void storeValuesAreWrittenInTheInternalFormatWithItsVersion() throws Exception {
    byte[] bytes = InternalSerde.trackedLeads().serialize("lead-lifecycle-store", tracked());

    List<?> written = InternalSerde.MAPPER.readValue(bytes, List.class);

    assertThat(bytes[0]).isNotEqualTo((byte) '{');
    assertThat(written).hasSize(2).first().isEqualTo(InternalSerde.FORMAT_VERSION);
    assertThat(written.get(1)).isInstanceOf(List.class);
  }

  private static <T> void assertRoundTrip(InternalSerde<T> serde, T value) {
    assertThat(serde.deserialize("store", serde.serialize("store", value))).isEqualTo(value);
  }

  private static <T> void assertReadsFormerJson(InternalSerde<T> serde, Class<T> type, T value) {
    byte[] json = new JsonSerde<>(type).serialize("store", value);

    assertThat(serde.deserialize("store-changelog", json)).isEqualTo(value);
  }

  private static LeadEvent event() {
    NormalizedLead lead =
        new NormalizedLead(
            new Source(SourceCode.APPSOURCE, "SPZA-PLT|contoso.app"),
            new Action(ActionCode.PLT, "PLT"),
            Stage.TRIAL,
            new Offer("contoso", "app", "Contoso App"),
            new Customer(
                "Pat",
                "Example",
                "pat@contoso.example",
                "contoso.example",
                true,
                "+14255550100",
                "US",
                "Contoso",
                "Buyer"),
            "Please call",
            Map.of("mktcmpid", "spring"),
            false,
            new CustomerIdentity(CustomerIdentity.Kind.EMAIL, "pat@contoso.example"));
    return LeadEvent.newLead("ld_1", lead, new Ingest("in_1", "https"), AT, Duration.ofHours(24))
        .withRouting(new Routing("NA", "owner-1", "crm"))
        .withQualification(new Qualification(true, 70, List.of("business email", "trial")));
  }

  private static LeadStatus status() {
    return new LeadStatus(
        LeadStatus.SCHEMA_VERSION,
        "ld_1",
        "qualified",
        "owner-1",
        new Offer("contoso", "app", "Contoso App"),
        Stage.TRIAL,
        70,
        AT,
        AT,
        AT.plus(Duration.ofHours(24)),
        null,
        null,
        LeadState.OPEN,
        0,
        null,
        null,
        AT);
  }

  private static Tracked tracked() {
    return new Tracked(
        status(), List.of(), null, true, false, 2, AT, true, AT.toEpochMilli() + 1_000);
  }

  private static FunnelLead funnelLead() {
    return new FunnelLead(
        LocalDate.of(2026, 3, 2),
        "APPSOURCE",
        "contoso.app",
        "TRIAL",
        "qualified",
        LeadState.CONTACTED,
        null,
        12);
  }

  private static FunnelDay funnelDay() {
    long[] contacts = new long[FunnelDay.BUCKET_UPPER_SECONDS.length + 1];
    contacts[12] = 3;
    contacts[contacts.length - 1] = 1;
    return new FunnelDay(
        LocalDate.of(2026, 3, 2),
        4,
        Map.of("TRIAL", 3L, "ACTIVE", 1L),
        Map.of("qualified", 3L, "dnc", 1L),
        Map.of("CONTACTED", 4L),
        2,
        1,
        1,
        contacts);
  }

  private static TraceEntry traceEntry() {
    return new TraceEntry("in_1", AT, TraceOutcome.ROUTED, "ld_1", "leads.qualified", null, null);
  }
}
