package io.leadstream.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * LeadStatus v1, the value of the compacted {@code leads.status} (keyed by {@code leadId}): the
 * current lifecycle state of one tracked lead. Carries no customer contact data.
 *
 * @param branch the output topic the lead was last routed to: {@code qualified}, {@code nurture} or
 *     {@code dnc}
 * @param qualifiedAt when the lead first reached {@code leads.qualified}, else null
 * @param followUpBy the follow-up deadline while it runs (qualified leads), else null
 * @param slaMet whether the first contact came by the deadline; null while open or not qualified
 * @param touches how many NURTURE_TOUCH and CONTACTED activities were recorded
 * @param nextTouchAt the next step of the nurture cadence, else null
 */
public record LeadStatus(
    int schemaVersion,
    String leadId,
    String branch,
    String owner,
    Offer offer,
    Stage stage,
    Integer score,
    Instant firstSeenAt,
    Instant qualifiedAt,
    Instant followUpBy,
    Instant firstContactAt,
    Boolean slaMet,
    LeadState state,
    int touches,
    Instant lastActivityAt,
    Instant nextTouchAt,
    Instant updatedAt) {

  /** The version this class writes. */
  public static final int SCHEMA_VERSION = 1;

  public LeadStatus {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(state, "state");
  }
}
