package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@code send()} runs: on the caller's thread (an event loop) only when it cannot block, else
 * on the gateway's send thread.
 */
class LeadProducerTest {

  private static final String SEND_THREAD = "leadstream-gateway-send";

  private final List<String> sendThreads = new CopyOnWriteArrayList<>();
  private LeadProducer producer;

  private MockProducer<byte[], byte[]> mock(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(
          ProducerRecord<byte[], byte[]> record, Callback callback) {
        sendThreads.add(Thread.currentThread().getName());
        return super.send(record, callback);
      }
    };
  }

  private LeadProducer start(boolean autoComplete, LeadProducer.FastPath fastPath) {
    MockProducer<byte[], byte[]> mock = mock(autoComplete);
    producer = new LeadProducer(() -> mock, Duration.ofSeconds(1), fastPath);
    return producer;
  }

  @AfterEach
  void close() {
    producer.close(Duration.ofSeconds(1));
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, int bytes) {
    return new ProducerRecord<>(topic, "k".getBytes(), new byte[bytes]);
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
  }

  @Test
  void sendsOnItsOwnThreadUntilTheTopicHadARecordAcknowledgedThenOnTheCallersThread()
      throws Exception {
    start(true, new LeadProducer.FastPath(1 << 20, Duration.ofMinutes(1)));

    producer.send(record("raw", 10), deadline()).get(5, TimeUnit.SECONDS);
    producer.send(record("raw", 10), deadline()).get(5, TimeUnit.SECONDS);
    producer.send(record("dlq", 10), deadline()).get(5, TimeUnit.SECONDS);

    String caller = Thread.currentThread().getName();
    assertThat(sendThreads).containsExactly(SEND_THREAD, caller, SEND_THREAD);
  }

  @Test
  void leavesTheCallersThreadWhenTheUndecidedBytesReachTheBound() throws Exception {
    start(false, new LeadProducer.FastPath(1000, Duration.ofMinutes(1)));
    producer.warmUp(List.of("raw")); // metadata fetched: the fast path is open for raw
    await(() -> producer.cannotBlock("raw"));
    sendThreads.clear();

    producer.send(record("raw", 2000), deadline()); // on the caller's thread, not yet decided
    producer.send(record("raw", 10), deadline()); // over the bound: on the send thread
    await(() -> sendThreads.size() == 2);

    assertThat(sendThreads).containsExactly(Thread.currentThread().getName(), SEND_THREAD);
  }

  @Test
  void leavesTheCallersThreadWhenTheTopicsLastAcknowledgementIsOutsideTheMetadataWindow()
      throws Exception {
    start(true, new LeadProducer.FastPath(1 << 20, Duration.ZERO));
    producer.send(record("raw", 10), deadline()).get(5, TimeUnit.SECONDS);
    producer.send(record("raw", 10), deadline()).get(5, TimeUnit.SECONDS);
    assertThat(sendThreads).containsExactly(SEND_THREAD, SEND_THREAD);
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(condition);
  }
}
