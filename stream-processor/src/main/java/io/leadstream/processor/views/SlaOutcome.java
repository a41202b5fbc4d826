package io.leadstream.processor.views;

import io.leadstream.processor.Route;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;

/** Where a qualified lead stands against its follow-up deadline, as its status says. */
enum SlaOutcome {
  MET,
  MISSED,
  OPEN;

  /**
   * The outcome of a status, null for a lead without a follow-up deadline (nurture, dnc). The
   * lifecycle decides {@code slaMet} on the first contact; a lead not contacted counts as missed
   * once the lifecycle saw its deadline pass (OVERDUE, or EXPIRED, which only follows it).
   */
  static SlaOutcome of(LeadStatus status) {
    if (status == null
        || !Route.QUALIFIED.branch().equals(status.branch())
        || status.followUpBy() == null) {
      return null;
    }
    if (status.slaMet() != null) {
      return status.slaMet() ? MET : MISSED;
    }
    return LifecycleStep.overdue(status) || status.state() == LeadState.EXPIRED ? MISSED : OPEN;
  }
}
