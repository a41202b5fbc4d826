package io.leadstream.processor.console;

import io.leadstream.config.Config;
import io.leadstream.config.Config.ConfigException;
import io.leadstream.support.Tokens;
import java.time.Duration;
import java.util.List;

/**
 * The console's settings ({@code processor.console.*}; docs/console.md).
 *
 * @param enabled {@code processor.console.enabled}: serve the console API and page
 * @param host {@code processor.console.host}: the address to bind
 * @param port {@code processor.console.port}: the port to bind (0: any free port)
 * @param tokens {@code processor.console.tokens}: who may read (at least one when enabled)
 * @param advertisedHost {@code processor.console.advertised.host}: how the other instances reach
 *     this one ({@code application.server}); empty: the bound host, or this machine's name when
 *     bound to every address
 * @param advertisedPort {@code processor.console.advertised.port}: 0 for the bound port
 * @param sessionTtl {@code processor.console.session.ttl}: how long a browser stays signed in
 * @param forwardTimeout {@code processor.console.forward.timeout}: how long one instance waits for
 *     another's answer
 */
public record ConsoleSettings(
    boolean enabled,
    String host,
    int port,
    List<String> tokens,
    String advertisedHost,
    int advertisedPort,
    Duration sessionTtl,
    Duration forwardTimeout) {

  public ConsoleSettings {
    tokens = List.copyOf(tokens);
    if (port < 0 || port > 65535) {
      throw new ConfigException("processor.console.port", "must be between 0 and 65535");
    }
    if (advertisedPort < 0 || advertisedPort > 65535) {
      throw new ConfigException("processor.console.advertised.port", "must be between 0 and 65535");
    }
    if (sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw new ConfigException("processor.console.session.ttl", "must be positive");
    }
    if (forwardTimeout.toMillis() < 100) {
      throw new ConfigException("processor.console.forward.timeout", "must be at least 100ms");
    }
    if (enabled && tokens.isEmpty()) {
      throw new ConfigException(
          "processor.console.tokens",
          "is required when processor.console.enabled=true: set at least one random token"
              + " (comma-separated for rotation), e.g. LEADSTREAM_PROCESSOR_CONSOLE_TOKENS");
    }
    for (String token : tokens) {
      if (token.length() < Tokens.MIN_LENGTH) {
        throw new ConfigException(
            "processor.console.tokens",
            "holds a token shorter than " + Tokens.MIN_LENGTH + " characters; use a random one");
      }
    }
  }

  public static ConsoleSettings from(Config config) {
    return new ConsoleSettings(
        config.bool("processor.console.enabled"),
        config.string("processor.console.host"),
        config.integer("processor.console.port"),
        config.list("processor.console.tokens"),
        config.string("processor.console.advertised.host", ""),
        config.integer("processor.console.advertised.port"),
        config.duration("processor.console.session.ttl"),
        config.duration("processor.console.forward.timeout"));
  }
}
