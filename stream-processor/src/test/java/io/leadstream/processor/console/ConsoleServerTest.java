package io.leadstream.processor.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews.LeadView;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.TraceOutcome;
import io.leadstream.processor.views.LocalViews.WorkItem;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Qualification;
import io.leadstream.schemas.Routing;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real console servers on free ports, each with its own fake views and a fixed cluster that
 * names both, asking each other over HTTP: access, forwarding, gathering and merging, refusals.
 */
class ConsoleServerTest {

  static final String TOKEN = "console-token-0123456789";
  static final String STORE = "s";
  static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  final SimpleMeterRegistry registryA = new SimpleMeterRegistry();
  final FakeViews viewsA = new FakeViews(Map.of(STORE, Set.of(0)));
  final FakeViews viewsB = new FakeViews(Map.of(STORE, Set.of(1)));
  ConsoleServer a;
  ConsoleServer b;
  FixedCluster clusterA;
  FixedCluster clusterB;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    a = ConsoleServer.start(settings(), registryA, CLOCK);
    b = ConsoleServer.start(settings(), new SimpleMeterRegistry(), CLOCK);
    Cluster.Instance ia = new Cluster.Instance("127.0.0.1", a.port());
    Cluster.Instance ib = new Cluster.Instance("127.0.0.1", b.port());
    clusterA = new FixedCluster(ia);
    clusterB = new FixedCluster(ib);
    for (FixedCluster c : List.of(clusterA, clusterB)) {
      c.instances.addAll(List.of(ia, ib));
      c.partitions.put(STORE, 2);
    }
    a.attach(viewsA, clusterA);
    b.attach(viewsB, clusterB);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  static ConsoleSettings settings() {
    return new ConsoleSettings(
        true,
        "127.0.0.1",
        0,
        List.of(TOKEN, "second-token-0123456789"),
        "",
        0,
        Duration.ofHours(1),
        Duration.ofSeconds(2));
  }

  // ---- access ----

  @Test
  void everyApiRouteRefusesARequestWithoutAValidTokenWith401Problem() throws Exception {
    for (String path :
        List.of(
            "/api/v1/leads",
            "/api/v1/leads/" + lead(1),
            "/api/v1/funnel",
            "/api/v1/trace/in_01jq0000000000000000000000")) {
      for (String auth : new String[] {null, "Bearer wrong-token-0123456789", "Basic " + TOKEN}) {
        HttpResponse<String> answer = get(a, path, auth, null);
        assertThat(answer.statusCode()).as(path + " " + auth).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");
        assertThat(json(answer).path("type").asText())
            .isEqualTo("urn:leadstream:problem:unauthorized");
        assertThat(answer.body()).doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void signingInWithTheCodeSetsAStrictHttpOnlyCookieThatIsNotTheTokenAndRedirectsWithoutIt()
      throws Exception {
    HttpResponse<String> signIn = get(a, "/?code=" + TOKEN, null, null);
    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location")).hasValue("/");
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith(Sessions.COOKIE + "=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .contains("Path=/")
        .doesNotContain(TOKEN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    assertThat(get(a, "/api/v1/leads", null, cookie).statusCode()).isEqualTo(200);
    HttpResponse<String> page = get(a, "/", null, cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"funnel-chart\"");
    // Every instance with the same tokens accepts the session: a browser may reach any of them.
    assertThat(get(b, "/api/v1/funnel", null, cookie).statusCode()).isEqualTo(200);
  }

  @Test
  void aForgedOrAlteredCookieOrAWrongCodeGivesNoData() throws Exception {
    String cookie = cookie(a);
    String altered =
        cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("A") ? "BB" : "AA");
    assertThat(get(a, "/api/v1/leads", null, altered).statusCode()).isEqualTo(401);
    assertThat(get(a, "/api/v1/leads", null, Sessions.COOKIE + "=" + TOKEN).statusCode())
        .isEqualTo(401);
    HttpResponse<String> wrong = get(a, "/?code=not-the-token-0123456789", null, null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(wrong.body()).contains("id=\"signin-error\"");
  }

  @Test
  void thePageWithoutASessionIsTheSignInFormWithALabelledTokenField() throws Exception {
    for (String path : List.of("/", "/leads/" + lead(1))) {
      HttpResponse<String> page = get(a, path, null, null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<label for=\"code\"")
          .contains("id=\"code\"")
          .doesNotContain("funnel-chart");
    }
  }

  @Test
  void signingOutClearsTheCookie() throws Exception {
    HttpResponse<String> out =
        http.send(
            HttpRequest.newBuilder(uri(a, "/sign-out"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
  }

  // ---- a single lead ----

  @Test
  void aLeadOwnedByTheOtherInstanceIsFetchedFromItWithItsContactData() throws Exception {
    viewsB.leads.put(lead(1), view(lead(1), NOW));
    owner(lead(1), clusterB.self(), 1);
    for (ConsoleServer through : List.of(a, b)) {
      HttpResponse<String> answer = api(through, "/api/v1/leads/" + lead(1));
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode body = json(answer);
      assertThat(body.path("status").path("leadId").asText()).isEqualTo(lead(1));
      assertThat(body.path("event").path("customer").path("email").asText())
          .isEqualTo("ada@contoso.example");
    }
  }

  @Test
  void anUnknownLeadIs404AndAMalformedLeadIdIs400() throws Exception {
    owner(lead(2), clusterA.self(), 0);
    assertThat(api(a, "/api/v1/leads/" + lead(2)).statusCode()).isEqualTo(404);
    assertThat(api(b, "/api/v1/leads/" + lead(2)).statusCode()).isEqualTo(404);
    HttpResponse<String> malformed = api(a, "/api/v1/leads/ld_NOT-A-LEAD");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).path("type").asText())
        .isEqualTo("urn:leadstream:problem:bad-request");
  }

  @Test
  void aLeadWhosePartitionCannotBeReadOrHasNoOwnerIs503WithAReasonAndRetryAfter() throws Exception {
    owner(lead(3), clusterB.self(), 1);
    viewsB.notQueryable = "restoring";
    HttpResponse<String> restoring = api(a, "/api/v1/leads/" + lead(3));
    assertThat(restoring.statusCode()).isEqualTo(503);
    assertThat(restoring.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(restoring).path("detail").asText()).contains("restoring");

    HttpResponse<String> noOwner = api(a, "/api/v1/leads/" + lead(4));
    assertThat(noOwner.statusCode()).isEqualTo(503);
    assertThat(json(noOwner).path("type").asText()).isEqualTo("urn:leadstream:problem:rebalancing");
    assertThat(noOwner.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void aForwardedLeadRequestIsNeverForwardedAgain() throws Exception {
    // A believes B owns it, B believes A does: one hop, then a 503, not a loop.
    clusterA.owners.put(lead(5), new Cluster.Owner(clusterB.self(), 1));
    clusterB.owners.put(lead(5), new Cluster.Owner(clusterA.self(), 1));
    HttpResponse<String> answer = api(a, "/api/v1/leads/" + lead(5));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(json(answer).path("detail").asText()).contains("moving");
  }

  @Test
  void aLeadWhoseOwnerDoesNotAnswerIs503NamingTheOwner() throws Exception {
    owner(lead(6), clusterB.self(), 1);
    b.close();
    HttpResponse<String> answer = api(a, "/api/v1/leads/" + lead(6));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(json(answer).path("detail").asText()).contains(clusterB.self().toString());
  }

  // ---- gathered answers ----

  @Test
  void theWorkQueueIsGatheredFromEveryInstanceSoonestFirstThenLimited() throws Exception {
    viewsA.queue.add(item(lead(11), NOW.plusSeconds(300)));
    viewsA.queue.add(item(lead(12), NOW.minusSeconds(600)));
    viewsB.queue.add(item(lead(13), NOW.minusSeconds(60)));
    viewsB.queue.add(item(lead(14), NOW.plusSeconds(900)));
    viewsB.queue.add(item(lead(15), null));
    for (ConsoleServer through : List.of(a, b)) {
      JsonNode body = json(api(through, "/api/v1/leads?state=OPEN&overdue=false&limit=3"));
      assertThat(body.path("items").findValuesAsText("leadId"))
          .containsExactly(lead(12), lead(13), lead(11));
      assertThat(body.path("count").asInt()).isEqualTo(3);
    }
    JsonNode all = json(api(a, "/api/v1/leads"));
    assertThat(all.path("items").findValuesAsText("leadId"))
        .containsExactly(lead(12), lead(13), lead(11), lead(14), lead(15));
  }

  @Test
  void theWorkQueueFilterReachesEveryInstanceAsGiven() throws Exception {
    api(a, "/api/v1/leads?state=&overdue=true&owner=alex&offer=contoso.sales-insights&limit=7");
    for (FakeViews views : List.of(viewsA, viewsB)) {
      var filter = views.lastFilter.get();
      assertThat(filter.state()).isNull();
      assertThat(filter.overdueOnly()).isTrue();
      assertThat(filter.owner()).isEqualTo("alex");
      assertThat(filter.offer()).isEqualTo("contoso.sales-insights");
    }
    api(a, "/api/v1/leads");
    assertThat(viewsB.lastFilter.get().state()).isEqualTo(LeadState.OPEN);
    // Offers are keyed in lower case; the filter matches however it is typed.
    api(a, "/api/v1/leads?offer=Contoso.Sales-Insights");
    assertThat(viewsB.lastFilter.get().offer()).isEqualTo("contoso.sales-insights");
  }

  @Test
  void theWorkQueueCarriesNoContactData() throws Exception {
    viewsA.leads.put(lead(11), view(lead(11), NOW));
    viewsA.queue.add(item(lead(11), NOW));
    String body = api(a, "/api/v1/leads").body();
    assertThat(body).contains(lead(11)).doesNotContain("ada@contoso.example").doesNotContain("Ada");
  }

  @Test
  void theFunnelAddsUpTheDaysOfEveryInstanceWithConversionAndSla() throws Exception {
    LocalDate day = LocalDate.parse("2026-03-10");
    viewsA.days.add(funnelDay(day, 3, 2, 1, 1, 0, new long[] {3600}));
    viewsB.days.add(funnelDay(day, 1, 1, 1, 0, 1, new long[] {60, 7200}));
    JsonNode body = json(api(b, "/api/v1/funnel?from=2026-03-09&to=2026-03-11"));
    assertThat(body.path("days").findValuesAsText("day"))
        .containsExactly("2026-03-09", "2026-03-10", "2026-03-11");
    JsonNode tenth = body.path("days").get(1);
    assertThat(tenth.path("leads").asLong()).isEqualTo(4);
    assertThat(tenth.path("byBranch").path("qualified").asLong()).isEqualTo(3);
    assertThat(tenth.path("sla").path("met").asLong()).isEqualTo(1);
    assertThat(tenth.path("sla").path("missed").asLong()).isEqualTo(1);
    assertThat(tenth.path("contacted").asLong()).isEqualTo(3);
    // contacted after 60 s, 3600 s and 7200 s: the median is the 3600 s one (its bucket's bound)
    long median = tenth.path("medianSecondsToFirstContact").asLong();
    assertThat(median).isBetween(3600L, 3960L);
    JsonNode qualified = tenth.path("conversion").get(0);
    assertThat(qualified.path("to").asText()).isEqualTo("qualified");
    assertThat(qualified.path("rate").asDouble()).isEqualTo(0.75);
    assertThat(body.path("days").get(0).path("leads").asLong()).isZero();
    assertThat(body.path("total").path("leads").asLong()).isEqualTo(4);
  }

  @Test
  void theFunnelDefaultsToTheLast14DaysAndRefusesABadRange() throws Exception {
    JsonNode body = json(api(a, "/api/v1/funnel"));
    assertThat(body.path("from").asText()).isEqualTo("2026-03-01");
    assertThat(body.path("to").asText()).isEqualTo("2026-03-14");
    assertThat(body.path("days").size()).isEqualTo(14);
    assertThat(viewsB.lastFunnel.get().from()).isEqualTo(LocalDate.parse("2026-03-01"));
    for (String query :
        List.of(
            "from=2026-03-10&to=2026-03-01",
            "from=2024-01-01&to=2026-01-01",
            "from=yesterday",
            "source=CARRIER_PIGEON")) {
      assertThat(api(a, "/api/v1/funnel?" + query).statusCode()).as(query).isEqualTo(400);
    }
  }

  @Test
  void badWorkQueueParametersAre400() throws Exception {
    for (String query :
        List.of("limit=0", "limit=1001", "limit=ten", "state=NOPE", "overdue=yes")) {
      HttpResponse<String> answer = api(a, "/api/v1/leads?" + query);
      assertThat(answer.statusCode()).as(query).isEqualTo(400);
      assertThat(json(answer).path("status").asInt()).isEqualTo(400);
    }
  }

  @Test
  void aGatheredAnswerMissingAPartitionIs503NamingIt() throws Exception {
    viewsB.partitions = Map.of(STORE, Set.of());
    HttpResponse<String> answer = api(a, "/api/v1/funnel");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    JsonNode problem = json(answer);
    assertThat(problem.path("type").asText()).isEqualTo("urn:leadstream:problem:incomplete");
    assertThat(problem.path("missing").path(STORE).toString()).isEqualTo("[1]");
  }

  @Test
  void aGatheredAnswerWhileAnInstanceIsDownIs503NamingIt() throws Exception {
    viewsA.queue.add(item(lead(11), NOW));
    b.close();
    HttpResponse<String> answer = api(a, "/api/v1/leads");
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(json(answer).path("detail").asText()).contains(clusterB.self().toString());
    assertThat(answer.body()).doesNotContain(lead(11));
  }

  @Test
  void aPartitionAnsweredByTwoInstancesIs503RatherThanCountedTwice() throws Exception {
    viewsB.partitions = Map.of(STORE, Set.of(0, 1));
    assertThat(api(a, "/api/v1/funnel").statusCode()).isEqualTo(503);
  }

  @Test
  void aTraceGathersTheEntriesOfEveryInstance() throws Exception {
    String ingestId = "in_01jq0000000000000000000001";
    viewsA.traces.add(
        new TraceEntry(
            ingestId,
            NOW.minusSeconds(5),
            TraceOutcome.ROUTED,
            lead(1),
            "leads.qualified",
            null,
            null));
    viewsB.traces.add(
        new TraceEntry(
            ingestId, NOW, TraceOutcome.DEAD_LETTER, null, "leads.dlq", "MALFORMED_JSON", "PARSE"));
    JsonNode body = json(api(b, "/api/v1/trace/" + ingestId));
    assertThat(body.path("entries").findValuesAsText("outcome"))
        .containsExactly("ROUTED", "DEAD_LETTER");
    assertThat(api(a, "/api/v1/trace/in_01jq0000000000000000000002").statusCode()).isEqualTo(404);
    assertThat(api(a, "/api/v1/trace/not-an-ingest-id").statusCode()).isEqualTo(400);
  }

  // ---- frame ----

  @Test
  void anUnknownPathIs404AndAnotherMethodIs405BothAsProblems() throws Exception {
    HttpResponse<String> missing = api(a, "/api/v1/nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri(a, "/api/v1/leads"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void beforeTheViewsAreAttachedTheApiIs503() throws Exception {
    try (ConsoleServer starting =
        ConsoleServer.start(settings(), new SimpleMeterRegistry(), CLOCK)) {
      HttpResponse<String> answer = api(starting, "/api/v1/leads");
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(json(answer).path("type").asText()).isEqualTo("urn:leadstream:problem:starting");
    }
  }

  @Test
  void requestsAreCountedByRouteAndStatusWithoutAnythingFromTheRequest() throws Exception {
    api(a, "/api/v1/leads");
    api(a, "/api/v1/leads?limit=0");
    get(a, "/api/v1/funnel", null, null);
    // Recorded when the answer has been written, so just after the client has it.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(count("work-queue", "200", "public")).isEqualTo(1);
              assertThat(count("work-queue", "400", "public")).isEqualTo(1);
              assertThat(count("funnel", "401", "public")).isEqualTo(1);
              // B's gathering call to A for the work queue
              assertThat(count("work-queue", "200", "local")).isZero();
            });
    api(b, "/api/v1/leads");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(count("work-queue", "200", "local")).isEqualTo(1));
    registryA
        .getMeters()
        .forEach(
            m ->
                m.getId()
                    .getTags()
                    .forEach(
                        t ->
                            assertThat(t.getValue())
                                .doesNotContain("limit")
                                .doesNotContain(TOKEN)));
  }

  // ---- helpers ----

  private long count(String route, String status, String scope) {
    var timer =
        registryA
            .find("leadstream.console.requests")
            .tags("route", route, "status", status, "scope", scope)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private void owner(String leadId, Cluster.Instance instance, int partition) {
    clusterA.owners.put(leadId, new Cluster.Owner(instance, partition));
    clusterB.owners.put(leadId, new Cluster.Owner(instance, partition));
  }

  static String lead(int n) {
    return "ld_" + "a".repeat(30) + (char) ('a' + n / 26 % 26) + (char) ('a' + n % 26);
  }

  static LeadStatus status(String leadId, Instant dueAt) {
    return new LeadStatus(
        LeadStatus.SCHEMA_VERSION,
        leadId,
        "qualified",
        "alex",
        new Offer("contoso", "sales-insights", "Contoso Sales Insights"),
        Stage.ACTIVE,
        90,
        NOW.minusSeconds(86_400),
        NOW.minusSeconds(86_400),
        dueAt,
        null,
        null,
        LeadState.OPEN,
        0,
        null,
        null,
        NOW);
  }

  static WorkItem item(String leadId, Instant dueAt) {
    return new WorkItem(status(leadId, dueAt), dueAt, dueAt != null && dueAt.isBefore(NOW));
  }

  static LeadView view(String leadId, Instant firstSeen) {
    LeadEvent event =
        new LeadEvent(
            LeadEvent.SCHEMA_VERSION,
            leadId,
            EventType.NEW,
            1,
            firstSeen,
            firstSeen,
            firstSeen.plusSeconds(86_400),
            new Source(SourceCode.APPSOURCE, "SPZA"),
            new Action(ActionCode.INS, "INS"),
            Stage.ACTIVE,
            new Offer("contoso", "sales-insights", "Contoso Sales Insights"),
            new Customer(
                "Ada",
                "Lovelace",
                "ada@contoso.example",
                "contoso.example",
                true,
                null,
                "GB",
                "Contoso",
                "CTO"),
            null,
            null,
            new Routing("EMEA", "alex", null),
            new Qualification(true, 90, List.of()),
            false,
            null);
    return new LeadView(status(leadId, firstSeen.plusSeconds(86_400)), event);
  }

  /**
   * A day with {@code leads} leads, {@code qualified} of them qualified, contacted after each of
   * {@code contactSeconds}.
   */
  static FunnelDay funnelDay(
      LocalDate day,
      long leads,
      long qualified,
      long stageActive,
      long met,
      long missed,
      long[] contactSeconds) {
    long[] histogram = new long[FunnelDay.BUCKET_UPPER_SECONDS.length + 1];
    for (long s : contactSeconds) {
      histogram[FunnelDay.bucketOf(Duration.ofSeconds(s))]++;
    }
    return new FunnelDay(
        day,
        leads,
        Map.of("ACTIVE", stageActive, "INITIAL_INTEREST", leads - stageActive),
        Map.of("qualified", qualified, "nurture", leads - qualified),
        Map.of("OPEN", leads),
        met,
        missed,
        0,
        histogram);
  }

  private String cookie(ConsoleServer server) throws Exception {
    String setCookie =
        get(server, "/?code=" + TOKEN, null, null).headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private HttpResponse<String> api(ConsoleServer server, String path) throws Exception {
    return get(server, path, "Bearer " + TOKEN, null);
  }

  private HttpResponse<String> get(ConsoleServer server, String path, String auth, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).GET();
    if (auth != null) {
      request.header("Authorization", auth);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ConsoleServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  static JsonNode json(HttpResponse<String> answer) throws IOException {
    return LeadJson.mapper().readTree(answer.body());
  }
}
