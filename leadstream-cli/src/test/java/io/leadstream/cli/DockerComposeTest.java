package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.config.Config;
import io.leadstream.processor.TopicsMain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks docker-compose.yml without a Docker engine: its structure, and that every setting it
 * passes really is one the services read. Where Debian's docker-compose is installed (.ci/run
 * installs it), {@code docker-compose config} validates the file against the Compose schema too.
 */
class DockerComposeTest {

  private final Path file = repositoryRoot().resolve("docker-compose.yml");

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> services() throws IOException {
    Map<String, Object> compose;
    try (InputStream in = Files.newInputStream(file)) {
      compose = new Yaml().load(in);
    }
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void runsAThreeNodeKraftClusterOfThePinnedKafkaVersionWithHealthChecks() throws IOException {
    Map<String, Map<String, Object>> services = services();
    for (String node : List.of("kafka-1", "kafka-2", "kafka-3")) {
      Map<String, Object> service = services.get(node);
      assertThat(service.get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
      assertThat(service).containsKey("healthcheck");
      Map<String, Object> env = env(service);
      assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
      assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").toString().split(",")).hasSize(3);
      assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
    }
  }

  @Test
  void createsEveryTopicOnceTheBrokersAreHealthyAndStartsTheServicesAfter() throws IOException {
    Map<String, Map<String, Object>> services = services();
    Map<String, Object> setup = services.get("topics");
    // The processor's own provisioning code and topic list, in the processor image: no second
    // list of topics here to drift from Topics.all().
    assertThat(setup.get("image")).isEqualTo(services.get("processor-1").get("image"));
    List<String> entrypoint =
        ((List<?>) setup.get("entrypoint")).stream().map(String::valueOf).toList();
    assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(TopicsMain.class.getName());
    assertThat(entrypoint).contains("@/app/jib-classpath-file");
    assertThat(setup).doesNotContainKey("command");
    assertThat(env(setup))
        .containsEntry("LEADSTREAM_PROCESSOR_TOPIC_REPLICATION_FACTOR", "3")
        .containsEntry(
            "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
            env(services.get("processor-1")).get("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS"));
    assertSettingsKnown(env(setup), defaults("/processor-defaults.properties"));
    assertThat(String.valueOf(services.get("topics").get("depends_on")))
        .contains("kafka-1={condition=service_healthy}");
    for (String app : List.of("gateway", "processor-1", "processor-2")) {
      assertThat(String.valueOf(services.get(app).get("depends_on")))
          .as(app)
          .contains("topics={condition=service_completed_successfully}");
      assertThat(services.get(app)).as(app).containsKey("healthcheck");
    }
    assertThat(services.get("processor-1").get("image"))
        .isEqualTo(services.get("processor-2").get("image"))
        .isEqualTo("leadstream/stream-processor:0.1.0");
    assertThat(services.get("gateway").get("image")).isEqualTo("leadstream/ingest-gateway:0.1.0");
  }

  @Test
  void configuresTheServicesOnlyWithSettingsTheyRead() throws IOException {
    Map<String, Map<String, Object>> services = services();
    Properties gateway = defaults("/gateway-defaults.properties");
    Properties processor = defaults("/processor-defaults.properties");
    assertSettingsKnown(env(services.get("gateway")), gateway);
    assertSettingsKnown(env(services.get("processor-1")), processor);
    assertThat(env(services.get("processor-1")))
        .containsEntry("LEADSTREAM_PROCESSOR_TOPIC_REPLICATION_FACTOR", "3")
        .containsKey("LEADSTREAM_PROCESSOR_LEADID_SECRET");
    assertThat(env(services.get("gateway"))).containsKey("LEADSTREAM_GATEWAY_TOKENS");
  }

  @Test
  void isAValidComposeFileForDockerCompose() throws Exception {
    boolean installed =
        new ProcessBuilder("sh", "-c", "command -v docker-compose").start().waitFor() == 0;
    Assumptions.assumeTrue(installed, "docker-compose is not installed (.ci/run installs it)");
    ProcessBuilder builder =
        new ProcessBuilder("docker-compose", "-f", file.toString(), "config", "--quiet")
            .redirectErrorStream(true);
    builder.environment().put("LEADSTREAM_GATEWAY_TOKENS", "compose-check-token-0123456789");
    builder
        .environment()
        .put("LEADSTREAM_PROCESSOR_LEADID_SECRET", "compose-check-secret-0123456789");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("docker-compose config:\n%s", output).isZero();
  }

  private static void assertSettingsKnown(Map<String, Object> env, Properties defaults) {
    for (String name : env.keySet()) {
      assertThat(name).startsWith(Config.ENV_PREFIX);
      String key = Config.envToKey(name);
      assertThat(defaults.containsKey(key))
          .as("%s sets %s, a key the service reads", name, key)
          .isTrue();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(Map<String, Object> service) {
    return (Map<String, Object>) service.get("environment");
  }

  private static Properties defaults(String resource) throws IOException {
    Properties props = new Properties();
    try (InputStream in = DockerComposeTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      props.load(in);
    }
    return props;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root with docker-compose.yml").isNotNull();
    return dir;
  }
}
