package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle checker counts what a broken lifecycle would do, and passes a right one. */
class LifecycleCheckerTest {

  private static final TopicNames TOPICS = TopicNames.defaults();
  private static final Duration SLA = Duration.ofSeconds(8);
  private static final Duration WARNING = Duration.ofSeconds(4);
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant DEADLINE = T0.plus(SLA);

  private final LifecycleChecker checker = new LifecycleChecker(TOPICS, SLA, WARNING);

  private static LeadEvent event(String leadId, EventType type, Instant receivedAt) {
    return new LeadEvent(
        LeadEvent.SCHEMA_VERSION,
        leadId,
        type,
        1,
        T0,
        receivedAt,
        T0.plus(SLA),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        null);
  }

  private static LifecycleChecker.Routed routed(String topic, String leadId, long offset) {
    return new LifecycleChecker.Routed(topic, 0, offset, leadId, event(leadId, EventType.NEW, T0));
  }

  private static LeadAlert alert(String leadId, AlertType type, Instant dueAt) {
    return new LeadAlert(
        LeadAlert.SCHEMA_VERSION,
        LeadAlert.alertId(leadId, type, dueAt),
        leadId,
        type,
        dueAt,
        dueAt.plusMillis(300),
        null,
        "qualified",
        null,
        null,
        null);
  }

  private static LeadStatus status(
      String leadId,
      String branch,
      LeadState state,
      Instant contactAt,
      Boolean slaMet,
      Instant updatedAt) {
    return new LeadStatus(
        LeadStatus.SCHEMA_VERSION,
        leadId,
        branch,
        null,
        null,
        null,
        null,
        T0,
        "qualified".equals(branch) ? T0 : null,
        "qualified".equals(branch) ? DEADLINE : null,
        contactAt,
        slaMet,
        state,
        contactAt == null ? 0 : 1,
        contactAt,
        null,
        updatedAt);
  }

  /** An open lead, a contacted one, a nurture, a DNC and a test lead: as a right run ends. */
  private final List<LifecycleChecker.Routed> routed =
      List.of(
          routed(TOPICS.qualified(), "ld_open", 0),
          routed(TOPICS.qualified(), "ld_contacted", 1),
          routed(TOPICS.nurture(), "ld_nurture", 0),
          routed(TOPICS.dnc(), "ld_dnc", 0),
          routed(TOPICS.test(), "ld_test", 0));

  private final Instant contactAt = T0.plusSeconds(1);
  private final Map<String, Instant> contacts = Map.of("ld_contacted", contactAt);

  private List<LeadAlert> rightAlerts() {
    return new ArrayList<>(
        List.of(
            alert("ld_open", AlertType.FOLLOW_UP_DUE_SOON, DEADLINE),
            alert("ld_open", AlertType.FOLLOW_UP_OVERDUE, DEADLINE)));
  }

  private List<LeadStatus> rightStatuses() {
    return new ArrayList<>(
        List.of(
            status("ld_open", "qualified", LeadState.OPEN, null, null, T0),
            status("ld_contacted", "qualified", LeadState.OPEN, null, null, T0),
            status("ld_contacted", "qualified", LeadState.CONTACTED, contactAt, true, contactAt),
            status("ld_nurture", "nurture", LeadState.NURTURING, null, null, T0),
            status("ld_dnc", "dnc", LeadState.DO_NOT_CONTACT, null, null, T0)));
  }

  @Test
  void aRightRunHasNoProblems() {
    LifecycleChecker.Report report =
        checker.check(routed, contacts, rightAlerts(), rightStatuses());

    assertThat(report.problems()).isEmpty();
    assertThat(report.expected()).isEqualTo(1);
    assertThat(report.seen()).isEqualTo(2);
    assertThat(report.dueSoonSeen()).isEqualTo(1);
    assertThat(report.contacted()).isEqualTo(1);
  }

  @Test
  void aMissingOverdueAlertIsCountedMissingAndASkippedDueSoonOnlySkipped() {
    LifecycleChecker.Report report = checker.check(routed, contacts, List.of(), rightStatuses());

    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.dueSoonSkipped()).isEqualTo(1);
    assertThat(report.problems()).hasSize(1);
  }

  @Test
  void aRepeatedAlertAndASecondIdForOneDeadlineAreCountedDuplicated() {
    List<LeadAlert> alerts = rightAlerts();
    alerts.add(alert("ld_open", AlertType.FOLLOW_UP_OVERDUE, DEADLINE));
    LeadAlert other = alert("ld_open", AlertType.FOLLOW_UP_DUE_SOON, DEADLINE);
    alerts.add(
        new LeadAlert(
            other.schemaVersion(),
            "al_notthedeterministicone",
            other.leadId(),
            other.type(),
            other.dueAt(),
            other.raisedAt(),
            null,
            "qualified",
            null,
            null,
            null));

    LifecycleChecker.Report report = checker.check(routed, contacts, alerts, rightStatuses());

    // the repeat, the wrong id, the second id of the due-soon deadline
    assertThat(report.duplicated()).isEqualTo(3);
    assertThat(report.missing()).isZero();
  }

  @Test
  void anAlertForALeadContactedInTimeOrForANurtureLeadIsUnexpected() {
    List<LeadAlert> alerts = rightAlerts();
    alerts.add(alert("ld_contacted", AlertType.FOLLOW_UP_OVERDUE, DEADLINE));
    alerts.add(alert("ld_nurture", AlertType.NURTURE_TOUCH_DUE, T0.plusSeconds(2)));

    LifecycleChecker.Report report = checker.check(routed, contacts, alerts, rightStatuses());

    assertThat(report.unexpected()).isEqualTo(2);
  }

  @Test
  void aContactProcessedOnlyAfterAnAlertWasRaisedExcusesThatAlertButNoLaterOne() {
    List<LeadStatus> statuses = rightStatuses();
    statuses.set(
        2,
        status(
            "ld_contacted",
            "qualified",
            LeadState.CONTACTED,
            contactAt,
            true,
            DEADLINE.plusSeconds(1)));
    List<LeadAlert> alerts = rightAlerts();
    alerts.add(alert("ld_contacted", AlertType.FOLLOW_UP_OVERDUE, DEADLINE)); // raised +0.3 s

    LifecycleChecker.Report report = checker.check(routed, contacts, alerts, statuses);

    assertThat(report.problems()).isEmpty();
    assertThat(report.contactsProcessedLate()).isEqualTo(1);

    statuses.set(
        2,
        status(
            "ld_contacted",
            "qualified",
            LeadState.CONTACTED,
            contactAt,
            true,
            DEADLINE.plusMillis(100)));
    assertThat(checker.check(routed, contacts, alerts, statuses).unexpected()).isEqualTo(1);
  }

  @Test
  void aLostContactATrackedTestLeadAndAWrongDeadlineAreWrongStatuses() {
    List<LeadStatus> statuses = rightStatuses();
    statuses.remove(2); // the contact never reached the lifecycle
    statuses.add(status("ld_test", "qualified", LeadState.OPEN, null, null, T0));
    statuses.set(
        0,
        new LeadStatus(
            LeadStatus.SCHEMA_VERSION,
            "ld_open",
            "qualified",
            null,
            null,
            null,
            null,
            T0,
            T0,
            DEADLINE.plusSeconds(1),
            null,
            null,
            LeadState.OPEN,
            0,
            null,
            null,
            T0));

    LifecycleChecker.Report report = checker.check(routed, contacts, rightAlerts(), statuses);

    assertThat(report.statusWrong()).isEqualTo(3);
  }
}
