package io.leadstream.processor.lifecycle;

import io.leadstream.processor.Route;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of the lead lifecycle as pure functions of a lead's {@link Tracked} state, an input and
 * the wall-clock time {@code now}: no I/O, no Kafka, so every rule is testable by itself and the
 * processor only stores and forwards what these return.
 *
 * <p>The rules (design page, "Lead lifecycle"): a qualified lead is OPEN with a follow-up deadline
 * (its {@code followUpBy}, or the UPDATED event's time + SLA when it qualifies later), alerting
 * FOLLOW_UP_DUE_SOON at deadline - warning and FOLLOW_UP_OVERDUE at the deadline, once each; the
 * first CONTACTED, MEETING_BOOKED, WON, LOST or DISQUALIFIED ends the clock. A nurture lead is
 * NURTURING with NURTURE_TOUCH_DUE at each cadence step after firstSeenAt, skipped when a touch
 * came less than the minimum gap before it. An unanswered OPEN or NURTURING lead EXPIREs {@code
 * expireAfter} after its last deadline or step (or last activity, if later); a lead first seen
 * longer ago than that is EXPIRED at once, with no alert. A do-not-contact lead never alerts but
 * DNC_CONTACTED, at once, on any contact. WON, LOST and DISQUALIFIED close; REOPENED opens with a
 * new deadline; ASSIGNED sets the owner. Activity for a lead not seen yet waits for it.
 *
 * <p>When several deadlines of one lead are past at once (the processor was down, or a backfill),
 * only the latest is raised: FOLLOW_UP_DUE_SOON is skipped once the lead is overdue, and of several
 * past cadence steps only the last alerts, so a restart causes no alert storm.
 */
final class Lifecycle {

  /** At most this many activities wait for a lead that has not arrived. */
  static final int MAX_PENDING = 100;

  private final LifecycleSettings settings;

  Lifecycle(LifecycleSettings settings) {
    this.settings = settings;
  }

  /** What an input or a punctuation did: the state to keep (null: forget the lead) and outputs. */
  record Result(Tracked next, LeadStatus status, List<LeadAlert> alerts) {
    static Result unchanged(Tracked tracked) {
      return new Result(tracked, null, List.of());
    }
  }

  /** What falls due next for a lead, and when. */
  enum DueKind {
    DUE_SOON,
    OVERDUE,
    CADENCE,
    EXPIRY,
    FORGET_PENDING
  }

  record Due(DueKind kind, Instant at) {}

  /** A routed lead event (never a test lead: the step passes those on untracked). */
  Result onEvent(String leadId, Tracked tracked, LeadEvent event, Route branch, Instant now) {
    boolean known = tracked != null && tracked.status() != null;
    Draft d = known ? draftOf(tracked) : firstDraft(leadId, tracked, event);
    d.offer = event.offer();
    d.stage = event.stage();
    d.score = event.qualification() == null ? null : event.qualification().score();
    if (!d.ownerAssigned && event.routing() != null && event.routing().owner() != null) {
      d.owner = event.routing().owner();
    }
    List<LeadAlert> alerts = new ArrayList<>();
    if (!known) {
      start(d, event, branch, now);
      List<LeadActivity> pending = new ArrayList<>(d.pending);
      pending.sort(Comparator.comparing(LeadActivity::at));
      d.pending = List.of();
      d.pendingSince = null;
      for (LeadActivity activity : pending) {
        apply(d, activity, now, alerts);
      }
    } else {
      change(d, event, branch);
    }
    return d.result(now, alerts);
  }

  /** An activity reported for a lead. */
  Result onActivity(String leadId, Tracked tracked, LeadActivity activity, Instant now) {
    if (tracked == null || tracked.status() == null) {
      List<LeadActivity> pending = new ArrayList<>(tracked == null ? List.of() : tracked.pending());
      if (pending.size() >= MAX_PENDING) {
        pending.remove(0);
      }
      pending.add(activity);
      Instant since =
          tracked == null || tracked.pendingSince() == null ? now : tracked.pendingSince();
      Tracked next = new Tracked(null, pending, since, false, false, 0, null, false, null);
      return new Result(
          next.withIndexedAt(tracked == null ? null : tracked.indexedAt()), null, List.of());
    }
    Draft d = draftOf(tracked);
    List<LeadAlert> alerts = new ArrayList<>();
    apply(d, activity, now, alerts);
    return d.result(now, alerts);
  }

  /** Whatever has fallen due by {@code now}. */
  Result onDue(String leadId, Tracked tracked, Instant now) {
    if (tracked == null) {
      return Result.unchanged(null);
    }
    if (tracked.status() == null) {
      Due due = nextDue(tracked);
      return due != null && !due.at().isAfter(now)
          ? new Result(null, null, List.of())
          : Result.unchanged(tracked);
    }
    Draft d = draftOf(tracked);
    List<LeadAlert> alerts = new ArrayList<>();
    boolean changed = false;
    for (Due due = nextDue(d.tracked());
        due != null && !due.at().isAfter(now);
        due = nextDue(d.tracked())) {
      changed = true;
      switch (due.kind()) {
        case DUE_SOON -> {
          d.dueSoonDone = true;
          if (d.followUpBy.isAfter(now)) {
            alerts.add(alert(d, AlertType.FOLLOW_UP_DUE_SOON, d.followUpBy, now));
          }
        }
        case OVERDUE -> {
          d.overdueDone = true;
          alerts.add(alert(d, AlertType.FOLLOW_UP_OVERDUE, d.followUpBy, now));
        }
        case CADENCE -> {
          int last = d.cadenceDone;
          while (last + 1 < settings.cadence().size() && !step(d, last + 1).isAfter(now)) {
            last++;
          }
          Instant stepAt = step(d, last);
          d.cadenceDone = last + 1;
          boolean touchedRecently =
              d.lastTouchAt != null && d.lastTouchAt.isAfter(stepAt.minus(settings.minGap()));
          if (!touchedRecently) {
            alerts.add(alert(d, AlertType.NURTURE_TOUCH_DUE, stepAt, now));
          }
        }
        case EXPIRY -> {
          d.state = LeadState.EXPIRED;
          alerts.add(alert(d, AlertType.EXPIRED, due.at(), now));
        }
        case FORGET_PENDING -> throw new IllegalStateException("a known lead has no pending list");
      }
    }
    return changed ? d.result(now, alerts) : Result.unchanged(tracked);
  }

  /** What falls due next for {@code tracked}, or null when nothing will. */
  Due nextDue(Tracked tracked) {
    LeadStatus s = tracked.status();
    if (s == null) {
      return tracked.pendingSince() == null
          ? null
          : new Due(DueKind.FORGET_PENDING, tracked.pendingSince().plus(settings.expireAfter()));
    }
    if (s.state() == LeadState.OPEN && s.followUpBy() != null) {
      Instant deadline = s.followUpBy();
      if (!tracked.dueSoonDone() && !settings.warning().isZero()) {
        return new Due(DueKind.DUE_SOON, deadline.minus(settings.warning()));
      }
      if (!tracked.overdueDone()) {
        return new Due(DueKind.OVERDUE, deadline);
      }
      return expiry(s, deadline);
    }
    if (s.state() == LeadState.NURTURING) {
      List<Duration> cadence = settings.cadence();
      if (tracked.cadenceDone() < cadence.size()) {
        return new Due(DueKind.CADENCE, s.firstSeenAt().plus(cadence.get(tracked.cadenceDone())));
      }
      if (s.touches() == 0 && s.firstContactAt() == null) {
        Instant lastStep =
            cadence.isEmpty()
                ? s.firstSeenAt()
                : s.firstSeenAt().plus(cadence.get(cadence.size() - 1));
        return expiry(s, lastStep);
      }
    }
    return null;
  }

  private Due expiry(LeadStatus s, Instant lastDeadline) {
    Instant from =
        s.lastActivityAt() != null && s.lastActivityAt().isAfter(lastDeadline)
            ? s.lastActivityAt()
            : lastDeadline;
    return new Due(DueKind.EXPIRY, from.plus(settings.expireAfter()));
  }

  private Instant step(Draft d, int index) {
    return d.firstSeenAt.plus(settings.cadence().get(index));
  }

  /** A lead's first routed event. */
  private void start(Draft d, LeadEvent event, Route branch, Instant now) {
    d.branch = branch.branch();
    if (branch == Route.DNC) {
      d.state = LeadState.DO_NOT_CONTACT;
      return;
    }
    if (branch == Route.QUALIFIED) {
      boolean qualifiedLater = event.eventType() == EventType.UPDATED || event.followUpBy() == null;
      d.qualifiedAt = qualifiedLater ? event.receivedAt() : event.firstSeenAt();
      d.followUpBy =
          qualifiedLater ? event.receivedAt().plus(settings.followUpSla()) : event.followUpBy();
    }
    boolean backfill =
        d.firstSeenAt != null && !d.firstSeenAt.plus(settings.expireAfter()).isAfter(now);
    if (backfill) {
      // An old import: Partner Center has expired it already; track it, raise nothing.
      d.state = LeadState.EXPIRED;
      d.dueSoonDone = true;
      d.overdueDone = true;
      d.cadenceDone = settings.cadence().size();
      return;
    }
    d.state = branch == Route.QUALIFIED ? LeadState.OPEN : LeadState.NURTURING;
  }

  /** A later event of a lead already tracked. */
  private void change(Draft d, LeadEvent event, Route branch) {
    if (d.state == LeadState.DO_NOT_CONTACT) {
      return; // do not contact is for good
    }
    if (branch == Route.DNC) {
      d.branch = branch.branch();
      d.state = LeadState.DO_NOT_CONTACT;
      return;
    }
    boolean becomesQualified = branch == Route.QUALIFIED && !"qualified".equals(d.branch);
    if (!becomesQualified) {
      return;
    }
    d.branch = branch.branch();
    d.qualifiedAt = event.receivedAt();
    d.followUpBy = event.receivedAt().plus(settings.followUpSla());
    d.dueSoonDone = false;
    d.overdueDone = false;
    boolean open = d.state == LeadState.NURTURING || d.state == LeadState.EXPIRED;
    if (open) {
      d.state = d.firstContactAt == null ? LeadState.OPEN : LeadState.CONTACTED;
      if (d.firstContactAt != null) {
        d.slaMet = true; // contacted before it even qualified
      }
    }
  }

  /** One activity on a known lead. */
  private void apply(Draft d, LeadActivity activity, Instant now, List<LeadAlert> alerts) {
    ActivityType type = activity.type();
    Instant at = activity.at();
    if (d.lastActivityAt == null || at.isAfter(d.lastActivityAt)) {
      d.lastActivityAt = at;
    }
    if (type == ActivityType.ASSIGNED) {
      d.owner = activity.owner();
      d.ownerAssigned = true;
      return;
    }
    if (type.isTouch()) {
      d.touches++;
      if (d.lastTouchAt == null || at.isAfter(d.lastTouchAt)) {
        d.lastTouchAt = at;
      }
    }
    if (d.state == LeadState.DO_NOT_CONTACT) {
      if (type.contactsTheCustomer()) {
        alerts.add(alert(d, AlertType.DNC_CONTACTED, at, now));
      }
      return;
    }
    if (type.endsFollowUpClock() && d.firstContactAt == null) {
      d.firstContactAt = at;
      if ("qualified".equals(d.branch) && d.followUpBy != null) {
        d.slaMet = !at.isAfter(d.followUpBy);
      }
      if (d.state == LeadState.OPEN
          || (d.state == LeadState.EXPIRED && "qualified".equals(d.branch))) {
        d.state = LeadState.CONTACTED;
      } else if (d.state == LeadState.EXPIRED) {
        d.state = LeadState.NURTURING;
      }
    }
    if (type.closes()) {
      d.state =
          switch (type) {
            case WON -> LeadState.WON;
            case LOST -> LeadState.LOST;
            default -> LeadState.DISQUALIFIED;
          };
    } else if (type == ActivityType.REOPENED) {
      d.state = LeadState.OPEN;
      d.followUpBy = at.plus(settings.followUpSla());
      d.firstContactAt = null;
      d.slaMet = null;
      d.dueSoonDone = false;
      d.overdueDone = false;
    }
  }

  private LeadAlert alert(Draft d, AlertType type, Instant dueAt, Instant now) {
    return new LeadAlert(
        LeadAlert.SCHEMA_VERSION,
        LeadAlert.alertId(d.leadId, type, dueAt),
        d.leadId,
        type,
        dueAt,
        now,
        d.owner,
        d.branch,
        d.stage,
        d.score,
        d.offer);
  }

  private Draft draftOf(Tracked t) {
    LeadStatus s = t.status();
    Draft d = new Draft();
    d.leadId = s.leadId();
    d.branch = s.branch();
    d.owner = s.owner();
    d.offer = s.offer();
    d.stage = s.stage();
    d.score = s.score();
    d.firstSeenAt = s.firstSeenAt();
    d.qualifiedAt = s.qualifiedAt();
    d.followUpBy = s.followUpBy();
    d.firstContactAt = s.firstContactAt();
    d.slaMet = s.slaMet();
    d.state = s.state();
    d.touches = s.touches();
    d.lastActivityAt = s.lastActivityAt();
    d.updatedAt = s.updatedAt();
    d.pending = t.pending();
    d.pendingSince = t.pendingSince();
    d.dueSoonDone = t.dueSoonDone();
    d.overdueDone = t.overdueDone();
    d.cadenceDone = t.cadenceDone();
    d.lastTouchAt = t.lastTouchAt();
    d.ownerAssigned = t.ownerAssigned();
    d.indexedAt = t.indexedAt();
    return d;
  }

  private Draft firstDraft(String leadId, Tracked waiting, LeadEvent event) {
    Draft d = new Draft();
    d.leadId = leadId;
    d.firstSeenAt = event.firstSeenAt() != null ? event.firstSeenAt() : event.receivedAt();
    if (waiting != null) {
      d.pending = waiting.pending();
      d.pendingSince = waiting.pendingSince();
      d.indexedAt = waiting.indexedAt();
    }
    return d;
  }

  /** A mutable copy of a lead's state while one input is applied. */
  private final class Draft {
    String leadId;
    String branch;
    String owner;
    Offer offer;
    Stage stage;
    Integer score;
    Instant firstSeenAt;
    Instant qualifiedAt;
    Instant followUpBy;
    Instant firstContactAt;
    Boolean slaMet;
    LeadState state;
    int touches;
    Instant lastActivityAt;
    Instant updatedAt;
    List<LeadActivity> pending = List.of();
    Instant pendingSince;
    boolean dueSoonDone;
    boolean overdueDone;
    int cadenceDone;
    Instant lastTouchAt;
    boolean ownerAssigned;
    Long indexedAt;

    LeadStatus status() {
      boolean nurturing = state == LeadState.NURTURING && cadenceDone < settings.cadence().size();
      return new LeadStatus(
          LeadStatus.SCHEMA_VERSION,
          leadId,
          branch,
          owner,
          offer,
          stage,
          score,
          firstSeenAt,
          qualifiedAt,
          followUpBy,
          firstContactAt,
          "qualified".equals(branch) ? slaMet : null,
          state,
          touches,
          lastActivityAt,
          nurturing ? firstSeenAt.plus(settings.cadence().get(cadenceDone)) : null,
          updatedAt);
    }

    Tracked tracked() {
      return new Tracked(
          status(),
          pending,
          pendingSince,
          dueSoonDone,
          overdueDone,
          cadenceDone,
          lastTouchAt,
          ownerAssigned,
          indexedAt);
    }

    Result result(Instant now, List<LeadAlert> alerts) {
      updatedAt = now;
      LeadStatus status = status();
      return new Result(tracked(), status, List.copyOf(alerts));
    }
  }
}
