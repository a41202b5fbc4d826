package io.leadstream.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records with the gateway's one idempotent, {@code acks=all} producer and reports each
 * record's outcome as the producer decided it.
 *
 * <p>{@code send()} blocks (up to {@code max.block.ms}) when the topic's metadata is unknown or the
 * buffer is full, exactly when Kafka is down, so it is called on the caller's thread (an event
 * loop) only when it cannot block: the topic had a record acknowledged within the metadata window
 * (its metadata is cached) and the bytes handed to the producer and not yet decided are under the
 * fast-path bound (half of {@code buffer.memory}). Otherwise it runs on a dedicated thread; a
 * record whose turn there comes too late to be decided before its deadline is not sent at all, so a
 * 503 for it is the truth. That queue is bounded by the gateway's in-flight limit. The fast path
 * saves every lead a hop to that thread, which the gateway benchmark showed to cost more than any
 * check.
 *
 * <p>A producer that failed fatally (an error that is neither a per-record nor a retriable one,
 * after which every send fails) is replaced by a new one, so the gateway recovers without a
 * restart.
 */
final class LeadProducer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeadProducer.class);

  /** The record was never handed to the producer: it cannot become durable. */
  static final class NotSentException extends RuntimeException {
    NotSentException(String message) {
      super(message, null, false, false);
    }
  }

  private final Supplier<Producer<byte[], byte[]>> factory;
  private final AtomicReference<Producer<byte[], byte[]>> current;
  private final long sendBudgetNanos;
  private final ExecutorService sender;
  private final long fastPathBytes;
  private final long metadataWindowNanos;
  private final AtomicLong undecidedBytes = new AtomicLong();
  private final Map<String, Long> lastAckNanos = new ConcurrentHashMap<>();
  private volatile boolean closing;

  /**
   * When {@code send()} may run on the caller's thread.
   *
   * @param bytes bytes handed to the producer and not yet decided, past which {@code send()} leaves
   *     the caller's thread (half of {@code buffer.memory}: the buffer cannot be full below that)
   * @param metadataWindow how recently a topic must have had a record acknowledged (or its metadata
   *     fetched) for its metadata to be surely cached: well within {@code metadata.max.idle.ms}
   */
  record FastPath(long bytes, Duration metadataWindow) {

    /** From the producer's properties (Kafka's defaults where they are not set). */
    static FastPath of(Map<String, Object> producerProps) {
      long buffer =
          Long.parseLong(producerProps.getOrDefault("buffer.memory", 33_554_432L).toString());
      long idleMs =
          Long.parseLong(producerProps.getOrDefault("metadata.max.idle.ms", 300_000L).toString());
      return new FastPath(buffer / 2, Duration.ofMillis(Math.min(60_000, idleMs / 2)));
    }
  }

  LeadProducer(Supplier<Producer<byte[], byte[]>> factory, Duration sendBudget, FastPath fastPath) {
    this.factory = factory;
    this.current = new AtomicReference<>(factory.get());
    this.sendBudgetNanos = sendBudget.toNanos();
    this.fastPathBytes = fastPath.bytes();
    this.metadataWindowNanos = fastPath.metadataWindow().toNanos();
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "leadstream-gateway-send");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Fetches the topics' metadata ahead of the first lead, so that its send does not wait. */
  void warmUp(List<String> topics) {
    execute(
        () -> {
          for (String topic : topics) {
            try {
              int partitions = current.get().partitionsFor(topic).size();
              lastAckNanos.put(topic, System.nanoTime());
              LOG.info("topic {} has {} partition(s)", topic, partitions);
            } catch (RuntimeException e) {
              LOG.warn("topic {} not reachable yet: {}", topic, e.toString());
            }
          }
        });
  }

  /**
   * Sends {@code record}; the future completes with the broker's acknowledgement or with the
   * producer's failure ({@link NotSentException} when it was never sent), within the deadline.
   *
   * @param deadlineNanos {@link System#nanoTime()} by which the outcome must be known
   */
  CompletableFuture<RecordMetadata> send(
      ProducerRecord<byte[], byte[]> record, long deadlineNanos) {
    CompletableFuture<RecordMetadata> outcome = new CompletableFuture<>();
    if (!closing && cannotBlock(record.topic())) {
      sendNow(record, outcome);
      return outcome;
    }
    boolean queued =
        execute(
            () -> {
              if (closing) {
                outcome.completeExceptionally(new NotSentException("the gateway is closing"));
                return;
              }
              if (System.nanoTime() + sendBudgetNanos - deadlineNanos > 0) {
                outcome.completeExceptionally(
                    new NotSentException("the producer is backed up; not sent"));
                return;
              }
              sendNow(record, outcome);
            });
    if (!queued) {
      outcome.completeExceptionally(new NotSentException("the gateway is closing"));
    }
    return outcome;
  }

  /** Whether {@code send()} of a record to {@code topic} cannot block right now. */
  boolean cannotBlock(String topic) {
    Long acked = lastAckNanos.get(topic);
    return acked != null
        && System.nanoTime() - acked < metadataWindowNanos
        && undecidedBytes.get() < fastPathBytes;
  }

  private void sendNow(
      ProducerRecord<byte[], byte[]> record, CompletableFuture<RecordMetadata> outcome) {
    Producer<byte[], byte[]> producer = current.get();
    long bytes = size(record);
    undecidedBytes.addAndGet(bytes);
    try {
      producer.send(
          record,
          (metadata, error) -> {
            undecidedBytes.addAndGet(-bytes);
            if (error == null) {
              lastAckNanos.put(record.topic(), System.nanoTime());
              outcome.complete(metadata);
            } else {
              outcome.completeExceptionally(error);
              onError(producer, error);
            }
          });
    } catch (RuntimeException e) {
      undecidedBytes.addAndGet(-bytes);
      outcome.completeExceptionally(e);
      onError(producer, e);
    }
  }

  /** Roughly what the record takes in the producer's buffer. */
  private static long size(ProducerRecord<byte[], byte[]> record) {
    long bytes = 64 + (record.key() == null ? 0 : record.key().length);
    bytes += record.value() == null ? 0 : record.value().length;
    for (var header : record.headers()) {
      bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
    }
    return bytes;
  }

  /** Whether {@code error} leaves the producer unable to send anything again. */
  static boolean isFatal(Throwable error) {
    if (error instanceof ApiException || error instanceof InterruptException) {
      // Per-record problems and retriable ones (timeouts, unavailable brokers) included.
      return false;
    }
    return error instanceof KafkaException || error instanceof IllegalStateException;
  }

  private void onError(Producer<byte[], byte[]> failed, Throwable error) {
    if (closing || !isFatal(error)) {
      return;
    }
    execute(
        () -> {
          if (closing || current.get() != failed) {
            return; // already replaced
          }
          LOG.error("the Kafka producer failed fatally; replacing it: {}", error.toString());
          lastAckNanos.clear(); // a new producer has no metadata yet
          current.set(factory.get());
          Thread closer =
              new Thread(() -> closeQuietly(failed, Duration.ZERO), "leadstream-producer-closer");
          closer.setDaemon(true);
          closer.start();
        });
  }

  private boolean execute(Runnable task) {
    try {
      sender.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Stops sending new records, then waits up to {@code timeout} for the records already handed to
   * the producer to be acknowledged or failed.
   */
  void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Records already queued are still sent (or refused) in order; nothing new is queued.
    sender.shutdown();
    try {
      if (!sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("send queue not drained within {}", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closing = true;
    long left = Math.max(0, deadline - System.nanoTime());
    closeQuietly(current.get(), Duration.ofNanos(left));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static void closeQuietly(Producer<byte[], byte[]> producer, Duration timeout) {
    try {
      producer.close(timeout);
    } catch (RuntimeException e) {
      LOG.warn("closing the Kafka producer: {}", e.toString());
    }
  }
}
