package io.leadstream.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of {@code kafka.*} settings, used by the gateway, the processor and the CLI.
 *
 * <p>Every key under {@code kafka.} passes through to the Kafka clients with the prefix removed
 * (security.protocol, sasl.*, ssl.*, tuning, a plugin's own keys), values trimmed. One rule for
 * blank values: a key whose value is blank is not set, as if it were absent, so an empty {@code
 * LEADSTREAM_KAFKA_SASL_MECHANISM=} never reaches a client. What a component's promises depend on
 * it sets with {@link #force}, over the user's value, saying so once in the log with secrets
 * masked.
 */
public final class KafkaSettings {

  /** The prefix of Kafka client settings in a {@link Config}. */
  public static final String PREFIX = "kafka.";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);

  private static final String MASK = "******";

  private final Map<String, String> values;

  private KafkaSettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The {@code kafka.*} settings of {@code config}, prefix removed, blank values dropped. */
  public static KafkaSettings from(Config config) {
    return of(config.scoped(PREFIX));
  }

  /** These client settings (keys without the prefix), blank values dropped, values trimmed. */
  public static KafkaSettings of(Map<String, String> clientSettings) {
    Map<String, String> kept = new TreeMap<>();
    clientSettings.forEach(
        (key, value) -> {
          if (key != null && !key.isBlank() && value != null && !value.isBlank()) {
            kept.put(key.trim(), value.trim());
          }
        });
    return new KafkaSettings(kept);
  }

  /** The settings, keys without the prefix, sorted; unmodifiable. */
  public Map<String, String> values() {
    return values;
  }

  /** A setting's value; empty when absent or blank. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** These settings without {@code key}. */
  public KafkaSettings without(String key) {
    Map<String, String> rest = new TreeMap<>(values);
    rest.remove(key);
    return new KafkaSettings(rest);
  }

  /** A new, modifiable map of client properties holding these settings. */
  public Map<String, Object> clientProperties() {
    return new LinkedHashMap<>(values);
  }

  /**
   * Sets {@code key} to {@code value} over whatever the user set, and logs one line (the user's
   * value masked when {@code key} holds a secret) when the user had set something else.
   *
   * @param owner who needs the value, as the log line should name it (e.g. "the gateway")
   */
  public static void force(
      Map<? super String, Object> props, String key, Object value, String owner) {
    Object previous = props.put(key, value);
    if (previous != null && !Objects.equals(text(previous), text(value))) {
      LOG.warn(
          "{}{}={} ignored: {} sets {}",
          PREFIX,
          key,
          shown(key, text(previous)),
          owner,
          shown(key, text(value)));
    }
  }

  /** {@code value}, or a mask when {@code key} holds a secret. */
  public static String shown(String key, String value) {
    return Config.isSecret(key) && value != null && !value.isEmpty() ? MASK : value;
  }

  private static String text(Object value) {
    if (value instanceof Class<?> type) {
      return type.getName();
    }
    return value == null ? null : value.toString().trim();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("KafkaSettings{");
    values.forEach((k, v) -> out.append(k).append('=').append(shown(k, v)).append(", "));
    if (!values.isEmpty()) {
      out.setLength(out.length() - 2);
    }
    return out.append('}').toString();
  }
}
