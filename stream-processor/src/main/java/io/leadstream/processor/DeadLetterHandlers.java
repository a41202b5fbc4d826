package io.leadstream.processor;

import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.RawHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's exception handlers, set explicitly: a record that fails to deserialize, to
 * process or to be written goes to the dead-letter topic (within the same transaction) with its
 * bytes and a reason, and processing goes on. Nothing is skipped silently, and nothing crashes the
 * application for one bad record. Log lines name the topic, partition, offset and exception class,
 * never a record's content.
 */
public final class DeadLetterHandlers {

  /** Config key (in the Streams properties) naming the dead-letter topic. */
  public static final String DLQ_TOPIC_CONFIG = "leadstream.dlq.topic";

  /** Config key naming the raw topic: only its records are raw leads (replayable). */
  public static final String RAW_TOPIC_CONFIG = "leadstream.raw.topic";

  /** Config key naming the offer catalog topic, whose bad entries are skipped with a warning. */
  public static final String OFFERS_TOPIC_CONFIG = "leadstream.offers.topic";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {}

  static ProducerRecord<byte[], byte[]> deadLetter(
      String dlqTopic,
      DeadLetterReason reason,
      ErrorHandlerContext context,
      byte[] key,
      byte[] value,
      Headers headers,
      String detail) {
    Headers dlqHeaders =
        DeadLetters.headers(headers, DeadLetterStage.PROCESSOR, reason, detail, Instant.now());
    // The dead-letter key is the ingest id, as on leads.raw, whatever the failing record's key.
    String ingestId = RawHeaders.read(headers, RawHeaders.INGEST_ID);
    byte[] dlqKey = ingestId != null ? ingestId.getBytes(StandardCharsets.UTF_8) : key;
    LOG.warn(
        "Dead-lettering a record of {}[{}]@{} at node {}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        detail);
    return new ProducerRecord<>(dlqTopic, null, dlqKey, value, dlqHeaders);
  }

  /**
   * Where dead letters go, which topic holds raw leads and which the offer catalog, from the
   * Streams config.
   */
  private record Targets(String dlq, String raw, String offers) {
    static Targets from(Map<String, ?> configs) {
      Object dlq = configs.get(DLQ_TOPIC_CONFIG);
      if (dlq == null) {
        throw new IllegalStateException(DLQ_TOPIC_CONFIG + " must name the dead-letter topic");
      }
      Object raw = configs.get(RAW_TOPIC_CONFIG);
      Object offers = configs.get(OFFERS_TOPIC_CONFIG);
      return new Targets(
          dlq.toString(),
          raw == null ? null : raw.toString(),
          offers == null ? null : offers.toString());
    }

    /**
     * The reason for a failing record read from {@code topic}: a raw lead can pass once the
     * processor is fixed; anything else (a repartition record) is not a lead and would fail again.
     */
    DeadLetterReason reasonFor(String topic) {
      return topic != null && topic.equals(raw)
          ? DeadLetterReason.PROCESSING_FAILED
          : DeadLetterReason.UNPROCESSABLE;
    }

    /**
     * Whether {@code topic} is the offer catalog: operator data, not leads, so a failing entry is
     * skipped with a warning (the leads are then not enriched by it) instead of dead-lettered.
     */
    boolean skipsCatalogEntry(String topic, int partition, long offset, Exception exception) {
      if (topic == null || !topic.equals(offers)) {
        return false;
      }
      LOG.warn(
          "Skipping an offer catalog entry that failed at {}[{}]@{}: {}",
          topic,
          partition,
          offset,
          exception.getClass().getSimpleName());
      return true;
    }
  }

  /** A record the processor cannot even read (a corrupt repartition record, say). */
  public static final class Deserialization implements DeserializationExceptionHandler {
    private Targets targets;

    @Override
    public void configure(Map<String, ?> configs) {
      targets = Targets.from(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      if (targets.skipsCatalogEntry(
          record.topic(), record.partition(), record.offset(), exception)) {
        return Response.resume();
      }
      return Response.resume(
          List.of(
              deadLetter(
                  targets.dlq(),
                  targets.reasonFor(record.topic()),
                  context,
                  record.key(),
                  record.value(),
                  record.headers(),
                  "unreadable record on "
                      + record.topic()
                      + ": "
                      + exception.getClass().getSimpleName())));
    }
  }

  /** A processor threw: a bug or an unforeseen input, not a reason to stop the pipeline. */
  public static final class Processing implements ProcessingExceptionHandler {
    private Targets targets;

    @Override
    public void configure(Map<String, ?> configs) {
      targets = Targets.from(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      if (targets.skipsCatalogEntry(
          context.topic(), context.partition(), context.offset(), exception)) {
        return Response.resume();
      }
      return Response.resume(
          List.of(
              deadLetter(
                  targets.dlq(),
                  targets.reasonFor(context.topic()),
                  context,
                  context.sourceRawKey(),
                  context.sourceRawValue(),
                  context.headers(),
                  "processing failed at node "
                      + context.processorNodeId()
                      + ": "
                      + exception.getClass().getSimpleName())));
    }
  }

  /** A result could not be serialized or written (too large for the topic, say). */
  public static final class Production implements ProductionExceptionHandler {
    private Targets targets;

    @Override
    public void configure(Map<String, ?> configs) {
      targets = Targets.from(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
      if (exception instanceof RetriableException) {
        return Response.retry();
      }
      return Response.resume(
          List.of(
              deadLetter(
                  targets.dlq(),
                  // The bytes are the output, not the lead: a replay would not write it either.
                  DeadLetterReason.UNPROCESSABLE,
                  context,
                  record.key(),
                  record.value(),
                  record.headers(),
                  "could not write to "
                      + record.topic()
                      + ": "
                      + exception.getClass().getSimpleName())));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
        ErrorHandlerContext context,
        ProducerRecord record,
        Exception exception,
        SerializationExceptionOrigin origin) {
      return Response.resume(
          List.of(
              deadLetter(
                  targets.dlq(),
                  targets.reasonFor(context.topic()),
                  context,
                  context.sourceRawKey(),
                  context.sourceRawValue(),
                  context.headers(),
                  "could not serialize the "
                      + origin.name().toLowerCase(java.util.Locale.ROOT)
                      + " for "
                      + record.topic()
                      + ": "
                      + exception.getClass().getSimpleName())));
    }
  }
}
