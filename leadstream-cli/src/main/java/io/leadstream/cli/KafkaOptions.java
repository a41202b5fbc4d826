package io.leadstream.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka options of {@code tail}, {@code topics}, {@code dlq list|replay} and {@code activity},
 * resolved by {@link Clients#settings(String, Path, Map)}.
 */
final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka (default: $LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS, else kafka.bootstrap.servers of"
              + " --config, else localhost:$LEADSTREAM_BROKER_PORT, 9092).")
  String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file (default: $LEADSTREAM_CONFIG): kafka.* client settings such as"
              + " kafka.security.protocol, kafka.sasl.*, kafka.ssl.*, and topics.*."
              + " LEADSTREAM_KAFKA_* variables win over it.")
  Path configFile;

  /** The environment the command sees ({@code System.getenv()}; tests set their own). */
  Map<String, String> env = System.getenv();

  Clients.Settings settings() {
    return Clients.settings(bootstrapServers, configFile, env);
  }
}
