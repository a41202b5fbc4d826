package io.leadstream.gateway;

import io.leadstream.config.Config;
import io.leadstream.config.Config.ConfigException;
import io.leadstream.schemas.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's own settings ({@code gateway.*} and {@code topics.*}), read and checked once at
 * start so that a wrong value stops the gateway before it listens, with a message naming the key.
 */
record GatewaySettings(
    String host,
    int port,
    Optional<Integer> managementPort,
    List<String> tokens,
    List<String> activityTokens,
    int bodyLimitBytes,
    Duration produceTimeout,
    int maxInFlight,
    int retryAfterSeconds,
    Duration shutdownTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    int eventLoops,
    Optional<Tls> tls,
    TopicNames topics) {

  /** Shorter tokens are guessable; the token is the only secret of the endpoint URL. */
  static final int MIN_TOKEN_LENGTH = io.leadstream.support.Tokens.MIN_LENGTH;

  /** HTTPS material: PEM files or a key store. */
  sealed interface Tls {
    record Pem(Path certPath, Path keyPath) implements Tls {}

    record KeyStore(Path path, String password, String type) implements Tls {}
  }

  static GatewaySettings from(Config config) {
    List<String> tokens = config.list("gateway.tokens");
    if (tokens.isEmpty()) {
      throw new ConfigException(
          "gateway.tokens", "is required (env LEADSTREAM_GATEWAY_TOKENS, comma-separated)");
    }
    checkLength("gateway.tokens", tokens);
    // Empty turns POST /v1/activity off: it answers 401 to everyone.
    List<String> activityTokens = config.list("gateway.activity.tokens");
    checkLength("gateway.activity.tokens", activityTokens);
    if (activityTokens.stream().anyMatch(tokens::contains)) {
      // One token for both would let Partner Center's token write activity, and a CRM post leads.
      throw new ConfigException(
          "gateway.activity.tokens", "shares a token with gateway.tokens; give each its own");
    }
    int port = range(config, "gateway.port", 0, 65535);
    Optional<Integer> managementPort =
        config.get("gateway.management.port").isPresent()
            ? Optional.of(range(config, "gateway.management.port", 0, 65535))
            : Optional.empty();
    int bodyLimit = range(config, "gateway.body.limit.bytes", 2, 16 * 1024 * 1024);
    Duration produceTimeout = positive(config, "gateway.produce.timeout");
    if (produceTimeout.toMillis() < 500) {
      throw new ConfigException("gateway.produce.timeout", "must be at least 500ms");
    }
    int maxInFlight = range(config, "gateway.max.in.flight", 1, 1_000_000);
    int retryAfter = range(config, "gateway.retry.after.seconds", 1, 86_400);
    Duration shutdownTimeout = positive(config, "gateway.shutdown.timeout");
    Duration idleTimeout = positive(config, "gateway.idle.timeout");
    // Bounds a slow client (one that trickles its body, or stalls mid-body), which the idle timeout
    // never catches while bytes keep coming.
    Duration requestTimeout = positive(config, "gateway.request.timeout");
    int eventLoops = range(config, "gateway.event.loops", 0, 1024);
    if (eventLoops == 0) {
      eventLoops = Runtime.getRuntime().availableProcessors();
    }
    return new GatewaySettings(
        config.string("gateway.host"),
        port,
        managementPort,
        List.copyOf(tokens),
        List.copyOf(activityTokens),
        bodyLimit,
        produceTimeout,
        maxInFlight,
        retryAfter,
        shutdownTimeout,
        idleTimeout,
        requestTimeout,
        eventLoops,
        tls(config),
        TopicNames.fromConfig(config.asMap()));
  }

  private static void checkLength(String key, List<String> tokens) {
    for (String token : tokens) {
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw new ConfigException(
            key,
            "holds a token shorter than " + MIN_TOKEN_LENGTH + " characters; use a random one");
      }
    }
  }

  boolean https() {
    return tls.isPresent();
  }

  private static Optional<Tls> tls(Config config) {
    Optional<String> cert = config.get("gateway.tls.cert.path");
    Optional<String> key = config.get("gateway.tls.key.path");
    Optional<String> store = config.get("gateway.tls.keystore.path");
    if (store.isPresent() && (cert.isPresent() || key.isPresent())) {
      throw new ConfigException(
          "gateway.tls.keystore.path", "and gateway.tls.cert.path/key.path are exclusive");
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException(
          "gateway.tls.cert.path", "and gateway.tls.key.path must be set together");
    }
    if (cert.isPresent()) {
      return Optional.of(new Tls.Pem(Path.of(cert.get()), Path.of(key.get())));
    }
    return store.map(
        path ->
            new Tls.KeyStore(
                Path.of(path),
                config.string("gateway.tls.keystore.password", ""),
                config.string("gateway.tls.keystore.type", "PKCS12")));
  }

  private static int range(Config config, String key, int min, int max) {
    int value = config.integer(key);
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static Duration positive(Config config, String key) {
    Duration value = config.duration(key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(key, "must be positive");
    }
    return value;
  }

  /** The logical topic names the gateway writes, for logs and metrics tags. */
  Map<String, String> writtenTopics() {
    return Map.of("raw", topics.raw(), "dlq", topics.dlq(), "activity", topics.activity());
  }
}
