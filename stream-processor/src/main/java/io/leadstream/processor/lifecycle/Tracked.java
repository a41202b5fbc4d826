package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the lifecycle step keeps per lead in {@code lead-lifecycle-store}: the published status and
 * the bookkeeping behind "exactly once per deadline".
 *
 * @param status the lead's status; null while only activities for it have arrived
 * @param pending activities that arrived before their lead, applied when it arrives
 * @param pendingSince when the first pending activity arrived (they are dropped after {@code
 *     expire.after} if the lead never comes)
 * @param dueSoonDone FOLLOW_UP_DUE_SOON raised (or skipped) for the current deadline
 * @param overdueDone FOLLOW_UP_OVERDUE raised for the current deadline
 * @param cadenceDone how many nurture cadence steps have passed (raised or skipped)
 * @param lastTouchAt the latest CONTACTED or NURTURE_TOUCH, for the minimum gap
 * @param ownerAssigned the owner came from an ASSIGNED activity, so the catalog's does not replace
 *     it
 * @param indexedAt the due time (epoch ms) under which {@code lead-deadline-index} holds this lead,
 *     or null
 */
public record Tracked(
    LeadStatus status,
    List<LeadActivity> pending,
    Instant pendingSince,
    boolean dueSoonDone,
    boolean overdueDone,
    int cadenceDone,
    Instant lastTouchAt,
    boolean ownerAssigned,
    Long indexedAt) {

  public Tracked {
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  Tracked withIndexedAt(Long at) {
    return new Tracked(
        status,
        pending,
        pendingSince,
        dueSoonDone,
        overdueDone,
        cadenceDone,
        lastTouchAt,
        ownerAssigned,
        at);
  }
}
