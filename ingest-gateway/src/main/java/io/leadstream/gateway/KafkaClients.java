package io.leadstream.gateway;

import io.leadstream.config.Config;
import io.leadstream.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka client properties for the gateway: everything under {@code kafka.*} passes through (so
 * SASL, SSL and tuning reach the clients unchanged), except what the gateway's promises depend on,
 * which it sets itself and says so in the log when the config tried otherwise.
 *
 * <p>The produce timeout T ({@code gateway.produce.timeout}) is split so that the producer itself
 * decides every outcome within T: at most T/5 waiting in the gateway's send queue, at most T/5
 * blocked in {@code send()} on metadata or a full buffer ({@code max.block.ms}), and at most 3T/5
 * from {@code send()} returning to the callback ({@code delivery.timeout.ms}, which bounds
 * batching, retries and in-flight requests).
 */
final class KafkaClients {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  /** Room for record overhead and headers on top of the largest body. */
  private static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

  /** The split of the produce timeout described in the class comment. */
  record Timeouts(Duration maxBlock, Duration delivery, Duration request) {
    static Timeouts of(Duration produceTimeout, long lingerMs) {
      long total = produceTimeout.toMillis();
      long maxBlock = total / 5;
      long delivery = total * 3 / 5;
      long request = delivery - lingerMs;
      if (request < 100) {
        throw new Config.ConfigException(
            "gateway.produce.timeout",
            "is too short for kafka.linger.ms=" + lingerMs + " (need 3/5 of it > linger + 100ms)");
      }
      return new Timeouts(
          Duration.ofMillis(maxBlock), Duration.ofMillis(delivery), Duration.ofMillis(request));
    }

    /** The most a send can take from the moment the sender thread picks it up. */
    Duration sendBudget() {
      return maxBlock.plus(delivery);
    }
  }

  static Map<String, Object> producer(Config config, GatewaySettings settings) {
    Map<String, Object> props = passThrough(config, ProducerConfig.configNames(), "producer");
    long lingerMs = Long.parseLong(String.valueOf(props.getOrDefault("linger.ms", "5")).trim());
    Timeouts timeouts = Timeouts.of(settings.produceTimeout(), lingerMs);
    force(props, ProducerConfig.ACKS_CONFIG, "all");
    force(props, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    force(props, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    force(props, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    force(
        props, ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeouts.maxBlock().toMillis()));
    force(
        props,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        String.valueOf(timeouts.delivery().toMillis()));
    force(
        props,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        String.valueOf(timeouts.request().toMillis()));
    Object inFlight = props.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    if (inFlight != null && Integer.parseInt(inFlight.toString().trim()) > 5) {
      // Idempotence (no duplicates on retry) holds only up to 5.
      force(props, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    }
    int needed = settings.bodyLimitBytes() + RECORD_OVERHEAD_BYTES;
    Object maxRequest = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    if (maxRequest == null || Integer.parseInt(maxRequest.toString().trim()) < needed) {
      props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Math.max(needed, 1048576)));
    }
    return props;
  }

  static Map<String, Object> admin(Config config) {
    Map<String, Object> props = passThrough(config, AdminClientConfig.configNames(), "admin");
    Object clientId = props.get(AdminClientConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    }
    return props;
  }

  static Timeouts timeouts(Map<String, Object> producerProps) {
    return new Timeouts(
        Duration.ofMillis(Long.parseLong(producerProps.get("max.block.ms").toString())),
        Duration.ofMillis(Long.parseLong(producerProps.get("delivery.timeout.ms").toString())),
        Duration.ofMillis(Long.parseLong(producerProps.get("request.timeout.ms").toString())));
  }

  private static Map<String, Object> passThrough(Config config, Set<String> known, String client) {
    Map<String, Object> props = new HashMap<>();
    KafkaSettings.from(config)
        .values()
        .forEach(
            (key, value) -> {
              // Custom keys of plugins (a SASL callback handler's, say) must pass through too;
              // only the other client's keys are dropped, to keep the log free of "unknown" noise.
              boolean otherClients =
                  (ProducerConfig.configNames().contains(key)
                          || AdminClientConfig.configNames().contains(key))
                      && !known.contains(key);
              if (otherClients) {
                LOG.debug(
                    "kafka.{} is not a {} property; not passed to the {}", key, client, client);
              } else {
                props.put(key, value);
              }
            });
    return props;
  }

  private static void force(Map<String, Object> props, String key, String value) {
    KafkaSettings.force(props, key, value, "the gateway (see docs/gateway.md)");
  }

  private KafkaClients() {}
}
