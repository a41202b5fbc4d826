package io.leadstream.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.LeadJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An accessibility audit of the page a browser shows: Deque's axe-core (the engine behind
 * Lighthouse's and Chrome DevTools' accessibility checks), from the npm registry through {@code
 * dev/node-tools} (pinned by its {@code package-lock.json}), run inside the page against WCAG 2.1 A
 * and AA: labels and names, contrast, landmarks, keyboard-reachable controls, ARIA use.
 *
 * <p>Without npm it skips the test, except under CI, where it fails it (as {@link HeadlessChromium}
 * does for the browser).
 */
final class Axe {

  /** Failsafe runs in the module's folder; the tools live at the repository's root. */
  private static final Path TOOLS = Path.of("..", "dev", "node-tools").toAbsolutePath().normalize();

  private static final Path SCRIPT = TOOLS.resolve("node_modules/axe-core/axe.min.js");

  private static final String RUN =
      """
      const done = arguments[arguments.length - 1];
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
        .then((result) => done(JSON.stringify(result.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ") + (n.failureSummary ? " (" + n.failureSummary.replace(/\\s+/g, " ") + ")" : "")),
        })))))
        .catch((error) => done("axe failed: " + error));
      """;

  private Axe() {}

  /** One rule the page breaks: the rule, how bad, and where (CSS selectors, with why). */
  record Violation(String id, String impact, String help, List<String> nodes) {
    @Override
    public String toString() {
      return id + " (" + impact + "): " + help + "\n      " + String.join("\n      ", nodes);
    }
  }

  /** Every WCAG 2.1 A/AA rule the page as shown now breaks; empty when it passes. */
  static List<Violation> audit(ChromeDriver driver) throws IOException, InterruptedException {
    String engine = Files.readString(engine(), StandardCharsets.UTF_8);
    driver.executeScript(engine);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Object answer = driver.executeAsyncScript(RUN);
    String json = String.valueOf(answer);
    if (!json.startsWith("[")) {
      throw new IllegalStateException(json);
    }
    List<Violation> violations = new ArrayList<>();
    for (JsonNode v : LeadJson.mapper().readTree(json)) {
      List<String> nodes = new ArrayList<>();
      v.path("nodes").forEach(n -> nodes.add(n.asText()));
      violations.add(
          new Violation(
              v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(), nodes));
    }
    return violations;
  }

  /** axe.min.js, installed now when it is not yet ({@code dev/node-tools/install}). */
  private static Path engine() throws IOException, InterruptedException {
    if (Files.isRegularFile(SCRIPT)) {
      return SCRIPT;
    }
    Process install =
        new ProcessBuilder("bash", TOOLS.resolve("install").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!install.waitFor(5, TimeUnit.MINUTES)) {
      install.destroyForcibly();
      throw new IllegalStateException("dev/node-tools/install took more than 5 minutes");
    }
    if (install.exitValue() == 3) {
      if (HeadlessChromium.underCi()) {
        throw new IllegalStateException(
            "under CI the accessibility audit must run, but " + output.strip());
      }
      Assumptions.abort("accessibility audit skipped: " + output.strip());
    }
    if (install.exitValue() != 0 || !Files.isRegularFile(SCRIPT)) {
      throw new IllegalStateException(
          "dev/node-tools/install failed (exit " + install.exitValue() + "):\n" + output);
    }
    return SCRIPT;
  }
}
