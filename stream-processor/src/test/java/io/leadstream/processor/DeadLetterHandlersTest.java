package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.DeadLetter;
import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.RawHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

  private static final Map<String, String> CONFIG =
      Map.of(
          DeadLetterHandlers.DLQ_TOPIC_CONFIG, "leads.dlq",
          DeadLetterHandlers.RAW_TOPIC_CONFIG, "leads.raw",
          DeadLetterHandlers.OFFERS_TOPIC_CONFIG, "leads.offers");
  private static final byte[] PERSONAL =
      "{\"Email\":\"someone@contoso.example.com\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aRawLeadThatFailedProcessingIsDeadLetteredAsReplayableAndAnInternalRecordAsUnprocessable() {
    DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();
    handler.configure(CONFIG);
    IllegalStateException failure = new IllegalStateException("boom");

    ProcessingExceptionHandler.Response raw =
        handler.handleError(
            context("leads.raw", "in_42", PERSONAL), new Record<>("in_42", "v", 0L), failure);
    ProcessingExceptionHandler.Response internal =
        handler.handleError(
            context("leadstream-processor-lead-by-id-repartition", "ld_abc", PERSONAL),
            new Record<>("ld_abc", "v", 0L),
            failure);

    assertThat(reason(raw.deadLetterQueueRecords())).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
    assertThat(reason(internal.deadLetterQueueRecords())).isEqualTo(DeadLetterReason.UNPROCESSABLE);
  }

  private static DeadLetterReason reason(List<ProducerRecord<byte[], byte[]>> letters) {
    assertThat(letters).hasSize(1);
    return DeadLetters.read("in_42", letters.get(0).value(), letters.get(0).headers()).reason();
  }

  @Test
  void aProcessingFailureDeadLettersTheSourceBytesUnderTheIngestIdAndResumes() {
    DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();
    handler.configure(CONFIG);

    ProcessingExceptionHandler.Response response =
        handler.handleError(
            context("leadstream-processor-lead-by-id-repartition", "ld_abc", PERSONAL),
            new Record<>("ld_abc", "value", 0L),
            new IllegalStateException("boom with someone@contoso.example.com"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    assertThat(letter.topic()).isEqualTo("leads.dlq");
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("in_42");
    assertThat(letter.value()).isEqualTo(PERSONAL);
    DeadLetter read = DeadLetters.read("in_42", letter.value(), letter.headers());
    assertThat(read.reason()).isEqualTo(DeadLetterReason.UNPROCESSABLE);
    assertThat(read.stage()).isEqualTo(DeadLetterStage.PROCESSOR);
    assertThat(read.detail())
        .contains("node dedup", "IllegalStateException")
        .doesNotContain("someone@contoso.example.com");
  }

  @Test
  void anUnreadableRecordIsDeadLetteredButABadCatalogEntryIsOnlySkipped() {
    DeadLetterHandlers.Deserialization handler = new DeadLetterHandlers.Deserialization();
    handler.configure(CONFIG);
    SerializationException failure = new SerializationException("cannot read ParsedLead");

    DeserializationExceptionHandler.Response lead =
        handler.handleError(
            context("leadstream-processor-lead-by-id-repartition", "ld_abc", PERSONAL),
            new ConsumerRecord<>(
                "leadstream-processor-lead-by-id-repartition", 0, 7L, key("ld_abc"), PERSONAL),
            failure);
    DeserializationExceptionHandler.Response catalog =
        handler.handleError(
            context("leads.offers", "contoso.x", PERSONAL),
            new ConsumerRecord<>("leads.offers", 0, 3L, key("contoso.x"), new byte[] {1, 2}),
            failure);

    assertThat(lead.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(lead.deadLetterQueueRecords()).hasSize(1);
    assertThat(lead.deadLetterQueueRecords().get(0).value()).isEqualTo(PERSONAL);
    assertThat(reason(lead.deadLetterQueueRecords())).isEqualTo(DeadLetterReason.UNPROCESSABLE);
    assertThat(catalog.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(catalog.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void aRecordTooLargeForItsTopicIsDeadLetteredAndARetriableErrorRetried() {
    DeadLetterHandlers.Production handler = new DeadLetterHandlers.Production();
    handler.configure(CONFIG);
    ProducerRecord<byte[], byte[]> output =
        new ProducerRecord<>("leads.qualified", null, key("ld_abc"), PERSONAL, headers());

    ProductionExceptionHandler.Response tooLarge =
        handler.handleError(
            context("leads.raw", "in_42", PERSONAL),
            output,
            new RecordTooLargeException("too large"));
    ProductionExceptionHandler.Response transient_ =
        handler.handleError(
            context("leads.raw", "in_42", PERSONAL),
            output,
            new NotEnoughReplicasException("later"));

    assertThat(tooLarge.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    List<ProducerRecord<byte[], byte[]>> letters = tooLarge.deadLetterQueueRecords();
    assertThat(reason(letters)).isEqualTo(DeadLetterReason.UNPROCESSABLE);
    assertThat(RawHeaders.read(letters.get(0).headers(), RawHeaders.DLQ_DETAIL))
        .isEqualTo("could not write to leads.qualified: RecordTooLargeException");
    assertThat(transient_.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static Headers headers() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(RawHeaders.INGEST_ID, key("in_42"));
    headers.add(RawHeaders.CHANNEL, key("https"));
    return headers;
  }

  private static ErrorHandlerContext context(String topic, String rawKey, byte[] rawValue) {
    Headers headers = headers();
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return 0;
      }

      @Override
      public long offset() {
        return 7L;
      }

      @Override
      public Headers headers() {
        return headers;
      }

      @Override
      public String processorNodeId() {
        return "dedup";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(1, 0);
      }

      @Override
      public long timestamp() {
        return 0L;
      }

      @Override
      public byte[] sourceRawKey() {
        return key(rawKey);
      }

      @Override
      public byte[] sourceRawValue() {
        return rawValue;
      }
    };
  }
}
