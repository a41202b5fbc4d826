package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.config.Config;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gateways for the integration tests: on 127.0.0.1 and a free port, taking {@link Http#TOKEN},
 * producing to this test's broker and to topics of its own ({@link #raw}, {@link #dlq}); every
 * gateway started is closed by {@link #close()}.
 */
final class GatewayFixture implements AutoCloseable {

  final String raw = "raw-" + UUID.randomUUID();
  final String dlq = "dlq-" + UUID.randomUUID();

  private final String clientIdPrefix;
  private final List<String> defaults;
  private final List<Gateway> gateways = new ArrayList<>();

  /**
   * @param clientIdPrefix each gateway's {@code kafka.client.id} is this plus a random suffix; null
   *     for the gateway's default
   * @param defaults {@code key=value} settings of every gateway started here
   */
  GatewayFixture(String clientIdPrefix, String... defaults) {
    this.clientIdPrefix = clientIdPrefix;
    this.defaults = List.of(defaults);
  }

  /** Creates {@link #raw} (3 partitions) and {@link #dlq} (1). */
  void createTopics(RealKafka kafka) {
    Topics.create(kafka, raw, 3);
    Topics.create(kafka, dlq, 1);
  }

  /** A gateway on this fixture's topics with its defaults, then {@code settings}. */
  Gateway start(RealKafka kafka, String... settings) {
    List<String> all = new ArrayList<>(List.of("topics.raw=" + raw, "topics.dlq=" + dlq));
    if (clientIdPrefix != null) {
      all.add("kafka.client.id=" + clientIdPrefix + UUID.randomUUID());
    }
    all.addAll(defaults);
    all.addAll(List.of(settings));
    Gateway gateway = Gateway.start(config(kafka, all.toArray(String[]::new)));
    gateways.add(gateway);
    return gateway;
  }

  @Override
  public void close() {
    gateways.forEach(Gateway::close);
  }

  /**
   * A gateway's configuration: 127.0.0.1, port 0, {@link Http#TOKEN}, {@code kafka}'s bootstrap
   * servers, then each {@code key=value} of {@code settings} (later ones win).
   */
  static Config config(RealKafka kafka, String... settings) {
    Map<String, String> config = new HashMap<>();
    config.put("gateway.host", "127.0.0.1");
    config.put("gateway.port", "0");
    config.put("gateway.tokens", Http.TOKEN);
    config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      config.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    return Config.of(config);
  }

  /**
   * A PKCS12 key store ({@code gateway.p12}, password {@code changeit}) in {@code dir} holding a
   * self-signed certificate for localhost and 127.0.0.1 under the alias {@code gateway}, made by
   * the JDK's keytool with these key options (e.g. {@code -keyalg EC}).
   */
  static Path selfSignedKeystore(Path dir, String... keyOptions)
      throws IOException, InterruptedException {
    Path keystore = dir.resolve("gateway.p12");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "gateway"));
    command.addAll(List.of(keyOptions));
    command.addAll(
        List.of(
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            keystore.toString(),
            "-storepass",
            "changeit"));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(output).isZero();
    return keystore;
  }
}
