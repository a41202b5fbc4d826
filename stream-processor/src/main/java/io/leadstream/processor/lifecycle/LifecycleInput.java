package io.leadstream.processor.lifecycle;

import io.leadstream.processor.Route;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;

/** One input of the lifecycle step: a routed lead event (with its branch) or an activity. */
record LifecycleInput(LeadEvent event, Route branch, LeadActivity activity) {

  static LifecycleInput routed(LeadEvent event) {
    return new LifecycleInput(event, Route.of(event), null);
  }

  static LifecycleInput activity(LeadActivity activity) {
    return new LifecycleInput(null, null, activity);
  }
}
