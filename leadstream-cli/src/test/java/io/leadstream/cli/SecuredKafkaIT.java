package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.RawHeaders;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq list} and {@code tail} against a real broker whose only client listener is
 * SASL_PLAINTEXT (PLAIN): they work with the SASL settings in a {@code --config} file, and fail
 * clearly, without printing a secret, without them or with a wrong password.
 */
@KafkaCluster(
    brokerProperties = {
      "listener.security.protocol.map=EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
      "sasl.enabled.mechanisms=PLAIN",
      "sasl.mechanism.inter.broker.protocol=PLAIN",
      "listener.name.external.plain.sasl.jaas.config="
          + "org.apache.kafka.common.security.plain.PlainLoginModule required"
          + " username=\"broker\" password=\"broker-pw\""
          + " user_broker=\"broker-pw\" user_ops=\""
          + SecuredKafkaIT.OPS_PASSWORD
          + "\";"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredKafkaIT {

  static final String OPS_PASSWORD = "ops-S3cret-pw";
  private static final String ID = "in_securedkafkait0000000000001";

  @TempDir Path dir;

  private static String jaas(String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\\\"ops\\\""
        + " password=\\\""
        + password
        + "\\\";";
  }

  private Path config(RealKafka kafka, String password) throws Exception {
    return Files.writeString(
        dir.resolve("kafka-" + password + ".properties"),
        "kafka.bootstrap.servers="
            + kafka.bootstrapServers()
            + "\nkafka.security.protocol=SASL_PLAINTEXT\n"
            + "kafka.sasl.mechanism=PLAIN\n"
            + "kafka.sasl.jaas.config="
            + jaas(password)
            + "\n",
        StandardCharsets.UTF_8);
  }

  private static Map<String, Object> sasl(RealKafka kafka) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("security.protocol", "SASL_PLAINTEXT");
    props.put("sasl.mechanism", "PLAIN");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ops\""
            + " password=\""
            + OPS_PASSWORD
            + "\";");
    return props;
  }

  @BeforeAll
  void oneDeadLetter(RealKafka kafka) throws Exception {
    try (Admin admin = Admin.create(sasl(kafka))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("leads.dlq", 1, (short) 1), new NewTopic("leads.raw", 1, (short) 1)))
          .all()
          .get();
    }
    Map<String, Object> props = sasl(kafka);
    props.put("key.serializer", StringSerializer.class);
    props.put("value.serializer", StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      ProducerRecord<String, String> record = new ProducerRecord<>("leads.dlq", ID, "{not json");
      record.headers().add(new RecordHeader(RawHeaders.INGEST_ID, bytes(ID)));
      record.headers().add(new RecordHeader(RawHeaders.DLQ_REASON, bytes("MALFORMED_JSON")));
      record.headers().add(new RecordHeader(RawHeaders.DLQ_STAGE, bytes("gateway")));
      producer.send(record).get();
    }
  }

  @Test
  void dlqListAndTailReadASaslClusterWithTheSettingsOfConfig(RealKafka kafka) throws Exception {
    Path config = config(kafka, OPS_PASSWORD);

    CliRun list = CliRun.of(Map.of(), "dlq", "list", "--config", config.toString());
    CliRun tail = CliRun.of(Map.of(), "tail", "dlq", "--config", config.toString());

    assertThat(list.exitCode()).as(list.all()).isZero();
    assertThat(list.out())
        .contains(ID + " ", "MALFORMED_JSON", "gateway")
        .contains("1 dead letter(s) in leads.dlq");
    assertThat(tail.exitCode()).as(tail.all()).isZero();
    assertThat(tail.out()).contains("dlq", ID, "MALFORMED_JSON");
  }

  @Test
  void theSameSettingsFromLeadstreamKafkaVariablesWork(RealKafka kafka) {
    CliRun list =
        CliRun.of(
            Map.of(
                "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "LEADSTREAM_KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "LEADSTREAM_KAFKA_SASL_MECHANISM",
                "PLAIN",
                "LEADSTREAM_KAFKA_SASL_JAAS_CONFIG",
                jaas(OPS_PASSWORD).replace("\\", "")),
            "dlq",
            "list");

    assertThat(list.exitCode()).as(list.all()).isZero();
    assertThat(list.out()).contains(ID + " ", "1 dead letter(s) in leads.dlq");
  }

  @Test
  void withoutTheSaslSettingsDlqListSaysItCannotReachKafkaAndWhereTheSettingsGo(RealKafka kafka) {
    CliRun list =
        CliRun.of(Map.of(), "dlq", "list", "--bootstrap-servers", kafka.bootstrapServers());

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err())
        .contains("cannot reach Kafka at " + kafka.bootstrapServers() + " within 10 s")
        .contains("kafka.security.protocol")
        .contains("--config FILE or LEADSTREAM_KAFKA_* variables");
    assertThat(list.out()).doesNotContain(ID);
  }

  @Test
  void aWrongPasswordIsRefusedClearlyAndNeverPrinted(RealKafka kafka) throws Exception {
    String wrong = "Wr0ng-pw-123";
    CliRun list =
        CliRun.of(
            Map.of(),
            "dlq",
            "list",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--config",
            config(kafka, wrong).toString());

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err())
        .contains("Kafka at " + kafka.bootstrapServers() + " refused the CLI")
        .contains("SaslAuthenticationException")
        .contains("kafka.sasl.*");
    assertThat(list.all()).doesNotContain(wrong, OPS_PASSWORD);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
