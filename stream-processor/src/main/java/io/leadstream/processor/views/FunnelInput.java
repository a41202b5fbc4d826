package io.leadstream.processor.views;

import io.leadstream.processor.lifecycle.LeadChange;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadStatus;

/**
 * One input of the funnel: a routed event, a lifecycle status of the lead, or both (the event and
 * the status it caused), applied in that order.
 */
record FunnelInput(LeadEvent event, LeadStatus status) {

  static FunnelInput event(LeadEvent event) {
    return new FunnelInput(event, null);
  }

  static FunnelInput of(LeadChange change) {
    return new FunnelInput(change.event(), change.status());
  }
}
