package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadStatus;

/**
 * What one input of the lifecycle step did to a lead, for the steps that follow a lead's state (the
 * funnel): a routed event with the status it produced, or the status an activity or a deadline
 * produced. One record per input, so a follower applies an event and the status it caused at once.
 *
 * @param event the routed event, or null when an activity or a deadline changed the lead
 * @param status the lead's new status, or null when the event left it unchanged (a test lead, which
 *     is never tracked, always)
 */
public record LeadChange(LeadEvent event, LeadStatus status) {}
