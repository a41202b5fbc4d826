package io.leadstream.notify;

import io.leadstream.config.Config;
import io.leadstream.config.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running notifier: one thread and one consumer ({@code read_committed}, so only alerts of
 * committed transactions are delivered) per configured channel. Started by {@code ./leadstream up}
 * in the same JVM when a {@code notify.*} URL is set, or on its own with {@link NotifierMain}.
 * Kafka Streams never waits for it: it only reads {@code leads.alerts}.
 */
public final class Notifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /** Who forces a setting, as {@link KafkaSettings#force} names it in the log. */
  private static final String OWNER = "the notifier";

  private final List<ChannelWorker> workers;
  private final List<Thread> threads;
  private final ContactDirectory contacts;

  private Notifier(List<ChannelWorker> workers, List<Thread> threads, ContactDirectory contacts) {
    this.workers = workers;
    this.threads = threads;
    this.contacts = contacts;
  }

  /** Starts a worker per configured channel; none when no channel is configured. */
  public static Notifier start(Config config, MeterRegistry registry) {
    return start(NotifySettings.from(config), registry);
  }

  public static Notifier start(NotifySettings settings, MeterRegistry registry) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    NotifierMetrics metrics = new NotifierMetrics(registry);
    List<ChannelWorker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    // Off (the default): no consumer of a lead topic exists, so nothing about a customer is read.
    ContactDirectory contacts =
        settings.includeContact() && settings.enabled()
            ? new ContactDirectory(
                    new KafkaConsumer<>(contactConsumerProps(settings)), settings.contactTopics())
                .start()
            : null;
    for (Map.Entry<Channel, URI> entry : settings.urls().entrySet()) {
      Channel channel = entry.getKey();
      ChannelWorker worker =
          new ChannelWorker(
              channel,
              new KafkaConsumer<>(consumerProps(settings, channel)),
              new Delivery(http, channel, entry.getValue(), settings),
              settings,
              metrics,
              contacts);
      Thread thread = new Thread(worker, "notifier-" + channel.code());
      thread.setDaemon(true);
      thread.start();
      workers.add(worker);
      threads.add(thread);
      LOG.info(
          "notifier delivering {} to {} (from {}; contact data in messages: {})",
          settings.types(),
          channel.code(),
          settings.alertsTopic(),
          contacts != null ? "on, from " + settings.contactTopics() : "off");
    }
    return new Notifier(workers, threads, contacts);
  }

  /** The contact view's consumer: every partition assigned by hand, so no group and no commits. */
  static Map<String, Object> contactConsumerProps(NotifySettings settings) {
    Map<String, Object> props = readCommittedConsumer(settings);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupPrefix() + "-contacts");
    return props;
  }

  /** Whether messages carry contact data, that is whether a lead topic is read at all. */
  boolean readsContacts() {
    return contacts != null;
  }

  static Map<String, Object> consumerProps(NotifySettings settings, Channel channel) {
    Map<String, Object> props = readCommittedConsumer(settings);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupPrefix() + "-" + channel.code());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupPrefix() + "-" + channel.code());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    return props;
  }

  /**
   * A consumer of the user's {@code kafka.*} settings (without those meant for a producer or an
   * admin client) that reads only committed records, commits by hand, and hands out the key as a
   * string and the value as bytes, as every consumer of the notifier does.
   */
  private static Map<String, Object> readCommittedConsumer(NotifySettings settings) {
    Map<String, Object> props = new HashMap<>(settings.kafka());
    props.keySet().removeIf(key -> key.startsWith("producer.") || key.startsWith("admin."));
    KafkaSettings.force(props, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", OWNER);
    KafkaSettings.force(props, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", OWNER);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /** Whether any channel is delivering. */
  public boolean running() {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  /** Stops every worker; an alert being retried is redelivered at the next start. */
  @Override
  public void close() {
    workers.forEach(ChannelWorker::stop);
    if (contacts != null) {
      contacts.close(); // wakes a worker waiting for a contact
    }
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
