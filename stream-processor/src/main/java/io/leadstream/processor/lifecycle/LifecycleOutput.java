package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadStatus;

/** One output of the lifecycle step: a status for {@code leads.status} or an alert. */
record LifecycleOutput(LeadStatus status, LeadAlert alert) {

  static LifecycleOutput of(LeadStatus status) {
    return new LifecycleOutput(status, null);
  }

  static LifecycleOutput of(LeadAlert alert) {
    return new LifecycleOutput(null, alert);
  }
}
