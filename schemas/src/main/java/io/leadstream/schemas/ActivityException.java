package io.leadstream.schemas;

/**
 * A LeadActivity report that cannot be accepted. {@link #field()} names the offending field (or
 * {@code null} when the body as a whole is wrong); the message says what is wrong and never quotes
 * the input, so it is safe to log and to return to the caller.
 */
public final class ActivityException extends Exception {

  private final String field;

  public ActivityException(String field, String safeMessage) {
    super(safeMessage, null, false, false);
    this.field = field;
  }

  /** The JSON property at fault, or null for the body as a whole. */
  public String field() {
    return field;
  }
}
