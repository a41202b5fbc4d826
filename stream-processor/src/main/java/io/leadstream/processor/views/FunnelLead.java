package io.leadstream.processor.views;

import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.Route;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.SourceCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * One lead's contribution to the funnel, as last counted ({@value ViewsStep#FUNNEL_LEAD_STORE}):
 * what to subtract when the lead changes. No contact data.
 *
 * @param day the UTC day of its firstSeenAt
 * @param source its source code
 * @param offer its offer's catalog key ({@link LeadTopology#catalogKey})
 * @param stage its stage, from its latest event
 * @param branch its route's branch (qualified, nurture, dnc), from its latest event
 * @param state its lifecycle state; null while it has no status (or the lifecycle is off)
 * @param sla its follow-up SLA outcome; null when it has no deadline
 * @param contactBucket the {@link FunnelDay#bucketOf} of its time to first contact, or null
 */
// Public for the store's serde only (InternalSerde names the records it writes as arrays).
public record FunnelLead(
    LocalDate day,
    String source,
    String offer,
    String stage,
    String branch,
    LeadState state,
    SlaOutcome sla,
    Integer contactBucket) {

  /** The store key of a part of a day: the day first, so a range of days is a range of keys. */
  static String key(LocalDate day, String source, String offer) {
    return day + "|" + source + "|" + offer;
  }

  /** The first key of {@code day}'s parts. */
  static String firstKeyOf(LocalDate day) {
    return day + "|";
  }

  /** Above every key of {@code day}'s parts ('}' sorts right after '|'). */
  static String lastKeyOf(LocalDate day) {
    return day + "}";
  }

  /** The source and offer of a key: {@code [day, source, offer]}. */
  static String[] parts(String key) {
    return key.split("\\|", 3);
  }

  String key() {
    return key(day, source, offer);
  }

  /** The contribution after a routed event; null for a test lead, which never counts. */
  static FunnelLead withEvent(FunnelLead before, LeadEvent event) {
    Route route = Route.of(event);
    if (route == Route.TEST) {
      return null;
    }
    Instant firstSeen = event.firstSeenAt() != null ? event.firstSeenAt() : event.receivedAt();
    return new FunnelLead(
        LocalDate.ofInstant(firstSeen, ZoneOffset.UTC),
        event.source().code().name(),
        LeadTopology.catalogKey(event),
        event.stage().name(),
        route.branch(),
        before == null ? null : before.state,
        before == null ? null : before.sla,
        before == null ? null : before.contactBucket);
  }

  /**
   * The contribution after a lifecycle status. A status of a lead the funnel has not seen (one
   * tracked before the funnel existed) counts with what the status knows; its source is UNKNOWN
   * until its next event.
   */
  static FunnelLead withStatus(FunnelLead before, LeadStatus status) {
    Integer bucket =
        status.firstContactAt() == null || status.firstSeenAt() == null
            ? null
            : FunnelDay.bucketOf(Duration.between(status.firstSeenAt(), status.firstContactAt()));
    if (before == null) {
      return new FunnelLead(
          LocalDate.ofInstant(status.firstSeenAt(), ZoneOffset.UTC),
          SourceCode.UNKNOWN.name(),
          LeadTopology.catalogKey(status.offer()),
          status.stage() == null ? null : status.stage().name(),
          status.branch(),
          status.state(),
          SlaOutcome.of(status),
          bucket);
    }
    return new FunnelLead(
        before.day,
        before.source,
        before.offer,
        before.stage,
        before.branch,
        status.state(),
        SlaOutcome.of(status),
        bucket);
  }

  /** What this lead adds to its part of the day. */
  FunnelDay figures() {
    long[] contacts = new long[FunnelDay.BUCKET_UPPER_SECONDS.length + 1];
    if (contactBucket != null) {
      contacts[contactBucket] = 1;
    }
    return new FunnelDay(
        day,
        1,
        stage == null ? Map.of() : Map.of(stage, 1L),
        branch == null ? Map.of() : Map.of(branch, 1L),
        state == null ? Map.of() : Map.of(state.name(), 1L),
        sla == SlaOutcome.MET ? 1 : 0,
        sla == SlaOutcome.MISSED ? 1 : 0,
        sla == SlaOutcome.OPEN ? 1 : 0,
        contacts);
  }
}
