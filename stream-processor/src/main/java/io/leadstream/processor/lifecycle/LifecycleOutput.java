package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadStatus;

/**
 * One output of the lifecycle step: an alert, or a {@link LeadChange} (whose status, if any, goes
 * to {@code leads.status}).
 */
record LifecycleOutput(LeadChange change, LeadAlert alert) {

  static LifecycleOutput of(LeadEvent event, LeadStatus status) {
    return new LifecycleOutput(new LeadChange(event, status), null);
  }

  static LifecycleOutput of(LeadAlert alert) {
    return new LifecycleOutput(null, alert);
  }
}
