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

  /** Config key naming the offer catalog topic, whose bad entries are skipped with a warning. */
  public static final String OFFERS_TOPIC_CONFIG = "leadstream.offers.topic";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {}

  static ProducerRecord<byte[], byte[]> deadLetter(
      String dlqTopic,
      ErrorHandlerContext context,
      byte[] key,
      byte[] value,
      Headers headers,
      String detail) {
    Headers dlqHeaders =
        DeadLetters.headers(
            headers,
            DeadLetterStage.PROCESSOR,
            DeadLetterReason.PROCESSING_FAILED,
            detail,
            Instant.now());
    // The dead-letter key is the ingest id, as on leads.raw, whatever the failing record's key.
    String ingestId = DeadLetters.header(headers, RawHeaders.INGEST_ID);
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

  private static String offersTopic(Map<String, ?> configs) {
    Object offers = configs.get(OFFERS_TOPIC_CONFIG);
    return offers == null ? null : offers.toString();
  }

  private static String dlqTopic(Map<String, ?> configs) {
    Object topic = configs.get(DLQ_TOPIC_CONFIG);
    if (topic == null) {
      throw new IllegalStateException(DLQ_TOPIC_CONFIG + " must name the dead-letter topic");
    }
    return topic.toString();
  }

  /** A record the processor cannot even read (a corrupt repartition record, say). */
  public static final class Deserialization implements DeserializationExceptionHandler {
    private String dlqTopic;
    private String offersTopic;

    @Override
    public void configure(Map<String, ?> configs) {
      dlqTopic = dlqTopic(configs);
      offersTopic = offersTopic(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      if (record.topic().equals(offersTopic)) {
        // Operator data, not a lead: skip the bad catalog entry; the lead is then not enriched.
        LOG.warn(
            "Skipping an unreadable offer catalog entry at {}[{}]@{}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            exception.getClass().getSimpleName());
        return Response.resume();
      }
      return Response.resume(
          List.of(
              deadLetter(
                  dlqTopic,
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
    private String dlqTopic;
    private String offersTopic;

    @Override
    public void configure(Map<String, ?> configs) {
      dlqTopic = dlqTopic(configs);
      offersTopic = offersTopic(configs);
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      if (context.topic() != null && context.topic().equals(offersTopic)) {
        LOG.warn(
            "Skipping an offer catalog entry that failed at {}[{}]@{}: {}",
            context.topic(),
            context.partition(),
            context.offset(),
            exception.getClass().getSimpleName());
        return Response.resume();
      }
      return Response.resume(
          List.of(
              deadLetter(
                  dlqTopic,
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
    private String dlqTopic;

    @Override
    public void configure(Map<String, ?> configs) {
      dlqTopic = dlqTopic(configs);
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
                  dlqTopic,
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
                  dlqTopic,
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
