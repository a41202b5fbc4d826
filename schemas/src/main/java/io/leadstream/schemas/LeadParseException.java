package io.leadstream.schemas;

import java.util.Objects;

/**
 * A body that is not a Partner Center lead: not one well-formed JSON object. The {@link #reason()}
 * is the dead-letter reason code; the message says what is wrong and where (line and column for
 * broken JSON) and never contains input text, so it is safe to log, to return to the caller and to
 * put in {@link RawHeaders#DLQ_DETAIL}.
 */
public final class LeadParseException extends Exception {

  private final DeadLetterReason reason;

  public LeadParseException(DeadLetterReason reason, String safeMessage) {
    super(safeMessage, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The rejection of a {@link JsonBodies} check, as an exception. */
  public static LeadParseException of(JsonBodies.Rejection rejection) {
    return new LeadParseException(DeadLetterReason.of(rejection.problem()), rejection.detail());
  }

  /** The machine-readable reason, for the {@link RawHeaders#DLQ_REASON} header. */
  public DeadLetterReason reason() {
    return reason;
  }
}
