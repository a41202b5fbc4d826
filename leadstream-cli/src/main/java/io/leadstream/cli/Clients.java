package io.leadstream.cli;

import io.leadstream.config.Config;
import io.leadstream.config.KafkaSettings;
import io.leadstream.schemas.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where and how the CLI's Kafka clients connect: one resolution for every command.
 *
 * <p>Sources, highest first: the {@code --bootstrap-servers} flag (the bootstrap address only),
 * {@code LEADSTREAM_*} environment variables ({@code LEADSTREAM_KAFKA_SASL_MECHANISM} is {@code
 * kafka.sasl.mechanism}), the {@code --config FILE} properties file (default {@code
 * $LEADSTREAM_CONFIG}), the command's shipped defaults, and finally the local broker at {@code
 * localhost:$LEADSTREAM_BROKER_PORT} (9092) as bootstrap address. Every {@code kafka.*} property
 * (security.protocol, sasl.*, ssl.*, client tuning) goes unchanged to every consumer, producer and
 * admin client; blank values count as unset ({@link KafkaSettings}). The settings a command needs
 * to be correct are applied after the user's and win: see {@link Settings#consumer()} and {@link
 * Settings#producer()}.
 *
 * <p>Messages never hold a property's value: secrets ({@code sasl.jaas.config}, {@code
 * ssl.*.password}) are masked wherever a client's own message could repeat them.
 */
final class Clients {

  /** The shipped defaults of the commands other than import (no Kafka settings). */
  static final String DEFAULTS = "/leadstream-cli-defaults.properties";

  /** The CLI's wait for Kafka to answer, unless {@code kafka.default.api.timeout.ms} says else. */
  static final int DEFAULT_API_TIMEOUT_MS = 10_000;

  private static final String KAFKA = KafkaSettings.PREFIX;

  /** Who forces a setting, as the log line names it. */
  private static final String CLI = "the leadstream command";

  private Clients() {}

  /**
   * The settings of a command with the CLI's defaults, from {@code configFile} (else {@code
   * $LEADSTREAM_CONFIG}) and {@code env}.
   *
   * @throws Config.ConfigException when the file cannot be read
   */
  static Settings settings(String bootstrapFlag, Path configFile, Map<String, String> env) {
    return fromConfig(
        bootstrapFlag, Config.load(DEFAULTS, Optional.ofNullable(configFile), env, Map.of()), env);
  }

  /** The settings of a command from its loaded {@code config} (defaults, file, environment). */
  static Settings fromConfig(String bootstrapFlag, Config config, Map<String, String> env) {
    KafkaSettings kafka = KafkaSettings.from(config);
    String bootstrap;
    if (bootstrapFlag != null && !bootstrapFlag.isBlank()) {
      bootstrap = bootstrapFlag.trim();
    } else if (kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).isPresent()) {
      bootstrap = kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).get();
    } else {
      String port = env.get("LEADSTREAM_BROKER_PORT");
      bootstrap = "localhost:" + (port == null || port.isBlank() ? "9092" : port.trim());
    }
    return new Settings(
        bootstrap,
        kafka.without(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).values(),
        TopicNames.fromConfig(config.asMap()));
  }

  /**
   * A command's resolved Kafka settings.
   *
   * @param bootstrap the bootstrap address every client uses
   * @param kafka the user's {@code kafka.*} properties, prefix removed, without bootstrap.servers
   * @param topics the topic names ({@code topics.*} of the same sources)
   */
  record Settings(String bootstrap, Map<String, String> kafka, TopicNames topics) {

    Settings {
      kafka = java.util.Collections.unmodifiableMap(new TreeMap<>(kafka));
    }

    /** {@link #describe()} on one line: secrets masked. */
    @Override
    public String toString() {
      return "Settings[" + describe().strip().replace('\n', ' ') + "]";
    }

    /**
     * Properties of a consumer that reads topics from their beginning. Over the user's: {@code
     * isolation.level=read_committed} (never an aborted or open transaction's records), {@code
     * enable.auto.commit=false} (the CLI never commits offsets) and its deserializers.
     */
    Map<String, Object> consumer() {
      Map<String, Object> props = base();
      props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_API_TIMEOUT_MS);
      KafkaSettings.force(props, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", CLI);
      KafkaSettings.force(props, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, CLI);
      KafkaSettings.force(
          props, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class, CLI);
      KafkaSettings.force(
          props, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class, CLI);
      return props;
    }

    /**
     * Properties of a producer that must not lose or duplicate a record (replay, import). Over the
     * user's: {@code acks=all}, {@code enable.idempotence=true}, no {@code transactional.id} (the
     * CLI's own, where it needs one: {@link #transactionalWriter}); serializers are the caller's,
     * also over the user's.
     */
    Map<String, Object> producer() {
      Map<String, Object> props = base();
      KafkaSettings.force(props, ProducerConfig.ACKS_CONFIG, "all", CLI);
      KafkaSettings.force(props, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, CLI);
      props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
      return props;
    }

    /**
     * Properties of an admin client: a 15 s API timeout unless the user says else, and a request
     * timeout no longer than it (the admin client refuses a request timeout above its API timeout,
     * and its own default request timeout is 30 s).
     */
    Map<String, Object> admin() {
      Map<String, Object> props = base();
      props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
      props.putIfAbsent(
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
          props.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
      return props;
    }

    private Map<String, Object> base() {
      Map<String, Object> props = new LinkedHashMap<>(kafka);
      props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      return props;
    }

    /** How long a consumer waits for Kafka: {@code default.api.timeout.ms}, else 10 s. */
    Duration apiTimeout() {
      try {
        return Duration.ofMillis(
            Long.parseLong(
                kafka.getOrDefault(
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    String.valueOf(DEFAULT_API_TIMEOUT_MS))));
      } catch (NumberFormatException e) {
        return Duration.ofMillis(DEFAULT_API_TIMEOUT_MS);
      }
    }

    /**
     * The effective Kafka settings, one {@code key=value} per line with secrets masked (as {@link
     * Config#describe()}).
     */
    String describe() {
      Map<String, String> all = new TreeMap<>();
      kafka.forEach((k, v) -> all.put(KAFKA + k, v));
      all.put(KAFKA + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      return Config.of(all).describe();
    }

    /**
     * {@code text} with every secret value of these settings masked, and every quoted value of a
     * JAAS configuration (its password, among others).
     */
    String redact(String text) {
      if (text == null) {
        return "";
      }
      String result = text;
      for (Map.Entry<String, String> entry : kafka.entrySet()) {
        if (!Config.isSecret(entry.getKey())) {
          continue;
        }
        String value = entry.getValue();
        Matcher quoted = QUOTED.matcher(value);
        while (quoted.find()) {
          if (!quoted.group(1).isEmpty()) {
            result = result.replace(quoted.group(1), MASK);
          }
        }
        result = result.replace(value, MASK);
      }
      return result;
    }

    /**
     * What to check when Kafka cannot be reached or refuses the CLI: the {@code kafka.*} keys in
     * use (never their values), or where to set them.
     */
    String hint() {
      boolean secured =
          kafka.keySet().stream()
              .anyMatch(
                  k -> k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl."));
      return !secured
          ? "is ./leadstream up running? A cluster with TLS or SASL needs kafka.security.protocol"
              + " and kafka.ssl.* / kafka.sasl.* in --config FILE or LEADSTREAM_KAFKA_* variables"
          : "is it up, and are the Kafka settings right for it? (set: kafka."
              + String.join(", kafka.", kafka.keySet())
              + ")";
    }

    /** Makes a client, turning a configuration error into a message without secret values. */
    <T> T create(String what, Function<Map<String, Object>, T> make, Map<String, Object> props) {
      try {
        return make.apply(props);
      } catch (KafkaException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot create a Kafka " + what + " for " + bootstrap + ": " + redact(rootMessage(e)));
      }
    }

    private static String rootMessage(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String message = root.getMessage();
      return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
  }

  private static final String MASK = "******";
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  /**
   * A read_committed consumer without a group (nothing committed) for reading topics from their
   * beginning; see {@link #fromBeginning}.
   */
  static KafkaConsumer<String, byte[]> reader(Settings settings) {
    return settings.create("consumer", KafkaConsumer::new, settings.consumer());
  }

  /** A producer with {@link Settings#producer()} and these serializers. */
  static <K, V> KafkaProducer<K, V> writer(
      Settings settings, String defaultClientId, Class<?> keySerializer, Class<?> valueSerializer) {
    return producer(settings, defaultClientId, null, keySerializer, valueSerializer);
  }

  /**
   * A transactional producer: {@link #writer} with {@code transactional.id} set to {@code
   * transactionalId} (over the user's), for writes that must land together or not at all.
   */
  static <K, V> KafkaProducer<K, V> transactionalWriter(
      Settings settings,
      String defaultClientId,
      String transactionalId,
      Class<?> keySerializer,
      Class<?> valueSerializer) {
    return producer(settings, defaultClientId, transactionalId, keySerializer, valueSerializer);
  }

  private static <K, V> KafkaProducer<K, V> producer(
      Settings settings,
      String defaultClientId,
      String transactionalId,
      Class<?> keySerializer,
      Class<?> valueSerializer) {
    Map<String, Object> props = settings.producer();
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, defaultClientId);
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    KafkaSettings.force(props, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer, CLI);
    KafkaSettings.force(props, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer, CLI);
    return settings.create("producer", KafkaProducer::new, props);
  }

  /** An admin client with {@link Settings#admin()}. */
  static Admin admin(Settings settings) {
    return settings.create("admin client", Admin::create, settings.admin());
  }

  /**
   * Assigns every partition of {@code topic} to {@code consumer} at its beginning and returns their
   * current end offsets (see {@link #caughtUp}).
   *
   * @throws IllegalStateException when Kafka cannot be reached within the API timeout (10 s), or
   *     refuses the CLI's credentials
   * @throws IllegalArgumentException {@code noTopic} when the topic does not exist
   */
  static Map<TopicPartition, Long> fromBeginning(
      KafkaConsumer<?, ?> consumer, Settings settings, String topic, String noTopic) {
    List<PartitionInfo> partitions;
    Duration timeout = settings.apiTimeout();
    try {
      partitions = consumer.partitionsFor(topic, timeout);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at "
              + settings.bootstrap()
              + " within "
              + seconds(timeout)
              + "; "
              + settings.hint());
    } catch (AuthenticationException | AuthorizationException e) {
      throw refused(settings, e);
    }
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalArgumentException(noTopic);
    }
    List<TopicPartition> assigned =
        partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    try {
      return consumer.endOffsets(assigned);
    } catch (AuthenticationException | AuthorizationException e) {
      throw refused(settings, e);
    }
  }

  /** The message of a client that Kafka refused: which check failed, never a secret. */
  static IllegalStateException refused(Settings settings, KafkaException e) {
    return new IllegalStateException(
        "Kafka at "
            + settings.bootstrap()
            + " refused the CLI ("
            + e.getClass().getSimpleName()
            + ": "
            + settings.redact(e.getMessage())
            + "); check kafka.security.protocol, kafka.sasl.* and kafka.ssl.* in --config FILE or"
            + " LEADSTREAM_KAFKA_* variables");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /**
   * One poll of {@code consumer}.
   *
   * @throws IllegalStateException when Kafka refuses the CLI's credentials or rights
   */
  static <K, V> org.apache.kafka.clients.consumer.ConsumerRecords<K, V> poll(
      KafkaConsumer<K, V> consumer, Settings settings) {
    try {
      return consumer.poll(Duration.ofMillis(300));
    } catch (AuthenticationException | AuthorizationException e) {
      throw refused(settings, e);
    }
  }

  /** Whether {@code consumer} has read up to {@code end} on every partition. */
  static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
