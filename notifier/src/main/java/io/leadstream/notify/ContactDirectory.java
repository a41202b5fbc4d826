package io.leadstream.notify;

import io.leadstream.schemas.Customer;
import io.leadstream.schemas.JsonSerde;
import io.leadstream.schemas.LeadEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only with {@code notify.include.contact=true}: a view of each lead's contact, leadId to name,
 * company, email and phone, from the latest LeadEvent of the lead on {@code leads.qualified} and
 * {@code leads.nurture} (read_committed, every partition from the start, no consumer group). Not
 * {@code leads.dnc}: a do-not-contact customer's details are never put in front of a salesperson.
 * Alerts carry no contact data, so this is where a message's contact block comes from; a lead's
 * event is committed before its alerts (the lifecycle follows routing), so {@link #lookup} waits
 * until the view has read up to what was committed when it was asked. Held in memory (marketplace
 * volumes: thousands of leads a month), never logged.
 */
final class ContactDirectory implements Runnable, AutoCloseable {

  /** The contact block of a message; any field may be null. */
  record Contact(String name, String company, String email, String phone) {
    static Contact of(Customer c) {
      String name =
          String.join(
                  " ",
                  c.firstName() == null ? "" : c.firstName(),
                  c.lastName() == null ? "" : c.lastName())
              .strip();
      return new Contact(name.isEmpty() ? null : name, c.company(), c.email(), c.phone());
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ContactDirectory.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final List<String> topics;
  private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
  private final JsonSerde<LeadEvent> serde = new JsonSerde<>(LeadEvent.class);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Object progress = new Object();
  private boolean loaded; // guarded by progress: read the topics to their end once
  private long caughtUpAsOf; // guarded by progress: System.nanoTime() of the last full read
  private Thread thread;

  ContactDirectory(Consumer<String, byte[]> consumer, List<String> topics) {
    this.consumer = consumer;
    this.topics = List.copyOf(topics);
  }

  /** Starts reading on a daemon thread of its own. */
  ContactDirectory start() {
    thread = new Thread(this, "notifier-contacts");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          apply(record);
        }
        long asked = System.nanoTime();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          synchronized (progress) {
            caughtUpAsOf = asked;
            loaded = true;
            progress.notifyAll();
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      LOG.info("notifier contact view stopped ({} leads known)", contacts.size());
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      contacts.remove(record.key());
      return;
    }
    LeadEvent event;
    try {
      event = serde.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      LOG.warn(
          "contact view skips {}-{}@{}: not a LeadEvent",
          record.topic(),
          record.partition(),
          record.offset());
      return;
    }
    if (event != null && event.customer() != null) {
      contacts.put(record.key(), Contact.of(event.customer()));
    }
  }

  /**
   * The contact of {@code leadId}, once the view has read everything committed when this was
   * called: it waits for the view's first full read of the topics however long that takes (a
   * notifier that just started must not send its backlog without contacts), then at most {@code
   * wait}; empty for a lead it does not know (or not yet after the wait: the message then goes
   * without it) and once the view is closed.
   */
  Optional<Contact> lookup(String leadId, Duration wait) throws InterruptedException {
    Contact known = contacts.get(leadId);
    if (known != null) {
      return Optional.of(known);
    }
    long asked = System.nanoTime();
    long until = asked + wait.toNanos();
    synchronized (progress) {
      while (running.get() && (!loaded || caughtUpAsOf - asked < 0)) {
        long left = until - System.nanoTime();
        if (loaded && left <= 0) {
          break;
        }
        progress.wait(loaded ? Math.max(1, left / 1_000_000) : POLL.toMillis());
      }
    }
    return Optional.ofNullable(contacts.get(leadId));
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    synchronized (progress) {
      progress.notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
