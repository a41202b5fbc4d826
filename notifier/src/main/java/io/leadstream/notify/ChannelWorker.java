package io.leadstream.notify;

import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.JsonSerde;
import io.leadstream.schemas.LeadAlert;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@code leads.alerts} to one channel, in order, at least once: a record's offset is
 * committed only once its delivery succeeded (or was refused for good), so a crash or a rebalance
 * redelivers, never skips; the alert id travels as the idempotency key so a receiver can drop the
 * repeat. While a delivery is retried the consumer is paused but keeps polling, so it stays in its
 * group however long the receiver is down; the backlog is the topic itself, and this worker holds
 * at most one poll's records in memory.
 */
final class ChannelWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final Channel channel;
  private final Consumer<String, byte[]> consumer;
  private final Delivery delivery;
  private final Backoff backoff;
  private final NotifySettings settings;
  private final NotifierMetrics metrics;
  private final ContactDirectory contacts;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final JsonSerde<LeadAlert> serde = new JsonSerde<>(LeadAlert.class);
  private volatile Set<TopicPartition> revoked = Set.of();

  ChannelWorker(
      Channel channel,
      Consumer<String, byte[]> consumer,
      Delivery delivery,
      NotifySettings settings,
      NotifierMetrics metrics,
      ContactDirectory contacts) {
    this.channel = channel;
    this.contacts = contacts;
    this.consumer = consumer;
    this.delivery = delivery;
    this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(
          List.of(settings.alertsTopic()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              revoked = Set.copyOf(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
          });
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        revoked = Set.of();
        deliver(records);
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      LOG.info("notifier for {} stopped", channel.code());
    }
  }

  /**
   * Delivers a poll's records partition by partition. When it stops early (shutdown, a revoked
   * partition), every partition still assigned is sought back to its first undelivered record, so
   * the next poll hands it over again instead of skipping it.
   */
  private void deliver(ConsumerRecords<String, byte[]> records) {
    boolean stopped = false;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        if (stopped
            || !running.get()
            || revoked.contains(partition)
            || !handle(record, partition)) {
          stopped = true;
          if (running.get() && consumer.assignment().contains(partition)) {
            consumer.seek(partition, record.offset());
          }
          break;
        }
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
      }
    }
  }

  /** Delivers one record; false when it stopped before the record was done (shutdown, revoke). */
  private boolean handle(ConsumerRecord<String, byte[]> record, TopicPartition partition) {
    LeadAlert alert;
    try {
      alert = serde.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      LOG.warn(
          "skipping {}-{}@{}: not a LeadAlert ({})",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      metrics.delivered(channel, "unreadable");
      return true;
    }
    if (alert == null || !settings.types().contains(alert.type())) {
      return true;
    }
    ContactDirectory.Contact contact;
    try {
      contact = contactOf(alert);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (!running.get()) {
      return false; // stopped while looking the contact up: delivered, with it, at the next start
    }
    for (int failures = 0; ; ) {
      Delivery.Outcome outcome;
      try {
        outcome = delivery.attempt(alert, contact);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (outcome instanceof Delivery.Outcome.Delivered) {
        metrics.delivered(channel, "delivered");
        metrics.latency(channel, alert);
        return true;
      }
      if (outcome instanceof Delivery.Outcome.Rejected rejected) {
        LOG.error(
            "{} refused alert {} with HTTP {}; not retried (check notify.{}.url)",
            channel.code(),
            alert.alertId(),
            rejected.status(),
            channel.code());
        metrics.delivered(channel, "rejected");
        return true;
      }
      Delivery.Outcome.Retry retry = (Delivery.Outcome.Retry) outcome;
      failures++;
      metrics.delivered(channel, "retried");
      Duration wait = backoff.delay(failures, retry.retryAfter());
      LOG.warn(
          "{} delivery of alert {} failed ({}), try {}; next in {} ms",
          channel.code(),
          alert.alertId(),
          retry.reason(),
          failures,
          wait.toMillis());
      if (!waitKeepingMembership(wait, partition)) {
        return false;
      }
    }
  }

  /**
   * The contact block of {@code alert}'s message: none unless {@code notify.include.contact=true},
   * and never for a do-not-contact lead.
   */
  private ContactDirectory.Contact contactOf(LeadAlert alert) throws InterruptedException {
    if (contacts == null
        || alert.type() == AlertType.DNC_CONTACTED
        || "dnc".equals(alert.branch())) {
      return null;
    }
    return contacts.lookup(alert.leadId(), settings.requestTimeout()).orElse(null);
  }

  /** Waits {@code wait} while polling the paused consumer; false on shutdown or revocation. */
  private boolean waitKeepingMembership(Duration wait, TopicPartition partition) {
    long until = System.nanoTime() + wait.toNanos();
    consumer.pause(consumer.assignment());
    try {
      while (running.get() && System.nanoTime() < until) {
        long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
        consumer.poll(Duration.ofMillis(Math.min(left, POLL.toMillis())));
        if (revoked.contains(partition) || !consumer.assignment().contains(partition)) {
          return false;
        }
      }
      return running.get();
    } finally {
      consumer.resume(consumer.paused());
    }
  }

  void stop() {
    running.set(false);
    consumer.wakeup();
  }
}
