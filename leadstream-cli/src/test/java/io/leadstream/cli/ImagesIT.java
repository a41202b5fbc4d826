package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The two images docker-compose.yml runs, as the build made them ({@code images/base-rootfs.sh} +
 * Jib, see images/build.sh), unpacked and run with their own root filesystem, Java and user against
 * a real broker: the compose health checks pass inside them, a lead posted to the gateway container
 * comes out of the processor container on {@code leads.qualified}, and both stop cleanly on
 * SIGTERM.
 */
@KafkaCluster
class ImagesIT {

  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final String TOKEN = "images-it-token-0123456789";

  @Test
  void theGatewayAndProcessorImagesRunOnTheirOwnRootFilesystemAndMoveALeadEndToEnd(
      RealKafka kafka, @TempDir Path work) throws Exception {
    Path gatewayTar = REPO.resolve("ingest-gateway/target/jib-image.tar");
    Path processorTar = REPO.resolve("stream-processor/target/jib-image.tar");
    assumeTrue(
        Files.isRegularFile(gatewayTar) && Files.isRegularFile(processorTar),
        "the image tarballs are built by `mvn verify` on Debian/Ubuntu (profile images)");
    assumeTrue(ContainerImage.runnableHere(), "running an unpacked image needs root and chroot");

    ContainerImage processorImage = ContainerImage.unpack(processorTar, work.resolve("processor"));
    ContainerImage gatewayImage = ContainerImage.unpack(gatewayTar, work.resolve("gateway"));
    assertThat(processorImage.environment())
        .containsEntry("JAVA_HOME", "/opt/java")
        .containsEntry("LEADSTREAM_PROCESSOR_STATE_DIR", "/var/lib/leadstream/state");

    // docker-compose's one-shot topic setup, as compose runs it (one broker here: factor 1).
    Path topicsLog = work.resolve("topics.log");
    Process topics =
        processorImage.run(
            composeEntrypoint("topics"),
            Map.of(
                "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "LEADSTREAM_PROCESSOR_TOPIC_REPLICATION_FACTOR",
                "1"),
            topicsLog);
    assertThat(topics.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(topics.exitValue()).as(tail(topicsLog)).isZero();
    for (String topic : TopicNames.defaults().asMap().values()) {
      assertThat(tail(topicsLog)).contains(topic);
    }

    int processorPort = Ports.free();
    int gatewayPort = Ports.free();
    Path processorLog = work.resolve("processor.log");
    Path gatewayLog = work.resolve("gateway.log");
    Process processor =
        processorImage.start(
            Map.of(
                "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "LEADSTREAM_PROCESSOR_MANAGEMENT_PORT", Integer.toString(processorPort),
                "LEADSTREAM_PROCESSOR_LEADID_SECRET", "images-it-secret-0123456789"),
            processorLog);
    Process gateway = null;
    try {
      Map<String, List<String>> healthChecks = composeHealthChecks();
      List<String> processorCheck = withPort(healthChecks.get("processor-1"), 8081, processorPort);
      await("the processor container's compose health check")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> processorImage.execute(processorCheck) == 0);

      gateway =
          gatewayImage.start(
              Map.of(
                  "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                  "LEADSTREAM_GATEWAY_TOKENS", TOKEN,
                  "LEADSTREAM_GATEWAY_PORT", Integer.toString(gatewayPort)),
              gatewayLog);
      List<String> gatewayCheck = withPort(healthChecks.get("gateway"), 8080, gatewayPort);
      await("the gateway container's compose health check")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> gatewayImage.execute(gatewayCheck) == 0);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + gatewayPort + "/v1/leads?code=" + TOKEN))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              Fixtures.get("documented-sample").bytes()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(202);
      String ingestId = LeadJson.mapper().readTree(response.body()).path("id").asText();

      LeadEvent event = readOne(kafka, TopicNames.defaults().qualified());
      assertThat(event.ingest().id()).isEqualTo(ingestId);
    } finally {
      // A JVM ended by SIGTERM exits 143 once its shutdown hooks have run; the logs say whether
      // the services closed in order.
      if (gateway != null) {
        assertThat(ContainerImage.stop(gateway, 30)).isIn(0, 143);
        assertThat(tail(gatewayLog)).contains("ingest gateway stopped");
      }
      assertThat(ContainerImage.stop(processor, 60)).isIn(0, 143);
      assertThat(tail(processorLog)).contains("Stream processor stopped");
    }
  }

  /** The health-check command of each service in docker-compose.yml, as the runtime runs it. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> composeHealthChecks() throws IOException {
    try (InputStream in = Files.newInputStream(REPO.resolve("docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml().load(in);
      Map<String, Object> services = (Map<String, Object>) compose.get("services");
      Map<String, List<String>> checks = new java.util.HashMap<>();
      for (String service : List.of("gateway", "processor-1")) {
        Map<String, Object> healthcheck =
            (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("healthcheck");
        List<String> test = (List<String>) healthcheck.get("test");
        assertThat(test.get(0)).as(service + " health check form").isEqualTo("CMD");
        checks.put(service, test.subList(1, test.size()));
      }
      return checks;
    }
  }

  /** The entrypoint of a service of docker-compose.yml. */
  @SuppressWarnings("unchecked")
  private static List<String> composeEntrypoint(String service) throws IOException {
    try (InputStream in = Files.newInputStream(REPO.resolve("docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml().load(in);
      Map<String, Object> services = (Map<String, Object>) compose.get("services");
      return (List<String>) ((Map<String, Object>) services.get(service)).get("entrypoint");
    }
  }

  /**
   * The compose file's command with its port replaced, and {@code $$} unescaped as compose does.
   */
  private static List<String> withPort(List<String> command, int composePort, int port) {
    List<String> out = new ArrayList<>();
    for (String part : command) {
      out.add(part.replace("/" + composePort, "/" + port).replace("$$", "$"));
    }
    return out;
  }

  private static LeadEvent readOne(RealKafka kafka, String topic) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "images-it");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, LeadEvent> consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), LeadSerdes.leadEvent().deserializer())) {
      consumer.subscribe(List.of(topic));
      List<LeadEvent> events = new ArrayList<>();
      await("a lead on " + topic)
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<String, LeadEvent> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  events.add(record.value());
                }
                return !events.isEmpty();
              });
      assertThat(events).hasSize(1);
      return events.get(0);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
