package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's own commands, as written there: {@code ./leadstream up} from "Two commands",
 * then every {@code sh} block of "Quickstart" in order. The only changes are the ones a second copy
 * on a shared machine needs: free ports instead of 8080, 9092 and 8081, and a temporary folder for
 * {@code .leadstream/}.
 */
class ReadmeQuickstartIT {

  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theReadmeQuickstartCommandsWorkAsWritten(@TempDir Path home) throws Exception {
    Path root = repositoryRoot();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> twoCommands = shBlocks(section(readme, "## Two commands"));
    List<String> quickstart = shBlocks(section(readme, "## Quickstart"));
    assertThat(twoCommands).contains("./leadstream up", "mvn verify");
    assertThat(quickstart).hasSizeGreaterThanOrEqualTo(3);

    int gatewayPort = Ports.free();
    Map<String, String> env = new HashMap<>();
    env.put("LEADSTREAM_HOME", home.toString());
    env.put("LEADSTREAM_GATEWAY_PORT", Integer.toString(gatewayPort));
    env.put("LEADSTREAM_BROKER_PORT", Integer.toString(Ports.freePair()));
    env.put("LEADSTREAM_PROCESSOR_MANAGEMENT_PORT", Integer.toString(Ports.free()));
    int consolePort = Ports.free();
    env.put("LEADSTREAM_PROCESSOR_CONSOLE_PORT", Integer.toString(consolePort));
    Path upLog = home.resolve("up.log");
    Process up =
        bash(root, env, "./leadstream up")
            .redirectErrorStream(true)
            .redirectOutput(upLog.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .until(() -> !up.isAlive() || Files.readString(upLog).contains("Press Ctrl-C to stop."));
      assertThat(up.isAlive())
          .as("./leadstream up is running; its output:\n%s", read(upLog))
          .isTrue();
      assertThat(read(upLog))
          .contains("Leadstream is up")
          .contains("Ingest URL  http://localhost:" + gatewayPort + "/v1/leads?code=ls_")
          .contains("Console     http://localhost:" + consolePort + "/?code=ls_");

      List<String> outputs = new ArrayList<>();
      for (String block : quickstart) {
        String command =
            block
                .replace("localhost:8080", "localhost:" + gatewayPort)
                .replace(".leadstream/", "$LEADSTREAM_HOME/");
        // A tail right after a post may run before the processor has caught up; as a person
        // would, run it again until the lead shows.
        String expected = expectation(block);
        String[] output = new String[1];
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  output[0] = run(root, env, command);
                  assertThat(output[0]).contains(expected);
                });
        outputs.add(output[0]);
      }
      assertThat(String.join("\n", outputs))
          .contains("{\"id\":\"in_")
          .contains("qualified  NEW")
          .contains("broken-json                  400")
          .contains("MALFORMED_JSON (GATEWAY)");
    } finally {
      up.destroy(); // SIGTERM: the same graceful stop as Ctrl-C
      boolean stopped = up.waitFor(60, TimeUnit.SECONDS);
      if (!stopped) {
        up.destroyForcibly();
      }
      assertThat(stopped).as("./leadstream up stops on SIGTERM").isTrue();
    }
    assertThat(read(upLog)).contains("Stopped.");
  }

  /** What each Quickstart block must print: its README output shows the same. */
  private static String expectation(String block) {
    if (block.startsWith("curl")) {
      return "{\"id\":\"in_";
    }
    if (block.contains("tail leads.dlq")) {
      return "MALFORMED_JSON";
    }
    if (block.contains("tail leads.qualified")) {
      return "qualified  NEW";
    }
    throw new IllegalStateException(
        "the README has a Quickstart command this test does not know:\n" + block);
  }

  private static String run(Path root, Map<String, String> env, String command)
      throws IOException, InterruptedException {
    Process process = bash(root, env, command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit of:\n%s\noutput:\n%s", command, output).isZero();
    return output;
  }

  private static ProcessBuilder bash(Path root, Map<String, String> env, String command) {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(root.toFile());
    builder.environment().putAll(env);
    builder.environment().remove("LEADSTREAM_GATEWAY_TOKENS");
    builder.environment().remove("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    return builder;
  }

  static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as("README has a section %s", heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + heading.length() + 2);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  static List<String> shBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = SH_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1).strip());
    }
    return blocks;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("leadstream"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root with ./leadstream").isNotNull();
    return dir;
  }
}
