package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.TopicNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code ./leadstream up} as a person runs it (the launcher, its log configuration, a real broker
 * process), with a token of their own in {@code LEADSTREAM_GATEWAY_TOKENS}: the start prints no
 * WARN line, never echoes that token, and leaves the stack's own leadId secret in the data folder;
 * and after the README's one lead and a Ctrl-C, the next start on the same folder prints none
 * either (with one lead, most partitions of every store have had no record: under exactly-once,
 * Kafka Streams would declare such tasks corrupted at the next start, with warnings and an error).
 * Either start delivers its first lead promptly: a lead posted once the stack says it is up is on
 * {@code leads.qualified} (read_committed) within {@link #FIRST_LEAD_BOUND} (measured: 0.4-0.5 s).
 * The data folder is under {@code target/}, as {@code .leadstream/} is under the repository; when
 * the checkout itself is under the OS temp directory, Kafka Streams' warning about a state folder
 * there is true, and the only one allowed.
 */
class QuietStartIT {

  /** The README's lead, with a new customer each start (the same one would be a duplicate). */
  private static final String LEAD =
      """
      {"UserDetails":{"FirstName":"Pat","LastName":"Doe","Email":"pat.doe.%s@contoso.example.com",\
      "Country":"US","Company":"Contoso"},"LeadSource":"SPZA-PLT|contoso.sales-insights",\
      "ActionCode":"PLT","OfferTitle":"Contoso Sales Insights"}""";

  /** How long a start's first lead may take from its POST to committed output. */
  private static final Duration FIRST_LEAD_BOUND = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root = Path.of("").toAbsolutePath().getParent();
  private final Path home = Path.of("target", "quiet-start-" + UUID.randomUUID()).toAbsolutePath();
  private final String token = "quiet-start-token-" + UUID.randomUUID();

  @Test
  void
      aStartAndTheRestartAfterALeadPrintNoWarningDeliverTheirFirstLeadPromptlyAndNeverEchoTheToken()
          throws Exception {
    Map<String, String> ports =
        Map.of(
            "LEADSTREAM_GATEWAY_PORT", Integer.toString(Ports.free()),
            "LEADSTREAM_BROKER_PORT", Integer.toString(Ports.freePair()),
            "LEADSTREAM_PROCESSOR_MANAGEMENT_PORT", Integer.toString(Ports.free()),
            "LEADSTREAM_PROCESSOR_CONSOLE_PORT", Integer.toString(Ports.free()));
    URI leads =
        URI.create(
            "http://localhost:" + ports.get("LEADSTREAM_GATEWAY_PORT") + "/v1/leads?code=" + token);

    String bootstrap = "localhost:" + ports.get("LEADSTREAM_BROKER_PORT");
    String first = up(ports, "first", () -> assertFirstLeadIsOutPromptly(bootstrap, leads));
    assertThat(warnings(first)).as("WARN lines of a first start:\n%s", first).isEmpty();
    assertThat(first)
        .contains("Leadstream is up")
        .contains("?code=<your token from LEADSTREAM_GATEWAY_TOKENS>")
        .doesNotContain(token);
    assertThat(Files.readString(home.resolve("leadid-secret"), StandardCharsets.US_ASCII).strip())
        .matches("[0-9a-f]{64}");

    String second = up(ports, "second", () -> assertFirstLeadIsOutPromptly(bootstrap, leads));
    assertThat(warnings(second)).as("WARN lines of the start after a lead:\n%s", second).isEmpty();
    assertThat(second).contains("Leadstream is up").doesNotContain(token);
  }

  /** Runs {@code ./leadstream up} until it is ready, does {@code whileUp}, stops it; its output. */
  private String up(Map<String, String> ports, String name, ThrowingRunnable whileUp)
      throws Exception {
    Path log = Files.createDirectories(home.getParent()).resolve(home.getFileName() + "-" + name);
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", "./leadstream up")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    builder.environment().put("LEADSTREAM_HOME", home.toString());
    builder.environment().put("LEADSTREAM_GATEWAY_TOKENS", token);
    builder.environment().putAll(ports);
    Process up = builder.start();
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .until(() -> !up.isAlive() || read(log).contains("Press Ctrl-C to stop."));
      assertThat(up.isAlive()).as("./leadstream up is running:\n%s", read(log)).isTrue();
      whileUp.run();
    } finally {
      up.destroy();
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
    return read(log);
  }

  /** Posts a new customer's lead and waits for it on leads.qualified, within the bound. */
  private static void assertFirstLeadIsOutPromptly(String bootstrap, URI leads) throws Exception {
    String topic = TopicNames.defaults().qualified();
    try (KafkaConsumer<String, byte[]> consumer =
        StackFixture.consumer(bootstrap, "quiet-start-")) {
      List<TopicPartition> partitions = StackFixture.assignAll(consumer, topic);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // the end now, before the lead is posted
      long posted = System.nanoTime();
      HttpResponse<String> answer = post(leads);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      String id = JSON.readTree(answer.body()).get("id").asText();
      Set<String> out = new HashSet<>();
      long deadline = posted + FIRST_LEAD_BOUND.toNanos();
      while (!out.contains(id) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          out.add(LeadSerdes.leadEvent().deserialize(topic, r.value()).ingest().id());
        }
      }
      assertThat(out)
          .as("lead %s on %s within %s of its POST", id, topic, FIRST_LEAD_BOUND)
          .contains(id);
    }
  }

  private static HttpResponse<String> post(URI leads) throws Exception {
    String customer = UUID.randomUUID().toString().substring(0, 8);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(leads)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LEAD.formatted(customer)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private List<String> warnings(String output) {
    return output
        .lines()
        .filter(line -> line.matches(".*\\b(WARN|WARNING|ERROR)\\b.*"))
        // Kafka Streams rightly warns when the state folder is under the OS temp folder, where a
        // checkout (a CI clone, say) may live; that warning is true there, not noise.
        .filter(line -> !(underTempDir(home) && line.contains("Using an OS temp directory")))
        .toList();
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static boolean underTempDir(Path home) {
    try {
      return home.toRealPath()
          .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toRealPath());
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
