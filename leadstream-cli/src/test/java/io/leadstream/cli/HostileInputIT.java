package io.leadstream.cli;

import static io.leadstream.schemas.HostileInput.padded;
import static io.leadstream.schemas.HostileInput.quoted;
import static io.leadstream.schemas.HostileInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.ByteMutator;
import io.leadstream.schemas.HostileInput;
import io.leadstream.schemas.JsonBodies;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the whole pipeline as {@code ./leadstream up} runs it (a real broker
 * process, the processor and the gateway in this JVM): {@value #CI_CASES} generated requests in CI,
 * 200,000 with {@code -Dleadstream.full=true} ({@code -Dleadstream.fuzz.http.cases=N} for any other
 * count), each gets the documented status of its input class, no 5xx but 503, and every accepted id
 * is accounted for, read_committed: a 202 in an output topic, or merged as a duplicate or ignored
 * as a replay by the dedup step (the lead console's trace says which), a 400 in {@code leads.dlq};
 * none twice. Heap after GC stays bounded. Writes {@code target/reliability/fuzz.json} for the
 * reliability table.
 *
 * <p>Every generated object carries a LeadSource with an offer of its own as its first property
 * (the first non-blank value wins), so no two of them share a customer-offer and none is dropped as
 * a duplicate. The real-format leads ({@link ByteMutator#realLeads()}: the shipped samples and the
 * documented shapes), as they are and as byte-level mutants ({@link ByteMutator}, seeded, the seed
 * printed), do share customers: a repeat is a duplicate by design, found through the trace.
 */
class HostileInputIT {

  private static final String TOKEN = "hostile-it-token-0123456789abcdef";
  private static final boolean FULL = HostileInput.full();
  static final int CI_CASES = 2_000;
  private static final int CASES = HostileInput.httpCases(CI_CASES, 200_000);
  private static final int LIMIT = 65_536; // the shipped gateway.body.limit.bytes
  private static final long HEAP_BOUND = 768L * 1024 * 1024;

  private final TopicNames topics = TopicNames.defaults();

  /**
   * One generated request and the status its input class must get; {@code origin} says how a mutant
   * was made (null for the other classes).
   */
  record Case(
      String kind, String query, String contentType, byte[] body, int expected, String origin)
      implements HostileInput.Case {

    Case(String kind, String query, String contentType, byte[] body, int expected) {
      this(kind, query, contentType, body, expected, null);
    }

    @Override
    public String describe() {
      String hex = java.util.HexFormat.of().formatHex(body, 0, Math.min(body.length, 200));
      return brief() + " body[" + body.length + "]=" + hex;
    }

    /** The case without its body: kept for every accepted id, so it must stay small. */
    String brief() {
      return kind + " " + query + " " + contentType + (origin == null ? "" : " " + origin);
    }
  }

  @Test
  void everyHostileRequestGetsItsDocumentedStatusAndEveryAcceptedOneIsAccountedForOnce(
      @TempDir Path home) throws Exception {
    ByteMutator mutator = new ByteMutator(ByteMutator.campaignSeed("hostile input"));
    try (LocalStack stack = StackFixture.start(home, TOKEN)) {
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      AtomicLong peakUsed = new AtomicLong();
      Thread sampler = heapSampler(heap, peakUsed);

      Map<String, String> accepted = new ConcurrentHashMap<>(); // id -> where it must come out
      Map<String, String> caseOf = new ConcurrentHashMap<>(); // id -> its case, for a failure
      URI url = stack.ingestUrl();
      long begin = System.nanoTime();
      HostileInput.Sent sent =
          HostileInput.send(
              cases(mutator).sampleStream().iterator(),
              CASES,
              c -> request(url, c),
              (c, response) -> {
                int status = response.statusCode();
                if (status == 202 || status == 400) {
                  String id = id(response.body());
                  accepted.put(id, status == 202 ? "output" : topics.dlq());
                  caseOf.put(id, c.brief() + " body[" + c.body().length + "]");
                }
              });
      long sendMillis = sent.millis();

      // Every accepted id where it belongs (read_committed, as downstream reads), once the
      // processor has committed all it received: nothing more can come out after that.
      Map<String, List<String>> outputs = new HashMap<>();
      List<String> outputTopics =
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test(), topics.dlq());
      try (KafkaConsumer<String, byte[]> consumer =
          StackFixture.consumer(stack.bootstrapServers(), "hostile-")) {
        consumer.subscribe(outputTopics);
        Duration atMost = Duration.ofSeconds(FULL ? 1200 : 90);
        ProcessorDrained.until(
            stack.bootstrapServers(), atMost, () -> poll(consumer, outputs, Duration.ofMillis(50)));
        await()
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  poll(consumer, outputs, Duration.ofMillis(200));
                  return readToTheEnd(consumer, outputTopics);
                });
        // Anything extra or twice would show up now.
        long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < settle) {
          poll(consumer, outputs, Duration.ofMillis(200));
        }
      }

      // A 202 not on an output topic must be a lead the dedup step dropped: the trace says so.
      List<String> notOut =
          accepted.keySet().stream().filter(id -> !outputs.containsKey(id)).sorted().toList();
      Map<String, String> dropped = traces(stack, notOut);
      long totalMillis = (System.nanoTime() - begin) / 1_000_000;
      sampler.interrupt();
      long poolPeaks = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      long peak = Math.max(peakUsed.get(), 0);

      int lost = 0;
      int duplicated = 0;
      Map<String, Integer> byOutcome = new TreeMap<>();
      List<String> misplaced = new ArrayList<>();
      List<String> lostCases = new ArrayList<>();
      for (Map.Entry<String, String> e : accepted.entrySet()) {
        List<String> found = outputs.getOrDefault(e.getKey(), List.of());
        boolean toDlq = e.getValue().equals(topics.dlq());
        if (found.isEmpty()) {
          String trace = dropped.get(e.getKey());
          if (!toDlq && ("DUPLICATE".equals(trace) || "REPLAY".equals(trace))) {
            byOutcome.merge(trace, 1, Integer::sum);
          } else {
            lost++;
            lostCases.add(e.getKey() + " (trace " + trace + "): " + caseOf.get(e.getKey()));
          }
        } else if (found.size() > 1) {
          duplicated++;
        } else if (toDlq != found.get(0).equals(topics.dlq())) {
          misplaced.add(e.getKey() + " in " + found.get(0) + ": " + caseOf.get(e.getKey()));
        } else {
          byOutcome.merge(toDlq ? "DEAD_LETTER" : "ROUTED", 1, Integer::sum);
        }
      }
      long unexpected = outputs.keySet().stream().filter(id -> !accepted.containsKey(id)).count();
      long mutants =
          sent.statuses().entrySet().stream()
              .filter(s -> s.getKey().startsWith("mutant "))
              .mapToLong(s -> s.getValue().get())
              .sum();

      String figures =
          String.format(
              "{\"fuzzCases\": %d, \"fiveXx\": %d, \"accepted\": %d, \"lost\": %d,"
                  + " \"duplicated\": %d, \"peakHeapBytes\": %d, \"mutantCases\": %d,"
                  + " \"routed\": %d, \"mergedDuplicates\": %d, \"ignoredReplays\": %d,"
                  + " \"deadLetters\": %d, \"unavailable\": %d, \"seconds\": %d,"
                  + " \"seed\": %d}",
              CASES,
              sent.fiveXx(),
              accepted.size(),
              lost,
              duplicated,
              peak,
              mutants,
              byOutcome.getOrDefault("ROUTED", 0),
              byOutcome.getOrDefault("DUPLICATE", 0),
              byOutcome.getOrDefault("REPLAY", 0),
              byOutcome.getOrDefault("DEAD_LETTER", 0),
              sent.unavailable(),
              totalMillis / 1000,
              mutator.seed());
      Path dir = Files.createDirectories(Path.of("target", "reliability"));
      Files.writeString(dir.resolve("fuzz.json"), figures + "\n");
      System.out.printf(
          "hostile input: %d cases sent in %d ms (%.0f a second), all accounted for after %d ms;"
              + " %s; 503s %d; trace lookups %d; heap after GC peak %d MiB (pool peaks summed,"
              + " garbage included, %d MiB); statuses %s%n",
          CASES,
          sendMillis,
          CASES * 1000.0 / Math.max(1, sendMillis),
          totalMillis,
          figures,
          sent.unavailable(),
          notOut.size(),
          peak >> 20,
          poolPeaks >> 20,
          new TreeMap<>(sent.statuses()));

      assertThat(sent.wrong()).isEmpty();
      assertThat(sent.fiveXx()).as("5xx other than 503").isZero();
      assertThat(lostCases).as("accepted but neither on an output nor dropped by dedup").isEmpty();
      assertThat(duplicated).as("came out more than once").isZero();
      assertThat(misplaced).isEmpty();
      // A 503 whose acknowledgement was lost may still come out (documented); nothing else may.
      assertThat(unexpected).isLessThanOrEqualTo(sent.unavailable());
      assertThat(byOutcome.getOrDefault("ROUTED", 0)).isPositive();
      assertThat(mutants).isPositive();
      assertThat(peak).as("peak heap after GC").isLessThan(HEAP_BOUND);
    }
  }

  /** Whether the consumer has every partition of {@code outputTopics} and read each to its end. */
  private static boolean readToTheEnd(KafkaConsumer<String, byte[]> consumer, List<String> topics) {
    var assigned = consumer.assignment();
    long expected =
        topics.stream()
            .mapToLong(t -> consumer.partitionsFor(t, Duration.ofSeconds(10)).size())
            .sum();
    if (assigned.size() < expected) {
      return false;
    }
    return consumer.endOffsets(assigned).entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /**
   * The dedup step's word on each of {@code ids} from the lead console ({@code GET
   * /api/v1/trace/{ingestId}}, docs/console.md): DUPLICATE or REPLAY when it dropped the lead, else
   * the last outcome the trace holds (ROUTED, DEAD_LETTER), or absent when the console knows
   * nothing of it. 32 requests at a time; a 503 (rebalancing, restoring) is asked again.
   */
  private static Map<String, String> traces(LocalStack stack, List<String> ids) throws Exception {
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Semaphore window = new Semaphore(32);
    List<CompletableFuture<?>> asked = new ArrayList<>();
    for (String id : ids) {
      window.acquire();
      asked.add(
          trace(http, stack, id, 0)
              .whenComplete(
                  (outcome, error) -> {
                    window.release();
                    if (outcome != null) {
                      outcomes.put(id, outcome);
                    }
                  }));
    }
    CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    return outcomes;
  }

  private static CompletableFuture<String> trace(
      HttpClient http, LocalStack stack, String id, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(stack.consoleUrl().resolve("api/v1/trace/" + id))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + stack.consoleToken())
            .GET()
            .build();
    return http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            response -> {
              if (response.statusCode() == 503 && attempt < 50) {
                return CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> trace(http, stack, id, attempt + 1));
              }
              if (response.statusCode() != 200) {
                return CompletableFuture.completedFuture(null);
              }
              String last = null;
              for (JsonNode entry : json(response.body()).path("entries")) {
                String outcome = entry.path("outcome").asText();
                if (outcome.equals("DUPLICATE") || outcome.equals("REPLAY")) {
                  return CompletableFuture.completedFuture(outcome);
                }
                last = outcome;
              }
              return CompletableFuture.completedFuture(last);
            });
  }

  private void poll(
      KafkaConsumer<String, byte[]> consumer, Map<String, List<String>> outputs, Duration wait) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
      String id;
      if (r.topic().equals(topics.dlq())) {
        String header = RawHeaders.read(r.headers(), RawHeaders.INGEST_ID);
        id = header != null ? header : r.key();
      } else {
        LeadEvent event = LeadSerdes.leadEvent().deserialize(r.topic(), r.value());
        id = event.ingest().id();
      }
      outputs.computeIfAbsent(id, k -> new ArrayList<>()).add(r.topic());
    }
  }

  /**
   * Samples, every 20 ms, the heap left in use after the latest collection of each heap pool: the
   * peak the pipeline retained under this load. Heap used before a collection bounds nothing: G1
   * lets garbage pile up within the default maximum heap (1/4 of this machine's memory, 6 GB here),
   * so the figure would measure the collector's laziness, not the pipeline.
   */
  private static Thread heapSampler(List<MemoryPoolMXBean> heap, AtomicLong peak) {
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long afterGc =
                    heap.stream()
                        .map(MemoryPoolMXBean::getCollectionUsage)
                        .filter(java.util.Objects::nonNull)
                        .mapToLong(java.lang.management.MemoryUsage::getUsed)
                        .sum();
                peak.accumulateAndGet(afterGc, Math::max);
                try {
                  Thread.sleep(20); // sampling period, not synchronisation
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  private static String id(String problemOrAccepted) {
    return json(problemOrAccepted).path("id").asText();
  }

  private static JsonNode json(String text) {
    try {
      return LeadJson.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static HttpRequest request(URI ingest, Case c) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(ingest + c.query())).timeout(Duration.ofSeconds(30));
    if (c.contentType() != null) {
      builder.header("Content-Type", c.contentType());
    }
    return builder.POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build();
  }

  // ---- generators -----------------------------------------------------------------------------

  static Arbitrary<Case> cases(ByteMutator mutator) {
    String code = "?code=" + TOKEN;
    String json = "application/json";
    List<ByteMutator.RealLead> real = ByteMutator.realLeads();
    return Arbitraries.frequencyOf(
        Tuple.of(
            20,
            Arbitraries.longs()
                .between(0, Long.MAX_VALUE)
                .map(mutator::mutant)
                .map(
                    m ->
                        new Case(
                            "mutant", code, json, m.body(), expectedFor(m.body()), m.origin()))),
        Tuple.of(
            4,
            Arbitraries.of(real)
                .map(
                    r ->
                        new Case("real", code, json, r.bytes(), expectedFor(r.bytes()), r.name()))),
        Tuple.of(45, hostileObjects().map(b -> new Case("object", code, json, b, 202))),
        Tuple.of(25, brokenBodies().map(b -> new Case("broken", code, json, b, 400))),
        Tuple.of(
            8,
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(300)
                .filter(b -> JsonBodies.checkObject(b).isPresent())
                .map(b -> new Case("random-bytes", code, json, b, 400))),
        Tuple.of(
            8,
            Arbitraries.oneOf(
                    Arbitraries.strings().alpha().numeric().ofMaxLength(40).map(t -> "?code=" + t),
                    Arbitraries.of(
                        "", code + "x", "?code=" + TOKEN.substring(1), "?token=" + TOKEN))
                .map(q -> new Case("unauthorized", q, json, lead("x"), 401))),
        Tuple.of(
            5,
            Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded")
                .map(t -> new Case("content-type", code, t, lead("y"), 415))),
        Tuple.of(
            4,
            Arbitraries.integers()
                .between(LIMIT + 1, LIMIT * 2)
                .map(n -> new Case("oversize", code, json, padded(n), 413))),
        Tuple.of(
            5,
            Arbitraries.of("application/json; charset=utf-8", "Application/JSON", "")
                .map(t -> new Case("json-variant", code, t.isEmpty() ? null : t, lead("z"), 202))));
  }

  /** What the gateway must answer a JSON body: too large, kept, or refused and dead-lettered. */
  private static int expectedFor(byte[] body) {
    if (body.length > LIMIT) {
      return 413;
    }
    return JsonBodies.checkObject(body).isEmpty() ? 202 : 400;
  }

  /** A plain lead with an offer of its own. */
  private static byte[] lead(String tag) {
    return utf8(
        "{"
            + uniqueLeadSource()
            + ",\"ActionCode\":\"PLT\",\"UserDetails\":{\"Email\":\"fuzz."
            + tag
            + "@example.com\"}}");
  }

  private static String uniqueLeadSource() {
    return "\"LeadSource\":\"AzureMarketplace-INS|fuzz.c"
        + UUID.randomUUID().toString().replace("-", "")
        + "\"";
  }

  /**
   * Well-formed objects that are hostile leads: random and edge-case Unicode, numbers, booleans,
   * arrays and objects where strings belong, duplicate keys in any case, deep (legal) nesting, long
   * strings, UserDetails of every type, MSFT_TEST_ and DNC markers.
   */
  private static Arbitrary<byte[]> hostileObjects() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(60),
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1000).ofMaxLength(8000),
            Arbitraries.of(
                "\uFEFF",
                "\u202E",
                "\uD83D\uDE00",
                "e\u0301",
                "MSFT_TEST_636573304831318844",
                "DNC",
                "+1 (617) 555-0100",
                "USA",
                "a@b.co",
                "mktcmpid=x&partnerid=y",
                "{\"mktcmpid\":\"x\"}"));
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            text.map(HostileInput::quoted),
            Arbitraries.of("null", "true", "false", "1e400", "16175555555", "-0.0", "[]", "{}"));
    Arbitrary<String> nested =
        Arbitraries.integers().between(1, 60).map(d -> "[".repeat(d) + "1" + "]".repeat(d));
    Arbitrary<String> userObject =
        Combinators.combine(
                Arbitraries.of(
                        "FirstName",
                        "lastname",
                        "EMAIL",
                        "Email",
                        "Phone",
                        "Country",
                        "Company",
                        "Title",
                        "x")
                    .list()
                    .ofMaxSize(8),
                scalar.list().ofSize(8))
            .as(
                (names, values) -> {
                  StringBuilder out = new StringBuilder("{");
                  for (int i = 0; i < names.size(); i++) {
                    out.append(i == 0 ? "" : ",")
                        .append(quoted(names.get(i)))
                        .append(':')
                        .append(values.get(i));
                  }
                  return out.append('}').toString();
                });
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
            Tuple.of(5, scalar),
            Tuple.of(1, nested),
            Tuple.of(2, userObject),
            Tuple.of(1, userObject.map(HostileInput::quoted)));
    Arbitrary<String> name =
        Arbitraries.oneOf(
            Arbitraries.of(
                "ActionCode",
                "actioncode",
                "OfferTitle",
                "OfferDisplayName",
                "LeadSource",
                "Description",
                "UserDetails",
                "userDetails",
                "CustomerInfo",
                "Email",
                ""),
            Arbitraries.strings().all().ofMaxLength(20));
    return HostileInput.members(name, value, 10)
        .map(
            members ->
                utf8("{" + uniqueLeadSource() + (members.isEmpty() ? "" : ",") + members + "}"))
        .filter(b -> b.length <= LIMIT && JsonBodies.checkObject(b).isEmpty());
  }

  /** Bodies that are not one well-formed JSON object: 400, kept in the dead-letter topic. */
  private static Arbitrary<byte[]> brokenBodies() {
    Arbitrary<byte[]> tooDeep =
        Arbitraries.integers()
            .between(JsonBodies.MAX_NESTING_DEPTH + 1, 3000)
            .map(d -> utf8("{\"UserDetails\":" + "{\"a\":".repeat(d) + "1" + "}".repeat(d) + "}"));
    Arbitrary<byte[]> truncated =
        Arbitraries.integers().between(1, 60).map(n -> Arrays.copyOf(lead("t"), n));
    return HostileInput.brokenBodies(tooDeep, truncated);
  }
}
