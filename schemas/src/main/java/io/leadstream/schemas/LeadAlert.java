package io.leadstream.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;

/**
 * LeadAlert v1, the value of {@code leads.alerts} (keyed by {@code leadId}): a lead needs a person
 * now. Carries no customer contact data. {@code alertId} is a function of the lead, the type and
 * the deadline ({@link #alertId(String, AlertType, Instant)}), so the same deadline always gives
 * the same id: a redelivered alert can be recognised, and a notifier can use it as its idempotency
 * key.
 *
 * @param dueAt the deadline or cadence step the alert is about (for DNC_CONTACTED: the time of the
 *     offending activity)
 */
public record LeadAlert(
    int schemaVersion,
    String alertId,
    String leadId,
    AlertType type,
    Instant dueAt,
    Instant raisedAt,
    String owner,
    String branch,
    Stage stage,
    Integer score,
    Offer offer) {

  /** The version this class writes. */
  public static final int SCHEMA_VERSION = 1;

  public LeadAlert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  /**
   * {@code al_} + 26 lower-case base32 characters of SHA-256 over the lead id, the type and the due
   * time: deterministic, and no personal data (a lead id carries none).
   */
  public static String alertId(String leadId, AlertType type, Instant dueAt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest =
          sha.digest(
              (leadId + '\0' + type.name() + '\0' + dueAt.toEpochMilli())
                  .getBytes(StandardCharsets.UTF_8));
      return "al_" + LeadIds.base32(digest, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
