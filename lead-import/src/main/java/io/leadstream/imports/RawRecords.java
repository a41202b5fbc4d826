package io.leadstream.imports;

import io.leadstream.schemas.RawHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Builds the {@code leads.raw} record of an imported lead, for the CLI's import command and the
 * gateway's batch endpoint alike. Key: the deterministic ingest id ({@link ImportIds}). Value: the
 * Partner Center body. Timestamp: the import time (topic retention counts from it). Headers: the
 * ingest id, {@code received-at} (import time), {@code channel=import}, {@code content-type:
 * application/json}, {@code request-id} (the import run or the batch request), and {@code
 * created-at}: the lead's creation time, which the processor takes as its event time.
 */
public final class RawRecords {

  public static final String CONTENT_TYPE = "application/json";

  private final ImportIds ids;
  private final String topic;

  public RawRecords(ImportIds ids, String topic) {
    this.ids = ids;
    this.topic = topic;
  }

  /** The topic the records go to. */
  public String topic() {
    return topic;
  }

  /** The record of {@code lead}, imported at {@code receivedAt} by run or request {@code runId}. */
  public ProducerRecord<byte[], byte[]> record(
      ImportedLead lead, Instant receivedAt, String runId) {
    String ingestId = ids.ingestId(lead.body(), lead.createdAt());
    Headers headers =
        RawHeaders.of(
            ingestId, receivedAt, RawHeaders.CHANNEL_IMPORT, CONTENT_TYPE, runId, lead.createdAt());
    return new ProducerRecord<>(
        topic,
        null,
        receivedAt.toEpochMilli(),
        ingestId.getBytes(StandardCharsets.US_ASCII),
        lead.body(),
        headers);
  }

  /** The ingest id of a record this class built. */
  public static String ingestId(ProducerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.US_ASCII);
  }
}
