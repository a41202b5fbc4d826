package io.leadstream.schemas;

/**
 * Why a record is in {@code leads.dlq}: the stable, machine-readable code carried in the {@link
 * RawHeaders#DLQ_REASON} header (the enum name). The first five mirror {@link JsonBodies.Problem}.
 */
public enum DeadLetterReason {
  /** No bytes, or only whitespace. */
  EMPTY_BODY,
  /** Not well-formed JSON (or not valid UTF-8); the detail says where. */
  MALFORMED_JSON,
  /** Well-formed JSON, but not an object (an array, a string, a number, ...). */
  NOT_AN_OBJECT,
  /** A JSON object followed by more content. */
  TRAILING_CONTENT,
  /** Nested too deep, or a value over the size limit. */
  TOO_DEEP,
  /** Over the gateway's body size limit. */
  TOO_LARGE,
  /**
   * The processor failed on a raw lead for a reason other than its content (a bug, say): the body
   * is the raw lead as received, so a replay after the fix can pass.
   */
  PROCESSING_FAILED,
  /**
   * The processor failed on a record that is not a raw lead: one of its internal records
   * (unreadable, or of an unknown format version) or an output it could not write (too large for
   * its topic, say). The body is that record, not a lead: a replay would fail again (or feed a
   * non-lead to {@code leads.raw}); it is kept to diagnose the failure.
   */
  UNPROCESSABLE;

  /** The reason for a {@link JsonBodies} problem. */
  public static DeadLetterReason of(JsonBodies.Problem problem) {
    return switch (problem) {
      case EMPTY_BODY -> EMPTY_BODY;
      case MALFORMED_JSON -> MALFORMED_JSON;
      case NOT_AN_OBJECT -> NOT_AN_OBJECT;
      case TRAILING_CONTENT -> TRAILING_CONTENT;
      case TOO_DEEP -> TOO_DEEP;
    };
  }

  /** The code, or null for null or a code this version does not know. */
  public static DeadLetterReason parse(String code) {
    if (code == null) {
      return null;
    }
    try {
      return valueOf(code.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
