package io.leadstream.reliability;

import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A sales team that answers about one qualified lead in three at once: reads {@code
 * leads.qualified} (read_committed, as a CRM connector would) and, for each chosen lead the first
 * time it appears, posts a CONTACTED activity with an explicit {@code at} to the gateway's {@code
 * POST /v1/activity}. Which leads are chosen depends on the leadId only, so a repeated event does
 * not change it.
 */
final class Contactor implements AutoCloseable {

  private final URI activity;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Instant> contacted = new ConcurrentHashMap<>();
  private final List<Integer> failedAnswers = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean caughtUp = new AtomicBoolean();
  private final Thread thread;

  Contactor(RealKafka kafka, URI gateway) {
    this.activity = gateway.resolve("/v1/activity");
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-contactor-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(props);
    String topic = TopicNames.defaults().qualified();
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "contactor");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether {@code leadId} is one of the leads this team answers. */
  static boolean chooses(String leadId) {
    return Math.floorMod(leadId.hashCode(), 3) == 0;
  }

  private void run() {
    Set<String> done = new HashSet<>();
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (r.key() != null && chooses(r.key()) && done.add(r.key())) {
          contact(r.key());
        }
      }
      var end = consumer.endOffsets(consumer.assignment());
      caughtUp.set(
          end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()));
    }
    consumer.close();
  }

  private void contact(String leadId) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String body =
        "{\"schemaVersion\":1,\"leadId\":\""
            + leadId
            + "\",\"type\":\"CONTACTED\",\"at\":\""
            + at
            + "\",\"by\":\"reliability-sales\"}";
    HttpRequest request =
        HttpRequest.newBuilder(activity)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + Pipeline.ACTIVITY_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 202) {
        contacted.put(leadId, at);
      } else {
        synchronized (failedAnswers) {
          failedAnswers.add(status);
        }
      }
    } catch (IOException e) {
      synchronized (failedAnswers) {
        failedAnswers.add(-1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Whether it has read leads.qualified to its last stable offset. */
  boolean caughtUp() {
    return caughtUp.get();
  }

  /** Leads contacted (202) so far, with the time each activity reported. */
  Map<String, Instant> contacted() {
    return Map.copyOf(contacted);
  }

  /** Statuses of activity posts that were not 202 (-1: no answer). */
  List<Integer> failedAnswers() {
    synchronized (failedAnswers) {
      return List.copyOf(failedAnswers);
    }
  }

  /** Stops reading and contacting; waits for the current contact to finish. */
  void stop() {
    running.set(false);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
