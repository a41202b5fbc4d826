package io.leadstream.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka header names on {@code leads.raw} and {@code leads.dlq} records. Values are UTF-8 strings.
 * Headers never carry personal data: they describe how and when a lead arrived, not who sent it.
 */
public final class RawHeaders {

  /** The ingest id, also the record key: {@code in_} + 26 base32 characters. */
  public static final String INGEST_ID = "leadstream-ingest-id";

  /** When the gateway (or the importer) received the lead: ISO-8601 UTC instant. */
  public static final String RECEIVED_AT = "leadstream-received-at";

  /**
   * Imports only: when Partner Center created the lead (ISO-8601 UTC instant), taken from the
   * export. The processor uses it as the lead's event time, so the dedup window treats an imported
   * lead as the lead it was. The record's own timestamp stays the import time, so topic retention
   * counts from when the record was written, not from when the lead was created.
   */
  public static final String CREATED_AT = "leadstream-created-at";

  /** How the lead arrived: {@code https} or {@code import}. */
  public static final String CHANNEL = "leadstream-channel";

  /** The Content-Type the sender declared, or empty when it declared none. */
  public static final String CONTENT_TYPE = "leadstream-content-type";

  /** The HTTP request id (X-Request-Id if the caller sent a sane one, else generated). */
  public static final String REQUEST_ID = "leadstream-request-id";

  /** Dead letters only: a stable, machine-readable reason code (see {@code DeadLetterReason}). */
  public static final String DLQ_REASON = "leadstream-dlq-reason";

  /** Dead letters only: a human-readable reason; never contains input text. */
  public static final String DLQ_DETAIL = "leadstream-dlq-detail";

  /**
   * Dead letters only: which component dead-lettered the record: {@code gateway} or {@code
   * processor}.
   */
  public static final String DLQ_STAGE = "leadstream-dlq-stage";

  /** Dead letters only: when the record was dead-lettered: ISO-8601 UTC instant. */
  public static final String DLQ_AT = "leadstream-dlq-at";

  /** Channel value for leads posted to the HTTPS endpoint. */
  public static final String CHANNEL_HTTPS = "https";

  /** Channel value for leads imported from an export file. */
  public static final String CHANNEL_IMPORT = "import";

  /**
   * The headers of a {@code leads.raw} record: the one writer, used by the gateway, the importer
   * and the tests. {@code createdAt} is null except for imports; {@code contentType} may be null
   * (sent as empty).
   */
  public static Headers of(
      String ingestId,
      Instant receivedAt,
      String channel,
      String contentType,
      String requestId,
      Instant createdAt) {
    RecordHeaders headers = new RecordHeaders();
    put(headers, INGEST_ID, ingestId);
    put(headers, RECEIVED_AT, receivedAt.toString());
    put(headers, CHANNEL, channel);
    put(headers, CONTENT_TYPE, contentType == null ? "" : contentType);
    put(headers, REQUEST_ID, requestId);
    if (createdAt != null) {
      put(headers, CREATED_AT, createdAt.toString());
    }
    return headers;
  }

  /** The last value of header {@code key} as UTF-8 text, or null (also for null headers). */
  public static String read(Headers headers, String key) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  static void put(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private RawHeaders() {}
}
