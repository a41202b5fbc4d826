package io.leadstream.schemas;

import java.time.Instant;
import java.util.Objects;

/**
 * LeadActivity v1, the value of {@code leads.activity} (keyed by {@code leadId}): what sales or
 * marketing did with a lead, as reported by a sales tool, a CRM or {@code ./leadstream activity}.
 * Carries no customer data: {@code by} and {@code owner} are owner ids. Read and checked by {@link
 * LeadActivities#parse}.
 *
 * @param at when it happened; the gateway sets the time it received the report when the sender gave
 *     none
 * @param owner for {@link ActivityType#ASSIGNED}: the new owner, else null
 */
public record LeadActivity(
    int schemaVersion, String leadId, ActivityType type, Instant at, String by, String owner) {

  /** The version this class writes. */
  public static final int SCHEMA_VERSION = 1;

  public LeadActivity {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
  }

  public static LeadActivity of(
      String leadId, ActivityType type, Instant at, String by, String owner) {
    return new LeadActivity(SCHEMA_VERSION, leadId, type, at, by, owner);
  }
}
