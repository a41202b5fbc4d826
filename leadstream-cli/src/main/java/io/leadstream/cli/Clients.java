package io.leadstream.cli;

import java.util.Map;

/** Where the CLI's Kafka clients connect. */
final class Clients {

  private Clients() {}

  /**
   * {@code flag}, else {@code $LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS}, else the local broker at {@code
   * localhost:$LEADSTREAM_BROKER_PORT} (9092).
   */
  static String bootstrap(String flag, Map<String, String> env) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    String configured = env.get("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return "localhost:" + env.getOrDefault("LEADSTREAM_BROKER_PORT", "9092").trim();
  }
}
