package io.leadstream.processor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.JsonSerde;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Qualification;
import io.leadstream.schemas.Routing;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import io.leadstream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per lifecycle rule, on the lifecycle step alone, driving the wall clock. Each asserts
 * the exact alerts and statuses emitted, and that nothing else was.
 */
class LifecycleStepTest {

  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);
  private static final LeadIds IDS = LeadIds.devDefault();
  private static final String LEAD = IDS.leadIdForUnidentified("in_lead");
  private static final String OTHER = IDS.leadIdForUnidentified("in_other");

  private static final LifecycleSettings SETTINGS =
      new LifecycleSettings(
          Duration.ofHours(24),
          Duration.ofHours(4),
          List.of(DAY, Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14)),
          Duration.ofDays(2),
          Duration.ofDays(14),
          Duration.ofSeconds(30));

  private TopologyTestDriver driver;
  private TestInputTopic<String, LeadEvent> routed;
  private TestInputTopic<String, LeadActivity> activity;
  private TestOutputTopic<String, LeadStatus> status;
  private TestOutputTopic<String, LeadAlert> alerts;

  private void start(LifecycleSettings settings) {
    start(settings, LifecycleMetrics.NONE);
  }

  private void start(LifecycleSettings settings, LifecycleMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lifecycle-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    KStream<String, LeadEvent> events =
        builder.stream(
            "routed",
            Consumed.with(Serdes.String(), new JsonSerde<>(LeadEvent.class))
                .withName("routed-source"));
    LifecycleStep.addTo(builder, events, Topics.defaults(), settings, metrics);
    Topology topology = builder.build();
    driver = new TopologyTestDriver(topology, props, T0);
    routed =
        driver.createInputTopic(
            "routed", Serdes.String().serializer(), new JsonSerde<>(LeadEvent.class));
    activity =
        driver.createInputTopic(
            "leads.activity", Serdes.String().serializer(), LeadSerdes.leadActivity().serializer());
    status =
        driver.createOutputTopic(
            "leads.status", Serdes.String().deserializer(), new JsonSerde<>(LeadStatus.class));
    alerts =
        driver.createOutputTopic(
            "leads.alerts", Serdes.String().deserializer(), new JsonSerde<>(LeadAlert.class));
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  // ---- follow-up of qualified leads

  @Test
  void aQualifiedLeadRaisesDueSoonAtDeadlineMinusWarningThenOverdueAtTheDeadlineOnce() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    assertThat(onlyStatus())
        .extracting(LeadStatus::state, LeadStatus::followUpBy)
        .containsExactly(LeadState.OPEN, T0.plus(DAY));

    advanceTo(T0.plus(Duration.ofHours(19)));
    assertNothingEmitted();
    advanceTo(T0.plus(Duration.ofHours(20)).plusSeconds(30));
    LeadAlert dueSoon = onlyAlert();
    assertThat(dueSoon.type()).isEqualTo(AlertType.FOLLOW_UP_DUE_SOON);
    assertThat(dueSoon.dueAt()).isEqualTo(T0.plus(DAY));
    assertThat(dueSoon.alertId())
        .isEqualTo(LeadAlert.alertId(LEAD, AlertType.FOLLOW_UP_DUE_SOON, T0.plus(DAY)));
    assertThat(onlyStatus().state()).isEqualTo(LeadState.OPEN);

    advanceTo(T0.plus(DAY).plusSeconds(30));
    LeadAlert overdue = onlyAlert();
    assertThat(overdue.type()).isEqualTo(AlertType.FOLLOW_UP_OVERDUE);
    assertThat(overdue.dueAt()).isEqualTo(T0.plus(DAY));
    assertThat(overdue.branch()).isEqualTo("qualified");
    assertThat(onlyStatus().state()).isEqualTo(LeadState.OPEN);

    advanceTo(T0.plus(Duration.ofDays(2)));
    assertNothingEmitted();
  }

  @Test
  void aContactInTimeEndsTheClockWithTheSlaMetAndNoAlert() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    onlyStatus();
    advanceTo(T0.plus(HOUR));
    activity.pipeInput(LEAD, act(ActivityType.CONTACTED, T0.plus(HOUR)), T0.plus(HOUR));
    LeadStatus contacted = onlyStatus();
    assertThat(contacted.state()).isEqualTo(LeadState.CONTACTED);
    assertThat(contacted.firstContactAt()).isEqualTo(T0.plus(HOUR));
    assertThat(contacted.slaMet()).isTrue();
    assertThat(contacted.touches()).isEqualTo(1);

    advanceTo(T0.plus(Duration.ofDays(30)));
    assertNothingEmitted();
  }

  @Test
  void aFirstContactAfterTheDeadlineMissesTheSla() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    onlyStatus();
    advanceTo(T0.plus(Duration.ofHours(25)));
    assertThat(alerts.readValuesToList())
        .extracting(LeadAlert::type)
        .containsExactly(AlertType.FOLLOW_UP_OVERDUE);
    status.readValuesToList();
    activity.pipeInput(LEAD, act(ActivityType.MEETING_BOOKED, T0.plus(Duration.ofHours(25))));
    LeadStatus late = onlyStatus();
    assertThat(late.slaMet()).isFalse();
    assertThat(late.state()).isEqualTo(LeadState.CONTACTED);
    assertThat(late.touches()).isZero();
    assertNothingEmitted();
  }

  @Test
  void aLeadThatQualifiesLaterThroughAnUpdatedEventGetsThatEventsTimePlusTheSla() {
    start(SETTINGS);
    routed.pipeInput(LEAD, nurture(LEAD, T0), T0);
    assertThat(onlyStatus().state()).isEqualTo(LeadState.NURTURING);
    Instant later = T0.plus(Duration.ofHours(6));
    advanceTo(later);
    routed.pipeInput(LEAD, updatedQualified(LEAD, T0, later), later);
    LeadStatus open = onlyStatus();
    assertThat(open.state()).isEqualTo(LeadState.OPEN);
    assertThat(open.qualifiedAt()).isEqualTo(later);
    assertThat(open.followUpBy()).isEqualTo(later.plus(DAY));
    assertThat(open.nextTouchAt()).isNull();

    // The nurture step at T0 + 1 day no longer alerts: the cadence stopped.
    advanceTo(later.plus(Duration.ofHours(20)).plusSeconds(1));
    assertThat(onlyAlert().type()).isEqualTo(AlertType.FOLLOW_UP_DUE_SOON);
    onlyStatus();
    assertNothingEmitted();
  }

  @Test
  void aZeroWarningTurnsDueSoonOff() {
    start(
        new LifecycleSettings(
            DAY,
            Duration.ZERO,
            SETTINGS.cadence(),
            SETTINGS.minGap(),
            SETTINGS.expireAfter(),
            SETTINGS.punctuateInterval()));
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    onlyStatus();
    advanceTo(T0.plus(DAY).plusSeconds(1));
    assertThat(onlyAlert().type()).isEqualTo(AlertType.FOLLOW_UP_OVERDUE);
    onlyStatus();
    assertNothingEmitted();
  }

  // ---- nurture cadence

  @Test
  void aNurtureLeadGetsATouchDueAtEachStepOfItsCadence() {
    start(SETTINGS);
    routed.pipeInput(LEAD, nurture(LEAD, T0), T0);
    assertThat(onlyStatus().nextTouchAt()).isEqualTo(T0.plus(DAY));
    for (int days : new int[] {1, 3, 7, 14}) {
      advanceTo(T0.plus(Duration.ofDays(days)).plusSeconds(1));
      LeadAlert touch = onlyAlert();
      assertThat(touch.type()).isEqualTo(AlertType.NURTURE_TOUCH_DUE);
      assertThat(touch.dueAt()).isEqualTo(T0.plus(Duration.ofDays(days)));
      onlyStatus();
    }
    // Never touched: it expires 14 days after the last step.
    advanceTo(T0.plus(Duration.ofDays(28)).plusSeconds(1));
    assertThat(onlyAlert().type()).isEqualTo(AlertType.EXPIRED);
    assertThat(onlyStatus().state()).isEqualTo(LeadState.EXPIRED);
    advanceTo(T0.plus(Duration.ofDays(60)));
    assertNothingEmitted();
  }

  @Test
  void aStepIsSkippedWhenATouchWasRecordedLessThanTheMinimumGapBeforeIt() {
    start(SETTINGS);
    routed.pipeInput(LEAD, nurture(LEAD, T0), T0);
    onlyStatus();
    Instant touched = T0.plus(Duration.ofDays(2));
    advanceTo(T0.plus(DAY).plusSeconds(1));
    assertThat(onlyAlert().dueAt()).isEqualTo(T0.plus(DAY));
    onlyStatus();
    advanceTo(touched);
    activity.pipeInput(LEAD, act(ActivityType.NURTURE_TOUCH, touched));
    assertThat(onlyStatus().touches()).isEqualTo(1);
    // Day 3 is one day after the touch: skipped (check in, don't bombard). Day 7 is not.
    advanceTo(T0.plus(Duration.ofDays(3)).plusSeconds(1));
    assertThat(alerts.isEmpty()).isTrue();
    assertThat(onlyStatus().nextTouchAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
    advanceTo(T0.plus(Duration.ofDays(7)).plusSeconds(1));
    assertThat(onlyAlert().dueAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
    onlyStatus();
    assertNothingEmitted();
  }

  @Test
  void aLeadFirstSeenLongerAgoThanTheExpiryIsTrackedAsExpiredWithoutAnAlert() {
    start(SETTINGS);
    Instant old = T0.minus(Duration.ofDays(20));
    routed.pipeInput(LEAD, qualified(LEAD, old), T0);
    routed.pipeInput(OTHER, nurture(OTHER, old), T0);
    assertThat(status.readValuesToList())
        .extracting(LeadStatus::state)
        .containsExactly(LeadState.EXPIRED, LeadState.EXPIRED);
    advanceTo(T0.plus(Duration.ofDays(30)));
    assertNothingEmitted();
  }

  @Test
  void deadlinesThatPassedWhileNothingRanRaiseOnlyTheLatestAlert() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    routed.pipeInput(OTHER, nurture(OTHER, T0), T0);
    status.readValuesToList();
    // One jump of 8 days: due-soon, overdue and three cadence steps have all passed.
    advanceTo(T0.plus(Duration.ofDays(8)));
    assertThat(alerts.readValuesToList())
        .extracting(LeadAlert::leadId, LeadAlert::type, LeadAlert::dueAt)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(LEAD, AlertType.FOLLOW_UP_OVERDUE, T0.plus(DAY)),
            org.assertj.core.groups.Tuple.tuple(
                OTHER, AlertType.NURTURE_TOUCH_DUE, T0.plus(Duration.ofDays(7))));
    assertThat(status.readValuesToList()).hasSize(2);
    assertNothingEmitted();
  }

  @Test
  void aContactedLeadNeverExpires() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    activity.pipeInput(LEAD, act(ActivityType.CONTACTED, T0.plus(HOUR)));
    assertThat(status.readValuesToList()).hasSize(2);
    advanceTo(T0.plus(Duration.ofDays(90)));
    assertNothingEmitted();
  }

  @Test
  void anOpenLeadNeverAnsweredExpiresFourteenDaysAfterItsDeadline() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    onlyStatus();
    advanceTo(T0.plus(Duration.ofHours(21)));
    advanceTo(T0.plus(Duration.ofDays(2)));
    assertThat(alerts.readValuesToList())
        .extracting(LeadAlert::type)
        .containsExactly(AlertType.FOLLOW_UP_DUE_SOON, AlertType.FOLLOW_UP_OVERDUE);
    status.readValuesToList();
    advanceTo(T0.plus(Duration.ofDays(15)).minusSeconds(60));
    assertNothingEmitted();
    advanceTo(T0.plus(Duration.ofDays(15)).plusSeconds(1));
    LeadAlert expired = onlyAlert();
    assertThat(expired.type()).isEqualTo(AlertType.EXPIRED);
    assertThat(expired.dueAt()).isEqualTo(T0.plus(Duration.ofDays(15)));
    assertThat(onlyStatus().state()).isEqualTo(LeadState.EXPIRED);
    assertNothingEmitted();
  }

  // ---- do not contact

  @Test
  void aDoNotContactLeadNeverRaisesAFollowUpOrNurtureAlertButAnyContactRaisesDncContacted() {
    start(SETTINGS);
    routed.pipeInput(LEAD, dnc(LEAD, T0), T0);
    assertThat(onlyStatus().state()).isEqualTo(LeadState.DO_NOT_CONTACT);
    advanceTo(T0.plus(Duration.ofDays(40)));
    assertNothingEmitted();

    Instant at = T0.plus(Duration.ofDays(40));
    activity.pipeInput(LEAD, act(ActivityType.NURTURE_TOUCH, at));
    LeadAlert alert = onlyAlert();
    assertThat(alert.type()).isEqualTo(AlertType.DNC_CONTACTED);
    assertThat(alert.dueAt()).isEqualTo(at);
    assertThat(alert.branch()).isEqualTo("dnc");
    assertThat(onlyStatus().state()).isEqualTo(LeadState.DO_NOT_CONTACT);
    activity.pipeInput(LEAD, act(ActivityType.LOST, at.plusSeconds(1)));
    assertThat(onlyStatus().state()).isEqualTo(LeadState.DO_NOT_CONTACT);
    assertNothingEmitted();
  }

  @Test
  void aQualifiedLeadThatBecomesDoNotContactStopsItsClock() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    onlyStatus();
    routed.pipeInput(LEAD, dnc(LEAD, T0), T0.plus(HOUR));
    assertThat(onlyStatus().state()).isEqualTo(LeadState.DO_NOT_CONTACT);
    advanceTo(T0.plus(Duration.ofDays(40)));
    assertNothingEmitted();
  }

  // ---- close, reopen, assign, early activity, test leads

  @Test
  void wonLostAndDisqualifiedCloseALeadAndReopenedOpensItWithANewDeadline() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    onlyStatus();
    activity.pipeInput(LEAD, act(ActivityType.LOST, T0.plus(HOUR)));
    LeadStatus lost = onlyStatus();
    assertThat(lost.state()).isEqualTo(LeadState.LOST);
    assertThat(lost.slaMet()).isTrue();
    advanceTo(T0.plus(Duration.ofDays(3)));
    assertNothingEmitted();

    Instant reopened = T0.plus(Duration.ofDays(3));
    activity.pipeInput(LEAD, act(ActivityType.REOPENED, reopened));
    LeadStatus open = onlyStatus();
    assertThat(open.state()).isEqualTo(LeadState.OPEN);
    assertThat(open.followUpBy()).isEqualTo(reopened.plus(DAY));
    assertThat(open.slaMet()).isNull();
    advanceTo(reopened.plus(DAY).plusSeconds(1));
    assertThat(alerts.readValuesToList())
        .extracting(LeadAlert::type, LeadAlert::dueAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertType.FOLLOW_UP_OVERDUE, reopened.plus(DAY)));
    status.readValuesToList();
    activity.pipeInput(LEAD, act(ActivityType.WON, reopened.plus(Duration.ofDays(2))));
    LeadStatus won = onlyStatus();
    assertThat(won.state()).isEqualTo(LeadState.WON);
    assertThat(won.slaMet()).isFalse();
    assertNothingEmitted();
  }

  @Test
  void assignedChangesTheOwnerAndLaterAlertsFollowIt() {
    start(SETTINGS);
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    assertThat(onlyStatus().owner()).isEqualTo("catalog-owner");
    LeadActivity assign =
        LeadActivity.of(LEAD, ActivityType.ASSIGNED, T0.plus(HOUR), "manager", "jane");
    activity.pipeInput(LEAD, assign);
    assertThat(onlyStatus().owner()).isEqualTo("jane");
    // A later event with the catalog's owner does not take the lead back.
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0.plus(HOUR));
    assertThat(onlyStatus().owner()).isEqualTo("jane");
    advanceTo(T0.plus(Duration.ofHours(21)));
    assertThat(onlyAlert().owner()).isEqualTo("jane");
    onlyStatus();
    assertNothingEmitted();
  }

  @Test
  void activityThatOvertakesItsLeadIsKeptAndAppliedWhenTheLeadArrives() {
    start(SETTINGS);
    activity.pipeInput(LEAD, act(ActivityType.CONTACTED, T0.plusSeconds(5)));
    assertNothingEmitted();
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0.plusSeconds(10));
    LeadStatus contacted = onlyStatus();
    assertThat(contacted.state()).isEqualTo(LeadState.CONTACTED);
    assertThat(contacted.firstContactAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(contacted.slaMet()).isTrue();
    advanceTo(T0.plus(Duration.ofDays(30)));
    assertNothingEmitted();
  }

  @Test
  void activityForALeadThatNeverArrivesIsForgottenAfterTheExpiry() {
    start(SETTINGS);
    activity.pipeInput(LEAD, act(ActivityType.CONTACTED, T0));
    advanceTo(T0.plus(Duration.ofDays(14)).plusSeconds(31));
    assertThat(driver.<String, Object>getKeyValueStore(LifecycleStep.STORE).get(LEAD)).isNull();
    routed.pipeInput(
        LEAD, qualified(LEAD, T0.plus(Duration.ofDays(14))), T0.plus(Duration.ofDays(14)));
    assertThat(onlyStatus().state()).isEqualTo(LeadState.OPEN);
    assertNothingEmitted();
  }

  @Test
  void testLeadsAreNeverTracked() {
    start(SETTINGS);
    LeadEvent test = withTest(qualified(LEAD, T0));
    routed.pipeInput(LEAD, test, T0);
    advanceTo(T0.plus(Duration.ofDays(40)));
    assertNothingEmitted();
    assertThat(driver.<String, Object>getKeyValueStore(LifecycleStep.STORE).get(LEAD)).isNull();
  }

  @Test
  void onlyDueLeadsAreVisitedAndTheIndexHoldsOneEntryPerTrackedLead() {
    start(SETTINGS);
    for (int i = 0; i < 50; i++) {
      String id = IDS.leadIdForUnidentified("in_" + i);
      routed.pipeInput(id, i % 2 == 0 ? qualified(id, T0) : nurture(id, T0), T0);
    }
    routed.pipeInput(LEAD, dnc(LEAD, T0), T0);
    status.readValuesToList();
    var index = driver.<String, String>getKeyValueStore(LifecycleStep.INDEX);
    long entries = 0;
    try (var all = index.all()) {
      while (all.hasNext()) {
        all.next();
        entries++;
      }
    }
    assertThat(entries).isEqualTo(50); // the DNC lead has nothing due
    advanceTo(T0.plus(Duration.ofHours(20)).plusSeconds(1));
    assertThat(alerts.readValuesToList())
        .hasSize(25)
        .allMatch(a -> a.type() == AlertType.FOLLOW_UP_DUE_SOON);
  }

  // ---- metrics

  @Test
  void metricsCountTrackedLeadsByStateAndOverdueAndTheSlaOutcomes() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    start(SETTINGS, new MicrometerLifecycleMetrics(registry));
    routed.pipeInput(LEAD, qualified(LEAD, T0), T0);
    routed.pipeInput(OTHER, qualified(OTHER, T0), T0);
    String third = IDS.leadIdForUnidentified("in_third");
    routed.pipeInput(third, nurture(third, T0), T0);
    assertThat(gauge(registry, "OPEN")).isEqualTo(2);
    assertThat(gauge(registry, "NURTURING")).isEqualTo(1);

    activity.pipeInput(LEAD, act(ActivityType.CONTACTED, T0.plus(Duration.ofHours(2))));
    advanceTo(T0.plus(Duration.ofHours(25)));
    assertThat(gauge(registry, "OPEN")).isEqualTo(1);
    assertThat(gauge(registry, "CONTACTED")).isEqualTo(1);
    assertThat(gauge(registry, "OVERDUE")).isEqualTo(1);
    assertThat(
            registry
                .get("leadstream.lifecycle.alerts")
                .tag("type", "FOLLOW_UP_OVERDUE")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("leadstream.lifecycle.time.to.first.contact").timer().count())
        .isEqualTo(1);

    activity.pipeInput(
        OTHER,
        LeadActivity.of(OTHER, ActivityType.CONTACTED, T0.plus(Duration.ofHours(26)), null, null));
    assertThat(gauge(registry, "OVERDUE")).isZero();
    assertThat(registry.get("leadstream.lifecycle.sla.met.ratio").gauge().value()).isEqualTo(0.5);
    status.readValuesToList();
    alerts.readValuesToList();
  }

  private static double gauge(SimpleMeterRegistry registry, String state) {
    return registry.get("leadstream.lifecycle.leads").tag("state", state).gauge().value();
  }

  // ---- helpers

  private Instant clock = T0;

  /** Moves the wall clock to {@code wallClock}; punctuations that fall due run. */
  private void advanceTo(Instant wallClock) {
    Duration step = Duration.between(clock, wallClock);
    if (step.isNegative() || step.isZero()) {
      return;
    }
    driver.advanceWallClockTime(step);
    clock = wallClock;
  }

  private LeadStatus onlyStatus() {
    List<LeadStatus> values = status.readValuesToList();
    assertThat(values).hasSize(1);
    return values.get(0);
  }

  private LeadAlert onlyAlert() {
    List<LeadAlert> values = alerts.readValuesToList();
    assertThat(values).hasSize(1);
    return values.get(0);
  }

  private void assertNothingEmitted() {
    assertThat(status.readValuesToList()).isEmpty();
    assertThat(alerts.readValuesToList()).isEmpty();
  }

  private static LeadActivity act(ActivityType type, Instant at) {
    return LeadActivity.of(LEAD, type, at, "tester", null);
  }

  private static LeadEvent qualified(String leadId, Instant firstSeen) {
    return event(leadId, EventType.NEW, firstSeen, firstSeen, Stage.ACTIVE, true);
  }

  private static LeadEvent updatedQualified(String leadId, Instant firstSeen, Instant received) {
    return event(leadId, EventType.UPDATED, firstSeen, received, Stage.ACTIVE, true);
  }

  private static LeadEvent nurture(String leadId, Instant firstSeen) {
    return event(leadId, EventType.NEW, firstSeen, firstSeen, Stage.INITIAL_INTEREST, false);
  }

  private static LeadEvent dnc(String leadId, Instant firstSeen) {
    return event(leadId, EventType.NEW, firstSeen, firstSeen, Stage.DO_NOT_CONTACT, false);
  }

  private static LeadEvent withTest(LeadEvent e) {
    return new LeadEvent(
        e.schemaVersion(),
        e.leadId(),
        e.eventType(),
        e.occurrences(),
        e.firstSeenAt(),
        e.receivedAt(),
        e.followUpBy(),
        e.source(),
        e.action(),
        e.stage(),
        e.offer(),
        e.customer(),
        e.notes(),
        e.campaign(),
        e.routing(),
        e.qualification(),
        true,
        e.ingest());
  }

  private static LeadEvent event(
      String leadId,
      EventType type,
      Instant firstSeen,
      Instant received,
      Stage stage,
      boolean qualified) {
    return new LeadEvent(
        LeadEvent.SCHEMA_VERSION,
        leadId,
        type,
        1,
        firstSeen,
        received,
        firstSeen.plus(DAY),
        new Source(SourceCode.APPSOURCE, "SPZA"),
        new Action(ActionCode.PLT, "PLT"),
        stage,
        new Offer("contoso", "sales-insights", "Contoso Sales Insights"),
        null,
        null,
        null,
        new Routing("NA", "catalog-owner", null),
        new Qualification(qualified, qualified ? 90 : 40, List.of()),
        false,
        null);
  }
}
