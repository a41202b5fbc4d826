package io.leadstream.processor.views;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadStatus;

/** One input of the funnel: a routed event or a lifecycle status of the same lead. */
record FunnelInput(LeadEvent event, LeadStatus status) {

  static FunnelInput event(LeadEvent event) {
    return new FunnelInput(event, null);
  }

  static FunnelInput status(LeadStatus status) {
    return new FunnelInput(null, status);
  }
}
