package io.leadstream.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A readable view of one {@code leads.dlq} record (JSON Schema {@code
 * json/dead-letter.schema.json}): why and where it failed, how it arrived, and the original body,
 * as UTF-8 text when it is valid UTF-8, else base64. Build it with {@link DeadLetters#read}; the
 * Kafka record itself keeps the original bytes and carries this data in headers. The body is
 * personal data: {@link #toString()} shows its size only.
 *
 * @param ingestId the record key (the ingest id)
 * @param stage who dead-lettered it; null when the header is missing or unknown
 * @param reason the reason code; null when the header is missing or unknown
 * @param reasonCode the reason header exactly as found (kept when a newer writer used a new code)
 * @param detail the safe human-readable reason
 * @param failedAt when it was dead-lettered; null when the header is missing or not an instant
 * @param receivedAt the {@link RawHeaders#RECEIVED_AT} header as found
 * @param channel the {@link RawHeaders#CHANNEL} header
 * @param contentType the {@link RawHeaders#CONTENT_TYPE} header
 * @param requestId the {@link RawHeaders#REQUEST_ID} header
 * @param bodyEncoding {@code utf-8} or {@code base64}
 * @param body the original bytes, as text in {@code bodyEncoding}; null for a null value
 */
public record DeadLetter(
    String ingestId,
    DeadLetterStage stage,
    DeadLetterReason reason,
    String reasonCode,
    String detail,
    Instant failedAt,
    String receivedAt,
    String channel,
    String contentType,
    String requestId,
    String bodyEncoding,
    String body) {

  /** {@code bodyEncoding} of a body that is valid UTF-8. */
  public static final String UTF_8 = "utf-8";

  /** {@code bodyEncoding} of a body that is not valid UTF-8. */
  public static final String BASE64 = "base64";

  /** The original bytes, for replay; null when the record had no value. */
  public byte[] originalBytes() {
    if (body == null) {
      return null;
    }
    return BASE64.equals(bodyEncoding)
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DeadLetter[ingestId="
        + ingestId
        + ", stage="
        + stage
        + ", reason="
        + reasonCode
        + ", detail="
        + detail
        + ", failedAt="
        + failedAt
        + ", channel="
        + channel
        + ", body="
        + (body == null ? "null" : "<redacted " + bodyEncoding + ", " + body.length() + " chars>")
        + "]";
  }
}
