package io.leadstream.reliability;

import static org.awaitility.Awaitility.await;

import io.leadstream.config.Config;
import io.leadstream.gateway.Gateway;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.RealKafka;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Shared pieces of the reliability tests: tokens, the in-process gateway, waiting for topics. */
final class Pipeline {

  /**
   * Prefix of every gateway token these tests use: LogPrivacyIT looks for it (and the full tokens)
   * in every log.
   */
  static final String TOKEN_PREFIX = "qzreliabilitytoken";

  /** Two valid tokens (rotation): the load generator uses both, in ?code= and as Bearer. */
  static final List<String> TOKENS = List.of(token(), token());

  /** The token of {@code POST /v1/activity} ({@code gateway.activity.tokens}). */
  static final String ACTIVITY_TOKEN = token();

  private Pipeline() {}

  private static String token() {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return TOKEN_PREFIX + HexFormat.of().formatHex(random);
  }

  /** A gateway on a free port of 127.0.0.1, with {@code overrides} on top of test defaults. */
  static Gateway gateway(RealKafka kafka, Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(gatewaySettings(kafka));
    config.putAll(overrides);
    return Gateway.start(Config.of(config));
  }

  /** The gateway settings of these tests (in process or as a process of its own). */
  static Map<String, String> gatewaySettings(RealKafka kafka) {
    Map<String, String> config = new HashMap<>();
    config.put("gateway.host", "127.0.0.1");
    config.put("gateway.port", "0");
    config.put("gateway.tokens", String.join(",", TOKENS));
    config.put("gateway.retry.after.seconds", "1");
    config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    return Map.copyOf(config);
  }

  /** Waits until every Leadstream topic exists (the processor provisions them). */
  static void awaitTopics(RealKafka kafka, Duration timeout) {
    TopicNames topics = TopicNames.defaults();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              try (var admin = kafka.admin()) {
                return admin.listTopics().names().get().containsAll(topics.asMap().values());
              }
            });
  }
}
