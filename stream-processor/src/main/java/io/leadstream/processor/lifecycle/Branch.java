package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.Stage;

/**
 * The output a lead event is routed to, in the order the routing step checks: a test lead is a test
 * whatever else it says, a do-not-contact notification is never outreach, then qualification. The
 * routing step and the lifecycle step both use this one rule.
 */
public enum Branch {
  TEST,
  DNC,
  QUALIFIED,
  NURTURE;

  public static Branch of(LeadEvent event) {
    if (event.test()) {
      return TEST;
    }
    if (event.stage() == Stage.DO_NOT_CONTACT) {
      return DNC;
    }
    if (event.qualification() != null && event.qualification().qualified()) {
      return QUALIFIED;
    }
    return NURTURE;
  }

  /** The name used in LeadStatus, metrics and sink names: {@code qualified}, {@code dnc}, ... */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
