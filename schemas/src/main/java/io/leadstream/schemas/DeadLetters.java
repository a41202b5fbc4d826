package io.leadstream.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Building and reading {@code leads.dlq} records. A dead letter keeps the original bytes as its
 * value and the raw record's key (the ingest id); its headers are the raw record's headers ({@link
 * RawHeaders}) plus {@link RawHeaders#DLQ_REASON}, {@link RawHeaders#DLQ_DETAIL}, {@link
 * RawHeaders#DLQ_STAGE} and {@link RawHeaders#DLQ_AT}.
 */
public final class DeadLetters {

  /** Details longer than this are cut: a header is not a place for essays. */
  public static final int MAX_DETAIL_LENGTH = 500;

  /**
   * The headers of a dead letter: a copy of {@code rawHeaders} (may be null) without any previous
   * DLQ headers (a replayed record that fails again carries only the latest reason), plus the DLQ
   * headers. {@code detail} must already be safe (no input text); it is cut to {@value
   * #MAX_DETAIL_LENGTH} characters and stripped of control characters.
   */
  public static Headers headers(
      Headers rawHeaders,
      DeadLetterStage stage,
      DeadLetterReason reason,
      String detail,
      Instant failedAt) {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(failedAt, "failedAt");
    RecordHeaders headers = new RecordHeaders();
    if (rawHeaders != null) {
      for (Header header : rawHeaders) {
        if (!isDlqHeader(header.key())) {
          headers.add(header.key(), header.value());
        }
      }
    }
    RawHeaders.put(headers, RawHeaders.DLQ_REASON, reason.name());
    RawHeaders.put(headers, RawHeaders.DLQ_DETAIL, safeDetail(detail));
    RawHeaders.put(headers, RawHeaders.DLQ_STAGE, stage.code());
    RawHeaders.put(headers, RawHeaders.DLQ_AT, failedAt.toString());
    return headers;
  }

  /** The headers of a dead letter for a parse failure. */
  public static Headers headers(
      Headers rawHeaders, DeadLetterStage stage, LeadParseException failure, Instant failedAt) {
    return headers(rawHeaders, stage, failure.reason(), failure.getMessage(), failedAt);
  }

  /** The readable view of a dead-letter record; tolerates missing or unknown headers. */
  public static DeadLetter read(String key, byte[] value, Headers headers) {
    String ingestId = key != null ? key : RawHeaders.read(headers, RawHeaders.INGEST_ID);
    String reasonCode = RawHeaders.read(headers, RawHeaders.DLQ_REASON);
    String encoding = null;
    String body = null;
    if (value != null) {
      String text = utf8OrNull(value);
      encoding = text != null ? DeadLetter.UTF_8 : DeadLetter.BASE64;
      body = text != null ? text : Base64.getEncoder().encodeToString(value);
    }
    return new DeadLetter(
        ingestId,
        DeadLetterStage.parse(RawHeaders.read(headers, RawHeaders.DLQ_STAGE)),
        DeadLetterReason.parse(reasonCode),
        reasonCode,
        RawHeaders.read(headers, RawHeaders.DLQ_DETAIL),
        instantOrNull(RawHeaders.read(headers, RawHeaders.DLQ_AT)),
        RawHeaders.read(headers, RawHeaders.RECEIVED_AT),
        RawHeaders.read(headers, RawHeaders.CHANNEL),
        RawHeaders.read(headers, RawHeaders.CONTENT_TYPE),
        RawHeaders.read(headers, RawHeaders.REQUEST_ID),
        encoding,
        body);
  }

  /**
   * Whether {@code key} is one of the headers {@link #headers} writes on a dead letter (and so
   * takes off again: from a dead letter's raw headers, and from a record replayed from it).
   */
  public static boolean isDlqHeader(String key) {
    return RawHeaders.DLQ_REASON.equals(key)
        || RawHeaders.DLQ_DETAIL.equals(key)
        || RawHeaders.DLQ_STAGE.equals(key)
        || RawHeaders.DLQ_AT.equals(key);
  }

  private static String safeDetail(String detail) {
    if (detail == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(detail.length(), MAX_DETAIL_LENGTH));
    for (int i = 0; i < detail.length() && out.length() < MAX_DETAIL_LENGTH; i++) {
      char c = detail.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }

  private static String utf8OrNull(byte[] value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Instant instantOrNull(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private DeadLetters() {}
}
