package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./leadstream up} as a person runs it (the launcher, its log configuration, a real broker
 * process), with a token of their own in {@code LEADSTREAM_GATEWAY_TOKENS}: the start prints no
 * WARN line, never echoes that token, and leaves the stack's own leadId secret in the data folder.
 * The data folder is under {@code target/}, as {@code .leadstream/} is under the repository; when
 * the checkout itself is under the OS temp directory, Kafka Streams' warning about a state folder
 * there is true, and the only one allowed.
 */
class QuietStartIT {

  @Test
  void aNormalStartPrintsNoWarningAndNeverEchoesASuppliedToken() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path home = Path.of("target", "quiet-start-" + UUID.randomUUID()).toAbsolutePath();
    String token = "quiet-start-token-" + UUID.randomUUID();
    Path log = Files.createDirectories(home.getParent()).resolve(home.getFileName() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", "./leadstream up")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    builder.environment().put("LEADSTREAM_HOME", home.toString());
    builder.environment().put("LEADSTREAM_GATEWAY_TOKENS", token);
    builder.environment().put("LEADSTREAM_GATEWAY_PORT", Integer.toString(Ports.free()));
    builder.environment().put("LEADSTREAM_BROKER_PORT", Integer.toString(Ports.freePair()));
    builder
        .environment()
        .put("LEADSTREAM_PROCESSOR_MANAGEMENT_PORT", Integer.toString(Ports.free()));
    builder.environment().put("LEADSTREAM_PROCESSOR_CONSOLE_PORT", Integer.toString(Ports.free()));
    Process up = builder.start();
    String output;
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .until(() -> !up.isAlive() || read(log).contains("Press Ctrl-C to stop."));
      assertThat(up.isAlive()).as("./leadstream up is running:\n%s", read(log)).isTrue();
    } finally {
      up.destroy();
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      output = read(log);
    }

    List<String> warnings =
        output
            .lines()
            .filter(line -> line.matches(".*\\b(WARN|WARNING)\\b.*"))
            // Kafka Streams rightly warns when the state folder is under the OS temp folder, where
            // a
            // checkout (a CI clone, say) may live; that warning is true there, not noise.
            .filter(line -> !(underTempDir(home) && line.contains("Using an OS temp directory")))
            .toList();
    assertThat(warnings).as("WARN lines of a normal start:\n%s", output).isEmpty();
    assertThat(output)
        .contains("Leadstream is up")
        .contains("?code=<your token from LEADSTREAM_GATEWAY_TOKENS>")
        .doesNotContain(token);
    assertThat(Files.readString(home.resolve("leadid-secret"), StandardCharsets.US_ASCII).strip())
        .matches("[0-9a-f]{64}");
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
