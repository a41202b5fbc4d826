package io.leadstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  @Test
  void laterLayersWinOverShippedDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "gateway.port=9000\ngateway.body.limit.bytes=1024\n");

    Config config =
        Config.load(
            "/test-defaults.properties",
            Optional.of(file),
            Map.of("LEADSTREAM_GATEWAY_BODY_LIMIT_BYTES", "2048", "PATH", "/bin"),
            Map.of("gateway.host", "127.0.0.1"));

    assertThat(config.integer("gateway.port")).isEqualTo(9000);
    assertThat(config.integer("gateway.body.limit.bytes")).isEqualTo(2048);
    assertThat(config.string("gateway.host")).isEqualTo("127.0.0.1");
    assertThat(config.string("kafka.acks")).isEqualTo("all");
    assertThat(config.asMap()).doesNotContainKey("path");
  }

  @Test
  void aWayOfRunningsDefaultsWinOverTheShippedOnesButNotOverWhatTheUserSets(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "gateway.host=from-file\n");
    Map<String, String> stackDefaults =
        Map.of("kafka.acks", "1", "gateway.host", "stack", "gateway.port", "7000");

    Config config =
        Config.load(
            "/test-defaults.properties",
            stackDefaults,
            Optional.of(file),
            Map.of("LEADSTREAM_GATEWAY_PORT", "9000"),
            Map.of());

    assertThat(config.string("kafka.acks")).isEqualTo("1");
    assertThat(config.string("gateway.host")).isEqualTo("from-file");
    assertThat(config.integer("gateway.port")).isEqualTo(9000);
  }

  @Test
  void readsTheFileNamedByLeadstreamConfigWhenNoFileIsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("from-env.properties");
    Files.writeString(file, "gateway.port=7000\n");

    Config config =
        Config.load(
            "/test-defaults.properties",
            Optional.empty(),
            Map.of("LEADSTREAM_CONFIG", file.toString()),
            Map.of());

    assertThat(config.integer("gateway.port")).isEqualTo(7000);
  }

  @Test
  void scopesKafkaClientPropertiesByPrefix() {
    Config config =
        Config.of(
            Map.of("kafka.bootstrap.servers", "b:9092", "kafka.acks", "all", "gateway.port", "1"));

    assertThat(config.scoped("kafka."))
        .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "b:9092", "acks", "all"));
  }

  @Test
  void masksSecretsWhenDescribed() {
    Config config =
        Config.of(
            Map.of(
                "gateway.tokens", "s3cr3t-token",
                "kafka.sasl.jaas.config", "org.apache...password=\"hunter2\";",
                "kafka.ssl.key.password", "pw",
                "gateway.port", "8080"));

    assertThat(config.describe())
        .contains("gateway.port=8080")
        .contains("gateway.tokens=******")
        .doesNotContain("s3cr3t-token")
        .doesNotContain("hunter2")
        .doesNotContain("=pw");
  }

  @Test
  void parsesIsoAndShortDurations() {
    Config config =
        Config.of(Map.of("a", "P30D", "b", "500ms", "c", "24h", "d", "PT5S", "e", "soon"));

    assertThat(config.duration("a")).isEqualTo(Duration.ofDays(30));
    assertThat(config.duration("b")).isEqualTo(Duration.ofMillis(500));
    assertThat(config.duration("c")).isEqualTo(Duration.ofHours(24));
    assertThat(config.duration("d")).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> config.duration("e"))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("config e must be a duration");
  }

  @Test
  void namesTheKeyButNotTheSecretWhenAValueIsWrong() {
    Config config = Config.of(Map.of("gateway.token.count", "abc-secret"));

    assertThatThrownBy(() -> config.integer("gateway.token.count"))
        .hasMessageContaining("gateway.token.count")
        .hasMessageNotContaining("abc-secret");
    assertThatThrownBy(() -> config.string("missing.key"))
        .hasMessage("config missing.key is required but not set");
  }
}
