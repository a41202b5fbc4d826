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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The lead console in a real headless Chromium against the real local stack ({@code ./leadstream
 * up}: a broker process, the processor and the gateway), after {@code ./leadstream send --samples}
 * posted the shipped samples, with a follow-up SLA of seconds so that qualified leads turn overdue
 * before the tests start: no data without signing in, the token never left in the address bar, the
 * chart showing exactly what the API answers, the overdue queue in the API's order with each lead
 * one click away, the filters, the refresh without a reload, the keyboard, an accessibility audit,
 * and {@code ./leadstream trace} finding a posted lead. One stack for all the tests; each test gets
 * its own browser and compares the page with what the API answers at that moment.
 */
class ConsoleBrowserIT {

  private static final String GATEWAY_TOKEN = "browser-it-gateway-token-0123";
  private static final String CONSOLE_TOKEN = "browser-it-console-token-4567";

  @RegisterExtension final HeadlessChromium browser = new HeadlessChromium();

  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir static Path home;

  private static LocalStack stack;
  private static URI console;

  /** The ingest id {@code send --samples} printed for each sample, by the sample's name. */
  private static Map<String, String> idByFixture;

  @BeforeAll
  static void startTheStackAndSendTheSamples() throws Exception {
    Optional<String> missing = HeadlessChromium.missing();
    Assumptions.assumeTrue(
        missing.isEmpty() || HeadlessChromium.underCi(),
        () -> "browser test skipped: " + missing.orElse(""));
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_GATEWAY_TOKENS", GATEWAY_TOKEN,
            "LEADSTREAM_PROCESSOR_CONSOLE_TOKENS", CONSOLE_TOKEN,
            // Qualified leads are overdue two seconds after they arrive; deadlines are looked
            // for every second.
            "LEADSTREAM_PROCESSOR_FOLLOWUP_SLA", "PT2S",
            "LEADSTREAM_PROCESSOR_LIFECYCLE_FOLLOWUP_WARNING", "PT1S",
            "LEADSTREAM_PROCESSOR_LIFECYCLE_PUNCTUATE_INTERVAL", "PT1S");
    stack =
        LocalStack.start(
            new LocalStack.Options(home, free(), freePair(), 0, 0, Optional.empty(), env));
    console = stack.consoleUrl();
    Captured send =
        captured(
            "send", "--samples", "--url", stack.ingestUrl().toString(), "--token", GATEWAY_TOKEN);
    assertThat(send.exitCode()).as(send.out()).isZero();
    idByFixture = sentIds(send.out());
    assertThat(idByFixture.keySet())
        .containsExactlyElementsOf(Fixtures.all().stream().map(Fixture::name).toList());
    // Every posted record is accounted for (routed, dropped or dead-lettered) and every open
    // lead has turned overdue: from now on the page's answers change only by what a test does.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> allTraced(idByFixture.values()) && allOpenOverdue());
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void showsTheFunnelAndTheOverdueQueueTheApiGivesOnlyAfterSigningIn() throws Exception {
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
    JsonNode funnel = json(api("funnel"));
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
    JsonNode queue = workQueue("overdue=true");
    List<String> expectedOrder = new ArrayList<>();
    for (JsonNode item : queue.path("items")) {
      expectedOrder.add(item.path("status").path("leadId").asText());
    }
    assertThat(expectedOrder).isNotEmpty();
    // As instants: ISO-8601 text does not sort (a whole second has no fraction: "33Z" > "33.014Z").
    List<Instant> dueTimes = new ArrayList<>();
    queue.path("items").forEach(item -> dueTimes.add(Instant.parse(item.path("dueAt").asText())));
    assertThat(dueTimes).isSorted();
    browser.waitUntil(d -> rowLeadIds().size() == expectedOrder.size());
    assertThat(rowLeadIds()).isEqualTo(expectedOrder);
    browser.screenshot("console-laptop");

    // One click opens the lead: its leadId, offer and (only there) its contact.
    String first = expectedOrder.get(0);
    JsonNode lead = json(api("leads/" + first));
    String email = lead.path("event").path("customer").path("email").asText();
    String offerTitle = lead.path("event").path("offer").path("title").asText();
    assertThat(email).contains("@");
    assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain(email);
    browser
        .driver()
        .findElement(By.cssSelector("#queue-body a[data-lead-link='" + first + "']"))
        .click();
    WebElement panel = browser.visible(By.cssSelector("#lead-panel[data-lead-id='" + first + "']"));
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
        .executeScript("document.getElementById('funnel-chart').scrollIntoView({block: 'center'})");
    browser.screenshot("console-phone");

    // ./leadstream trace finds where a posted lead went, as the API says.
    String qualified = idByFixture.get(firstFixtureRoutedTo("qualified"));
    JsonNode trace = json(api("trace/" + qualified));
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

  @Test
  void filtersByOfferSourceAndOwnerAndRefreshesWithoutAReload() throws Exception {
    signIn();
    browser.driver().executeScript("window.leadstreamNotReloaded = true");

    // Offer: the queue and the chart show what the API gives for that offer only.
    JsonNode firstDue = workQueue("overdue=true").path("items").get(0).path("status");
    // As a person types it: publisherId.offerId as sent, or the title of an offer without ids.
    JsonNode dueOffer = firstDue.path("offer");
    String offer =
        dueOffer.hasNonNull("offerId")
            ? dueOffer.path("publisherId").asText() + "." + dueOffer.path("offerId").asText()
            : dueOffer.path("title").asText();
    String offerQuery = "offer=" + URLEncoder.encode(offer, StandardCharsets.UTF_8);
    browser.driver().findElement(By.id("filter-offer")).sendKeys(offer);
    browser.driver().findElement(By.id("filter-apply")).click();
    List<String> offerQueue = leadIds(workQueue("overdue=true&" + offerQuery));
    assertThat(offerQueue)
        .as("overdue leads of %s, from %s", offer, firstDue)
        .isNotEmpty()
        .hasSizeLessThan(leadIds(workQueue("overdue=true")).size());
    browser.waitUntil(d -> rowLeadIds().equals(offerQueue));
    Map<String, Long> offerFunnel = totalByDay(json(api("funnel?" + offerQuery)));
    browser.waitUntil(d -> chartTotals().equals(offerFunnel));

    // Source (the funnel's filter): chosen, it applies at once, on top of the offer.
    browser.driver().findElement(By.id("filter-offer")).clear();
    String source = "APPSOURCE";
    new Select(browser.driver().findElement(By.id("filter-source"))).selectByValue(source);
    Map<String, Long> sourceFunnel = totalByDay(json(api("funnel?source=" + source)));
    assertThat(sourceFunnel.values().stream().mapToLong(Long::longValue).sum())
        .isPositive()
        .isLessThan(json(api("funnel")).path("total").path("leads").asLong());
    browser.waitUntil(d -> chartTotals().equals(sourceFunnel));
    new Select(browser.driver().findElement(By.id("filter-source"))).selectByValue("");

    // A lead assigned in a sales tool (./leadstream activity) shows its owner at the next
    // refresh, every 20 s, without a reload.
    String assigned = rowLeadIds().get(rowLeadIds().size() - 1);
    Captured activity =
        captured(
            "activity",
            assigned,
            "ASSIGNED",
            "--owner",
            "alice",
            "--bootstrap-servers",
            stack.bootstrapServers());
    assertThat(activity.exitCode()).as(activity.out()).isZero();
    browser.waitUntil(
        Duration.ofSeconds(35),
        d ->
            d.findElement(By.cssSelector("#queue-body tr[data-lead-id='" + assigned + "']"))
                .getText()
                .contains("alice"));
    assertThat(browser.driver().executeScript("return window.leadstreamNotReloaded === true"))
        .as("the page refreshed its data without reloading")
        .isEqualTo(true);

    // Owner: only that owner's overdue leads.
    List<String> alices = leadIds(workQueue("overdue=true&owner=alice"));
    assertThat(alices).containsExactly(assigned);
    browser.driver().findElement(By.id("filter-owner")).sendKeys("alice", Keys.ENTER);
    browser.waitUntil(d -> rowLeadIds().equals(alices));
    browser.screenshot("console-filtered");
  }

  @Test
  void worksFromTheKeyboardAndPassesAnAccessibilityAudit() throws Exception {
    Axe.Violation[] none = {};
    browser.open(console.toString());
    browser.visible(By.id("signin-form"));
    assertThat(Axe.audit(browser.driver())).as("the sign-in page").containsExactly(none);
    signIn();

    // Tab from the top: the skip link first, then on to the first lead of the queue.
    Actions keys = new Actions(browser.driver());
    keys.sendKeys(Keys.TAB).perform();
    assertThat(focused().getDomAttribute("class")).isEqualTo("skip");
    String first = rowLeadIds().get(0);
    for (int presses = 0; presses < 40 && focused().getDomAttribute("data-lead-link") == null; ) {
      keys.sendKeys(Keys.TAB).perform();
      presses++;
    }
    assertThat(focused().getDomAttribute("data-lead-link")).isEqualTo(first);

    // Enter opens the lead and moves the focus into it; Escape closes it and gives the focus
    // back to the lead's row.
    keys.sendKeys(Keys.ENTER).perform();
    browser.visible(By.cssSelector("#lead-panel[data-lead-id='" + first + "']"));
    browser.waitUntil(d -> !d.findElement(By.id("lead-contact")).getText().isEmpty());
    assertThat(focused().getDomAttribute("id")).isEqualTo("lead-panel");
    assertThat(Axe.audit(browser.driver())).as("the page with a lead open").containsExactly(none);
    keys.sendKeys(Keys.ESCAPE).perform();
    browser.waitUntil(d -> !d.findElement(By.id("lead-panel")).isDisplayed());
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(console.toString());
    assertThat(focused().getDomAttribute("data-lead-link")).isEqualTo(first);

    // The whole page, with its data, on a laptop and on a phone.
    assertThat(Axe.audit(browser.driver())).as("the page on a laptop").containsExactly(none);
    browser.phone();
    assertThat(Axe.audit(browser.driver())).as("the page on a phone").containsExactly(none);
  }

  /** Signs in as a browser does with the link {@code up} prints, and waits for the chart. */
  private void signIn() {
    browser.open(console + "?code=" + CONSOLE_TOKEN);
    browser.waitUntil(d -> !d.findElements(By.cssSelector("#funnel-chart g.bar")).isEmpty());
    browser.waitUntil(d -> !rowLeadIds().isEmpty());
  }

  private WebElement focused() {
    return browser.driver().switchTo().activeElement();
  }

  /** The chart's total per day as shown, read in one step (the page may redraw it meanwhile). */
  @SuppressWarnings("unchecked")
  private Map<String, Long> chartTotals() {
    Map<String, Object> shown =
        (Map<String, Object>)
            browser
                .driver()
                .executeScript(
                    "return Object.fromEntries([...document.querySelectorAll('#funnel-chart g.bar')]"
                        + ".map((bar) => [bar.dataset.day, Number(bar.dataset.total)]))");
    Map<String, Long> totals = new TreeMap<>();
    shown.forEach((day, total) -> totals.put(day, ((Number) total).longValue()));
    return totals;
  }

  private static Map<String, Long> totalByDay(JsonNode funnel) {
    Map<String, Long> totals = new TreeMap<>();
    funnel
        .path("days")
        .forEach(day -> totals.put(day.path("day").asText(), day.path("leads").asLong()));
    return totals;
  }

  private static List<String> leadIds(JsonNode queue) {
    List<String> ids = new ArrayList<>();
    queue.path("items").forEach(item -> ids.add(item.path("status").path("leadId").asText()));
    return ids;
  }

  /** The ingest id of each sample in what {@code send --samples} printed, by the sample's name. */
  private static Map<String, String> sentIds(String out) {
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher line = Pattern.compile("(?m)^(\\S+) +(202|400) (in_[0-9a-z]+)\\b.*$").matcher(out);
    while (line.find()) {
      ids.put(line.group(1), line.group(3));
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

  private static boolean allTraced(Iterable<String> ids) throws Exception {
    for (String id : ids) {
      if (api("trace/" + id).statusCode() != 200) {
        return false;
      }
    }
    return true;
  }

  private static boolean allOpenOverdue() throws Exception {
    int open = workQueue("overdue=false").path("count").asInt();
    return open > 0 && open == workQueue("overdue=true").path("count").asInt();
  }

  /** The queue's leadIds as shown, read in one step (the page may redraw the rows meanwhile). */
  @SuppressWarnings("unchecked")
  private List<String> rowLeadIds() {
    return (List<String>)
        browser
            .driver()
            .executeScript(
                "return [...document.querySelectorAll('#queue-body tr[data-lead-id]')]"
                    + ".map((row) => row.dataset.leadId)");
  }

  private static HttpResponse<String> api(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(console.resolve("/api/v1/" + path))
            .header("Authorization", "Bearer " + CONSOLE_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The open leads, filtered by {@code query} ({@code overdue=true&owner=...}). */
  private static JsonNode workQueue(String query) throws IOException, InterruptedException {
    HttpResponse<String> response = api("leads?state=OPEN&limit=1000&" + query);
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
