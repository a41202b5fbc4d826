package io.leadstream.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * LeadEvent v1, the value of {@code leads.qualified}, {@code leads.nurture}, {@code leads.dnc} and
 * {@code leads.test} (keyed by {@code leadId}); JSON Schema {@code json/lead-event-v1.schema.json},
 * serde {@link LeadSerdes#leadEvent()}. Fields may be null where unknown, except {@code
 * schemaVersion}, {@code leadId}, {@code eventType}, {@code source}, {@code action}, {@code stage},
 * {@code test}. Holds personal data (customer, notes): {@link #toString()} redacts it.
 *
 * @param occurrences how many raw leads merged into this one so far (1 for a first NEW event)
 * @param followUpBy {@code firstSeenAt} plus the follow-up SLA
 */
public record LeadEvent(
    int schemaVersion,
    String leadId,
    EventType eventType,
    int occurrences,
    Instant firstSeenAt,
    Instant receivedAt,
    Instant followUpBy,
    Source source,
    Action action,
    Stage stage,
    Offer offer,
    Customer customer,
    String notes,
    Map<String, String> campaign,
    Routing routing,
    Qualification qualification,
    boolean test,
    Ingest ingest) {

  /** The version this class writes. */
  public static final int SCHEMA_VERSION = 1;

  /** The follow-up SLA of the design: 24 hours. */
  public static final Duration DEFAULT_FOLLOW_UP_SLA = Duration.ofHours(24);

  public LeadEvent {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(eventType, "eventType");
    source = source == null ? new Source(SourceCode.UNKNOWN, null) : source;
    action = action == null ? new Action(ActionCode.UNKNOWN, null) : action;
    stage = stage == null ? Stage.UNKNOWN : stage;
    campaign = campaign == null ? Map.of() : Map.copyOf(campaign);
  }

  /**
   * The first event of a customer-offer: NEW, one occurrence, first seen when received, follow up
   * by {@code receivedAt + followUpSla}; routing and qualification still null (set them with {@link
   * #withRouting} and {@link #withQualification}). For examples and tests: the processor builds its
   * events from the merged record of a customer-offer.
   */
  public static LeadEvent newLead(
      String leadId, NormalizedLead lead, Ingest ingest, Instant receivedAt, Duration followUpSla) {
    return of(leadId, EventType.NEW, 1, receivedAt, receivedAt, lead, ingest)
        .withQualification(null, receivedAt == null ? null : receivedAt.plus(followUpSla));
  }

  /**
   * The event of a customer-offer's (merged) lead: its fields as the lead has them; followUpBy,
   * routing and qualification still null (enrichment and qualification set them).
   */
  public static LeadEvent of(
      String leadId,
      EventType type,
      int occurrences,
      Instant firstSeenAt,
      Instant receivedAt,
      NormalizedLead lead,
      Ingest ingest) {
    return new LeadEvent(
        SCHEMA_VERSION,
        leadId,
        type,
        occurrences,
        firstSeenAt,
        receivedAt,
        null,
        lead.source(),
        lead.action(),
        lead.stage(),
        lead.offer(),
        lead.customer(),
        lead.notes(),
        lead.campaign(),
        null,
        null,
        lead.test(),
        ingest);
  }

  /** This event with {@code routing} replaced. */
  public LeadEvent withRouting(Routing newRouting) {
    return new LeadEvent(
        schemaVersion,
        leadId,
        eventType,
        occurrences,
        firstSeenAt,
        receivedAt,
        followUpBy,
        source,
        action,
        stage,
        offer,
        customer,
        notes,
        campaign,
        newRouting,
        qualification,
        test,
        ingest);
  }

  /** This event with {@code qualification} replaced. */
  public LeadEvent withQualification(Qualification newQualification) {
    return withQualification(newQualification, followUpBy);
  }

  /**
   * This event with {@code qualification} and {@code followUpBy} replaced: the processor's
   * qualification step decides both, what the lead is worth and by when to follow it up.
   */
  public LeadEvent withQualification(Qualification newQualification, Instant newFollowUpBy) {
    return new LeadEvent(
        schemaVersion,
        leadId,
        eventType,
        occurrences,
        firstSeenAt,
        receivedAt,
        newFollowUpBy,
        source,
        action,
        stage,
        offer,
        customer,
        notes,
        campaign,
        routing,
        newQualification,
        test,
        ingest);
  }

  @Override
  public String toString() {
    return "LeadEvent[leadId="
        + leadId
        + ", eventType="
        + eventType
        + ", occurrences="
        + occurrences
        + ", receivedAt="
        + receivedAt
        + ", "
        + LeadText.sharedFields(source, action, stage, offer, customer, notes, campaign)
        + ", routing="
        + routing
        + ", qualification="
        + qualification
        + ", test="
        + test
        + ", ingest="
        + ingest
        + "]";
  }
}
