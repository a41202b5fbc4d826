package io.leadstream.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.cli.LeadstreamCli;
import io.leadstream.cli.LocalStack;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.Fixtures.Fixture;
import io.leadstream.schemas.LeadJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The lead console in a real headless Chromium against the real local stack ({@code ./leadstream
 * up}: a broker process, the processor and the gateway), after the shipped samples were posted as
 * {@code ./leadstream send --samples} posts them, with a follow-up SLA of seconds so that qualified
 * leads turn overdue during the test: no data without signing in, the token never left in the
 * address bar, the chart showing exactly what the API answers, the overdue queue in the API's order
 * with each lead one click away, and {@code ./leadstream trace} finding a posted lead.
 */
class ConsoleBrowserIT {

  private static final String GATEWAY_TOKEN = "browser-it-gateway-token-0123";
  private static final String CONSOLE_TOKEN = "browser-it-console-token-4567";

  @RegisterExtension final HeadlessChromium browser = new HeadlessChromium();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void showsTheFunnelAndTheOverdueQueueTheApiGivesOnlyAfterSigningIn(@TempDir Path home)
      throws Exception {
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_GATEWAY_TOKENS", GATEWAY_TOKEN,
            "LEADSTREAM_PROCESSOR_CONSOLE_TOKENS", CONSOLE_TOKEN,
            // Qualified leads are overdue two seconds after they arrive; deadlines are looked
            // for every second.
            "LEADSTREAM_PROCESSOR_FOLLOWUP_SLA", "PT2S",
            "LEADSTREAM_PROCESSOR_LIFECYCLE_FOLLOWUP_WARNING", "PT1S",
            "LEADSTREAM_PROCESSOR_LIFECYCLE_PUNCTUATE_INTERVAL", "PT1S");
    LocalStack.Options options =
        new LocalStack.Options(home, free(), freePair(), 0, 0, Optional.empty(), env);
    try (LocalStack stack = LocalStack.start(options)) {
      URI console = stack.consoleUrl();
      Map<String, String> idByFixture = postSamples(stack);
      // Every posted record is accounted for (routed, dropped or dead-lettered) and every open
      // lead has turned overdue: from now on the page's answers do not change.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> allTraced(console, idByFixture.values()) && allOpenOverdue(console));

      // No token, no data: neither for the page nor for its API.
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(console.resolve("/api/v1/funnel")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      browser.open(console.toString());
      browser.visible(By.id("signin-form"));
      assertThat(browser.driver().findElements(By.id("funnel-chart"))).isEmpty();
      assertThat(browser.driver().findElements(By.id("queue-body"))).isEmpty();
      browser.screenshot("console-signin");

      // Signing in through the form: the token is exchanged and leaves the address.
      browser.driver().findElement(By.id("code")).sendKeys(CONSOLE_TOKEN);
      browser.driver().findElement(By.id("signin-submit")).click();
      browser.waitUntil(d -> !d.findElements(By.cssSelector("#funnel-chart g.bar")).isEmpty());
      assertThat(browser.driver().getCurrentUrl())
          .isEqualTo(console.toString())
          .doesNotContain("code=")
          .doesNotContain(CONSOLE_TOKEN);

      // The chart and its table show the days and counts the API gives.
      JsonNode funnel = json(api(console, "funnel"));
      Map<String, Long> totalByDay = new TreeMap<>();
      Map<String, Map<String, Long>> stagesByDay = new TreeMap<>();
      for (JsonNode day : funnel.path("days")) {
        totalByDay.put(day.path("day").asText(), day.path("leads").asLong());
        Map<String, Long> stages = new TreeMap<>();
        day.path("byStage")
            .properties()
            .forEach(
                e -> {
                  if (e.getValue().asLong() > 0) {
                    stages.put(e.getKey(), e.getValue().asLong());
                  }
                });
        stagesByDay.put(day.path("day").asText(), stages);
      }
      assertThat(totalByDay).hasSize(14);
      assertThat(totalByDay.values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(funnel.path("total").path("leads").asLong())
          .isPositive();
      Map<String, Long> chartTotals = new TreeMap<>();
      Map<String, Map<String, Long>> chartStages = new TreeMap<>();
      for (WebElement bar : browser.driver().findElements(By.cssSelector("#funnel-chart g.bar"))) {
        String day = bar.getDomAttribute("data-day");
        chartTotals.put(day, Long.parseLong(bar.getDomAttribute("data-total")));
        Map<String, Long> stages = new TreeMap<>();
        for (WebElement rect : bar.findElements(By.cssSelector("rect[data-key]"))) {
          stages.put(
              rect.getDomAttribute("data-key"), Long.parseLong(rect.getDomAttribute("data-count")));
        }
        chartStages.put(day, stages);
      }
      assertThat(chartTotals).isEqualTo(totalByDay);
      assertThat(chartStages).isEqualTo(stagesByDay);
      Map<String, Long> tableTotals = new TreeMap<>();
      for (WebElement row :
          browser.driver().findElements(By.cssSelector("#funnel-table tbody tr[data-day]"))) {
        tableTotals.put(
            row.getDomAttribute("data-day"),
            Long.parseLong(
                row.findElement(By.cssSelector("td[data-total]")).getDomAttribute("data-total")));
      }
      assertThat(tableTotals).isEqualTo(totalByDay);
      assertThat(browser.driver().findElement(By.id("fig-leads")).getText())
          .isEqualTo(funnel.path("total").path("leads").asText());

      // The overdue queue: the API's leads in the API's order (soonest due first).
      JsonNode queue = workQueue(console, true);
      List<String> expectedOrder = new ArrayList<>();
      for (JsonNode item : queue.path("items")) {
        expectedOrder.add(item.path("status").path("leadId").asText());
      }
      assertThat(expectedOrder).isNotEmpty();
      List<String> dueTimes = new ArrayList<>();
      queue.path("items").forEach(item -> dueTimes.add(item.path("dueAt").asText()));
      assertThat(dueTimes).isSorted();
      browser.waitUntil(d -> rowLeadIds().size() == expectedOrder.size());
      assertThat(rowLeadIds()).isEqualTo(expectedOrder);
      browser.screenshot("console-laptop");

      // One click opens the lead: its leadId, offer and (only there) its contact.
      String first = expectedOrder.get(0);
      JsonNode lead = json(api(console, "leads/" + first));
      String email = lead.path("event").path("customer").path("email").asText();
      String offerTitle = lead.path("event").path("offer").path("title").asText();
      assertThat(email).contains("@");
      assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain(email);
      browser
          .driver()
          .findElement(By.cssSelector("#queue-body a[data-lead-link='" + first + "']"))
          .click();
      WebElement panel =
          browser.visible(By.cssSelector("#lead-panel[data-lead-id='" + first + "']"));
      browser.waitUntil(d -> d.findElement(By.id("lead-contact")).getText().contains(email));
      assertThat(browser.driver().findElement(By.id("lead-title")).getText()).isEqualTo(first);
      assertThat(panel.getText()).contains(offerTitle);
      assertThat(browser.driver().getCurrentUrl())
          .isEqualTo(console.resolve("/leads/" + first).toString());
      browser.screenshot("console-laptop-lead");

      // On a phone: the same page, laid out for it.
      browser.driver().findElement(By.id("lead-close")).click();
      browser.waitUntil(d -> !d.findElement(By.id("lead-panel")).isDisplayed());
      browser.phone();
      browser.waitUntil(
          d ->
              d.findElement(By.id("funnel-chart")).getRect().getWidth()
                  <= HeadlessChromium.PHONE.getWidth());
      // Redrawn at the width it is shown at, so its labels are as large as on a laptop, not the
      // laptop's chart shrunk to fit.
      browser.waitUntil(
          d -> {
            WebElement chart = d.findElement(By.id("funnel-chart"));
            int drawn = Integer.parseInt(chart.getDomAttribute("viewBox").split(" ")[2]);
            return Math.abs(drawn - chart.getRect().getWidth()) <= 2;
          });
      assertThat(
              browser
                  .driver()
                  .findElement(By.cssSelector("#funnel-chart text"))
                  .getRect()
                  .getHeight())
          .as("height of a chart label on a phone, px")
          .isGreaterThanOrEqualTo(12);
      browser
          .driver()
          .executeScript(
              "document.getElementById('funnel-chart').scrollIntoView({block: 'center'})");
      browser.screenshot("console-phone");

      // ./leadstream trace finds where a posted lead went, as the API says.
      String qualified = idByFixture.get(firstFixtureRoutedTo("qualified"));
      JsonNode trace = json(api(console, "trace/" + qualified));
      String leadId = trace.path("entries").get(0).path("leadId").asText();
      Captured run =
          captured("trace", qualified, "--console", console.toString(), "--token", CONSOLE_TOKEN);
      assertThat(run.exitCode()).as(run.out()).isZero();
      assertThat(run.out())
          .matches(
              qualified + " -> leads\\.qualified as " + leadId + " \\(ROUTED at [0-9T:.Z-]+\\)\\n");
      String deadLetter = idByFixture.get(firstRejectedFixture());
      Captured dead =
          captured("trace", deadLetter, "--console", console.toString(), "--token", CONSOLE_TOKEN);
      assertThat(dead.exitCode()).as(dead.out()).isZero();
      assertThat(dead.out())
          .startsWith(deadLetter + " DEAD_LETTER in leads.dlq: ")
          .contains("(gateway)");
    }
  }

  /** Posts every shipped sample, as {@code send --samples}; their ingest ids by fixture name. */
  private Map<String, String> postSamples(LocalStack stack) throws Exception {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Fixture fixture : Fixtures.all()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "?code=" + GATEWAY_TOKEN))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(fixture.bytes()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(fixture.name()).isIn(202, 400);
      String id = json(response).path("id").asText("");
      assertThat(id).as("the id of %s", fixture.name()).startsWith("in_");
      ids.put(fixture.name(), id);
    }
    return ids;
  }

  private static String firstFixtureRoutedTo(String destination) {
    return Fixtures.all().stream()
        .filter(f -> !f.rejected() && destination.equals(f.expect().destination()))
        .findFirst()
        .orElseThrow()
        .name();
  }

  private static String firstRejectedFixture() {
    return Fixtures.all().stream().filter(Fixture::rejected).findFirst().orElseThrow().name();
  }

  private boolean allTraced(URI console, Iterable<String> ids) throws Exception {
    for (String id : ids) {
      if (api(console, "trace/" + id).statusCode() != 200) {
        return false;
      }
    }
    return true;
  }

  private boolean allOpenOverdue(URI console) throws Exception {
    int open = workQueue(console, false).path("count").asInt();
    return open > 0 && open == workQueue(console, true).path("count").asInt();
  }

  private List<String> rowLeadIds() {
    return browser.driver().findElements(By.cssSelector("#queue-body tr[data-lead-id]")).stream()
        .map(row -> row.getDomAttribute("data-lead-id"))
        .toList();
  }

  private HttpResponse<String> api(URI console, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(console.resolve("/api/v1/" + path))
            .header("Authorization", "Bearer " + CONSOLE_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode workQueue(URI console, boolean overdueOnly)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        api(console, "leads?state=OPEN&overdue=" + overdueOnly + "&limit=1000");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return LeadJson.mapper().readTree(response.body());
  }

  private record Captured(int exitCode, String out) {}

  /** A {@code ./leadstream} command line run here, with what it printed (stdout and stderr). */
  private static Captured captured(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code;
    try {
      System.setOut(both);
      System.setErr(both);
      code = LeadstreamCli.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    both.flush();
    return new Captured(code, bytes.toString(StandardCharsets.UTF_8));
  }

  private static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A free port whose successor is free too: the local broker's controller takes port + 1. */
  private static int freePair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = free();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        next.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no two consecutive free ports after 50 tries");
  }
}
