package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.config.Config;
import io.leadstream.imports.ImportIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How every Kafka command of the CLI resolves its Kafka settings (flag, environment, --config file,
 * default), without a broker: what reaches the clients, what the commands force, and that no secret
 * reaches a message.
 */
class KafkaSettingsTest {

  private static final String PASSWORD = "pl41n-s3cret-pw";
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ops\""
          + " password=\""
          + PASSWORD
          + "\";";

  @TempDir Path dir;

  private Path config(String... lines) throws IOException {
    return Files.writeString(
        dir.resolve("leadstream-" + System.nanoTime() + ".properties"),
        String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
  }

  @Test
  void theBootstrapFlagWinsOverTheEnvironmentTheConfigFileAndTheDefault() throws Exception {
    Path file = config("kafka.bootstrap.servers=file:9092");
    Map<String, String> env =
        Map.of("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "LEADSTREAM_BROKER_PORT", "7000");

    assertThat(Clients.settings("flag:9092", file, env).bootstrap()).isEqualTo("flag:9092");
    assertThat(Clients.settings(null, file, env).bootstrap()).isEqualTo("env:9092");
    assertThat(Clients.settings(" ", file, Map.of("LEADSTREAM_BROKER_PORT", "7000")).bootstrap())
        .isEqualTo("file:9092");
    assertThat(Clients.settings(null, null, Map.of("LEADSTREAM_BROKER_PORT", "7000")).bootstrap())
        .isEqualTo("localhost:7000");
    assertThat(Clients.settings(null, null, Map.of()).bootstrap()).isEqualTo("localhost:9092");
  }

  @Test
  void environmentVariablesWinOverTheConfigFileKeyByKey() throws Exception {
    Path file =
        config(
            "kafka.security.protocol=SASL_SSL",
            "kafka.sasl.mechanism=SCRAM-SHA-512",
            "kafka.ssl.truststore.location=/etc/kafka/truststore.p12");

    Clients.Settings settings =
        Clients.settings(null, file, Map.of("LEADSTREAM_KAFKA_SASL_MECHANISM", "PLAIN"));

    assertThat(settings.kafka())
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
  }

  @Test
  void theConfigFileDefaultsToLeadstreamConfigAndAGivenFileWinsOverIt() throws Exception {
    Path fromEnv = config("kafka.security.protocol=SSL");
    Path given = config("kafka.security.protocol=SASL_PLAINTEXT");
    Map<String, String> env = Map.of("LEADSTREAM_CONFIG", fromEnv.toString());

    assertThat(Clients.settings(null, null, env).kafka()).containsEntry("security.protocol", "SSL");
    assertThat(Clients.settings(null, given, env).kafka())
        .containsEntry("security.protocol", "SASL_PLAINTEXT");
  }

  @Test
  void blankValuesCountAsUnset() {
    Clients.Settings settings =
        Clients.settings(
            null,
            null,
            Map.of(
                "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", " ", "LEADSTREAM_KAFKA_SASL_MECHANISM", ""));

    assertThat(settings.bootstrap()).isEqualTo("localhost:9092");
    assertThat(settings.kafka()).doesNotContainKey("sasl.mechanism");
  }

  @Test
  void everyKafkaPropertyReachesTheConsumerTheProducerAndTheAdminClientUnchanged()
      throws Exception {
    Path file =
        config(
            "kafka.security.protocol=SASL_SSL",
            "kafka.sasl.mechanism=PLAIN",
            "kafka.sasl.jaas.config=" + JAAS.replace("\"", "\\\""),
            "kafka.ssl.truststore.location=/etc/kafka/truststore.p12",
            "kafka.ssl.truststore.password=trust-pw",
            "kafka.request.timeout.ms=45000",
            "gateway.port=8080");

    Clients.Settings settings = Clients.settings("broker-1:9093", file, Map.of());

    Map<String, Object> expected =
        Map.of(
            "bootstrap.servers", "broker-1:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", JAAS,
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "ssl.truststore.password", "trust-pw",
            "request.timeout.ms", "45000");
    for (Map<String, Object> props :
        List.of(settings.consumer(), settings.producer(), settings.admin())) {
      assertThat(props).containsAllEntriesOf(expected).doesNotContainKey("port");
    }
  }

  @Test
  void theSettingsACommandNeedsWinOverTheUsers() throws Exception {
    Path file =
        config(
            "kafka.isolation.level=read_uncommitted",
            "kafka.enable.auto.commit=true",
            "kafka.key.deserializer=org.apache.kafka.common.serialization.LongDeserializer",
            "kafka.acks=1",
            "kafka.enable.idempotence=false",
            "kafka.transactional.id=someone-elses",
            "kafka.key.serializer=org.apache.kafka.common.serialization.LongSerializer");

    Clients.Settings settings = Clients.settings(null, file, Map.of());

    assertThat(settings.consumer())
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("key.deserializer", StringDeserializer.class)
        .containsEntry("value.deserializer", ByteArrayDeserializer.class);
    assertThat(settings.producer())
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .doesNotContainKey("transactional.id");
    try (KafkaProducer<String, byte[]> producer =
        Clients.writer(settings, "test", StringSerializer.class, ByteArraySerializer.class)) {
      assertThat(producer).isNotNull();
    }
  }

  @Test
  void everyClientCanBeMadeFromTheShippedDefaultsAlone() {
    Clients.Settings settings = Clients.settings(null, null, Map.of());

    try (var admin = Clients.admin(settings);
        var consumer = Clients.reader(settings);
        var producer =
            Clients.writer(settings, "test", StringSerializer.class, ByteArraySerializer.class)) {
      assertThat(List.of(admin, consumer, producer)).doesNotContainNull();
    }
  }

  @Test
  void theUserTunesWhatTheCommandsOnlyDefault() throws Exception {
    Clients.Settings defaults = Clients.settings(null, null, Map.of());
    Clients.Settings tuned =
        Clients.settings(
            null,
            config("kafka.default.api.timeout.ms=30000", "kafka.client.id=ops-laptop"),
            Map.of());

    assertThat(defaults.consumer()).containsEntry("default.api.timeout.ms", 10_000);
    assertThat(defaults.apiTimeout()).hasSeconds(10);
    assertThat(tuned.consumer())
        .containsEntry("default.api.timeout.ms", "30000")
        .containsEntry("client.id", "ops-laptop");
    assertThat(tuned.admin()).containsEntry("default.api.timeout.ms", "30000");
    assertThat(tuned.apiTimeout()).hasSeconds(30);
  }

  @Test
  void importKeepsItsShippedProducerDefaultsUnderTheUsersSettings() throws Exception {
    Config config =
        Config.load(
            ImportIds.DEFAULTS,
            Optional.of(config("kafka.linger.ms=50", "kafka.security.protocol=SSL")),
            Map.of(),
            Map.of());

    Map<String, Object> producer = Clients.fromConfig(null, config, Map.of()).producer();

    assertThat(producer)
        .containsEntry("client.id", "leadstream-import")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "50")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("acks", "all");
  }

  @Test
  void topicNamesComeFromTheSameSources() throws Exception {
    Clients.Settings settings =
        Clients.settings(
            null,
            config("topics.dlq=ops.dlq", "topics.raw=ops.raw"),
            Map.of("LEADSTREAM_TOPICS_RAW", "env.raw"));

    assertThat(settings.topics().dlq()).isEqualTo("ops.dlq");
    assertThat(settings.topics().raw()).isEqualTo("env.raw");
  }

  @Test
  void theDescribedSettingsMaskSecretsAndRedactionHidesThemInAnyText() {
    Clients.Settings settings =
        Clients.settings(
            "broker:9093",
            null,
            Map.of(
                "LEADSTREAM_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "LEADSTREAM_KAFKA_SSL_KEY_PASSWORD", "key-pw-123",
                "LEADSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

    assertThat(settings.describe())
        .contains("kafka.bootstrap.servers=broker:9093")
        .contains("kafka.security.protocol=SASL_SSL")
        .contains("kafka.sasl.jaas.config=******")
        .contains("kafka.ssl.key.password=******")
        .doesNotContain(PASSWORD, "key-pw-123");
    assertThat(settings.toString()).doesNotContain(PASSWORD, "key-pw-123");
    assertThat(settings.redact("bad: password=\"" + PASSWORD + "\" and key-pw-123"))
        .isEqualTo("bad: password=\"******\" and ******");
  }

  @Test
  void everyKafkaCommandTakesConfigAndItsKafkaSettingsReachTheCommand() throws Exception {
    Path file = config("kafka.security.protocol=SASL_PLAINTEXT", "kafka.sasl.mechanism=PLAIN");
    for (String[] command :
        List.of(
            new String[] {"tail", "dlq"},
            new String[] {"topics"},
            new String[] {"dlq", "list"},
            new String[] {"dlq", "replay", "--all"})) {
      CommandLine.ParseResult parsed =
          CliRun.parser(Map.of("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092"))
              .parseArgs(concat(command, "--config", file.toString()));
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
      KafkaOptions options =
          parsed.commandSpec().mixins().get("kafka").userObject() instanceof KafkaOptions k
              ? k
              : null;
      assertThat(options).as(String.join(" ", command)).isNotNull();
      Clients.Settings settings = options.settings();
      assertThat(settings.bootstrap()).as(String.join(" ", command)).isEqualTo("env:9092");
      assertThat(settings.consumer())
          .as(String.join(" ", command))
          .containsEntry("security.protocol", "SASL_PLAINTEXT")
          .containsEntry("sasl.mechanism", "PLAIN");
    }
  }

  @Test
  void aMissingConfigFileIsAClearErrorNamingIt() {
    Path missing = dir.resolve("nope.properties");

    CliRun run = CliRun.of(Map.of(), "dlq", "list", "--config", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("leadstream: config config file " + missing + " does not exist");
  }

  @Test
  void everyKafkaCommandSaysItCannotReachKafkaWithoutPrintingASecret() throws Exception {
    int closed = Ports.free();
    Map<String, String> env = new HashMap<>();
    env.put("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed);
    env.put("LEADSTREAM_KAFKA_DEFAULT_API_TIMEOUT_MS", "1000");
    env.put("LEADSTREAM_KAFKA_REQUEST_TIMEOUT_MS", "1000");
    env.put("LEADSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
    env.put("LEADSTREAM_KAFKA_SASL_MECHANISM", "PLAIN");
    env.put("LEADSTREAM_KAFKA_SASL_JAAS_CONFIG", JAAS);
    for (String[] command :
        List.of(
            new String[] {"tail", "dlq"},
            new String[] {"dlq", "list"},
            new String[] {"dlq", "replay", "--all"},
            new String[] {"topics"})) {
      CliRun run = CliRun.of(env, command);

      assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
      assertThat(run.err())
          .as(String.join(" ", command))
          .contains("cannot reach Kafka at 127.0.0.1:" + closed)
          .contains(
              "(set: kafka.default.api.timeout.ms, kafka.request.timeout.ms, kafka.sasl.jaas.config,"
                  + " kafka.sasl.mechanism, kafka.security.protocol)");
      assertThat(run.all()).doesNotContain(PASSWORD, "username=\"ops\"");
    }
    assertThat(CliRun.of(env, "dlq", "list").err())
        .contains("cannot reach Kafka at 127.0.0.1:" + closed + " within 1 s;");
  }

  @Test
  void withoutKafkaSettingsTheUnreachableMessageSaysWhereTlsAndSaslSettingsGo() throws Exception {
    int closed = Ports.free();
    CliRun run =
        CliRun.of(
            Map.of("LEADSTREAM_KAFKA_DEFAULT_API_TIMEOUT_MS", "1000"),
            "tail",
            "dlq",
            "--bootstrap-servers",
            "127.0.0.1:" + closed);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("cannot reach Kafka at 127.0.0.1:" + closed + " within 1 s")
        .contains("kafka.security.protocol")
        .contains("--config FILE or LEADSTREAM_KAFKA_* variables");
  }

  @Test
  void aKafkaSettingTheClientRejectsIsReportedWithoutItsSecretValue() {
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
            "LEADSTREAM_KAFKA_SASL_MECHANISM", "PLAIN",
            // No closing semicolon: the JAAS parser rejects it.
            "LEADSTREAM_KAFKA_SASL_JAAS_CONFIG", JAAS.substring(0, JAAS.length() - 1));

    CliRun run = CliRun.of(env, "dlq", "list", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("leadstream: cannot create a Kafka consumer for 127.0.0.1:1");
    assertThat(run.all()).doesNotContain(PASSWORD);
    Clients.Settings settings = Clients.settings("127.0.0.1:1", null, env);
    assertThatThrownBy(() -> Clients.reader(settings).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JAAS")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> Clients.admin(settings).close())
        .hasMessageStartingWith("cannot create a Kafka admin client for 127.0.0.1:1")
        .hasMessageNotContaining(PASSWORD);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
