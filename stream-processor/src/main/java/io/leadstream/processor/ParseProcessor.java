package io.leadstream.processor;

import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.LeadNormalizer;
import io.leadstream.schemas.LeadParseException;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.RawHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Parses and normalizes a raw lead ({@code leads.raw}: ingest id to the exact bytes received) and
 * computes its leadId. What cannot be parsed is passed on as a dead letter: the original bytes,
 * with the raw headers and the reason added as headers.
 */
final class ParseProcessor implements FixedKeyProcessor<String, byte[], ParseResult> {

  private final LeadIds leadIds;
  private final LeadMetrics metrics;
  private FixedKeyProcessorContext<String, ParseResult> context;

  ParseProcessor(LeadIds leadIds, LeadMetrics metrics) {
    this.leadIds = leadIds;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ParseResult> context) {
    this.context = context;
  }

  /** A stable stand-in for a missing ingest id: where the record sits in its topic. */
  private String positionId() {
    return context
        .recordMetadata()
        .map(m -> "raw-" + m.topic() + "-" + m.partition() + "-" + m.offset())
        .orElseThrow(() -> new IllegalStateException("a raw record without ingest id or position"));
  }

  /**
   * The lead's event time: for an import, when Partner Center created it ({@link
   * RawHeaders#CREATED_AT}), else the record's timestamp (when the gateway received it). A creation
   * time that cannot be read, or that lies after the record was written, is not trusted.
   */
  static long eventTime(FixedKeyRecord<?, ?> record) {
    String createdAt = RawHeaders.read(record.headers(), RawHeaders.CREATED_AT);
    if (createdAt == null) {
      return record.timestamp();
    }
    try {
      return Math.min(Instant.parse(createdAt).toEpochMilli(), record.timestamp());
    } catch (DateTimeParseException | ArithmeticException e) {
      return record.timestamp();
    }
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    String ingestId = record.key();
    if (ingestId == null || ingestId.isBlank()) {
      ingestId = RawHeaders.read(record.headers(), RawHeaders.INGEST_ID);
    }
    try {
      NormalizedLead lead = LeadNormalizer.parseAndNormalize(record.value());
      String channel = RawHeaders.read(record.headers(), RawHeaders.CHANNEL);
      String id = ingestId != null ? ingestId : positionId();
      ParsedLead parsed =
          new ParsedLead(
              id,
              channel == null ? RawHeaders.CHANNEL_HTTPS : channel,
              eventTime(record),
              leadIds.leadId(lead, id),
              lead);
      context.forward(record.withValue(ParseResult.parsed(parsed)));
    } catch (LeadParseException e) {
      metrics.deadLettered(e.reason().name());
      context.forward(
          record
              .withValue(ParseResult.deadLetter(record.value()))
              .withHeaders(
                  DeadLetters.headers(
                      record.headers(),
                      DeadLetterStage.PROCESSOR,
                      e,
                      Instant.ofEpochMilli(context.currentSystemTimeMs()))));
    }
  }
}
