package io.leadstream.cli;

import static io.leadstream.schemas.HostileInput.padded;
import static io.leadstream.schemas.HostileInput.quoted;
import static io.leadstream.schemas.HostileInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.ConcurrentHashMap;
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
 * process, the processor and the gateway in this JVM): a few thousand generated requests (20 times
 * more with {@code -Dleadstream.full=true}) each get the documented status of their input class, no
 * 5xx but 503, and every accepted id comes out exactly once, read_committed: a 202 in an output
 * topic, a 400 in {@code leads.dlq}. Heap after GC stays bounded. Writes {@code
 * target/reliability/fuzz.json} for the reliability table.
 *
 * <p>Every generated object carries a LeadSource with an offer of its own as its first property
 * (the first non-blank value wins), so no two leads share a customer-offer and none is dropped as a
 * duplicate: whatever else the object holds, exactly one output is expected.
 */
class HostileInputIT {

  private static final String TOKEN = "hostile-it-token-0123456789abcdef";
  private static final boolean FULL = Boolean.getBoolean("leadstream.full");
  private static final int CASES = FULL ? 40_000 : 2_000;
  private static final int LIMIT = 65_536; // the shipped gateway.body.limit.bytes
  private static final long HEAP_BOUND = 768L * 1024 * 1024;

  private final TopicNames topics = TopicNames.defaults();

  /** One generated request and the status its input class must get. */
  record Case(String kind, String query, String contentType, byte[] body, int expected)
      implements HostileInput.Case {

    @Override
    public String describe() {
      String hex = java.util.HexFormat.of().formatHex(body, 0, Math.min(body.length, 200));
      return kind + " " + query + " " + contentType + " body[" + body.length + "]=" + hex;
    }
  }

  @Test
  void everyHostileRequestGetsItsDocumentedStatusAndEveryAcceptedOneComesOutExactlyOnce(
      @TempDir Path home) throws Exception {
    try (LocalStack stack = StackFixture.start(home, TOKEN)) {
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      AtomicLong peakUsed = new AtomicLong();
      Thread sampler = heapSampler(heap, peakUsed);

      Map<String, String> accepted = new ConcurrentHashMap<>(); // id -> where it must come out
      URI url = stack.ingestUrl();
      long begin = System.nanoTime();
      HostileInput.Sent sent =
          HostileInput.send(
              cases().sampleStream().iterator(),
              CASES,
              c -> request(url, c),
              (c, response) -> {
                int status = response.statusCode();
                if (status == 202 || status == 400) {
                  accepted.put(id(response.body()), status == 202 ? "output" : topics.dlq());
                }
              });
      long sendMillis = sent.millis();

      // Every accepted id, once, where it belongs (read_committed, as downstream reads).
      Map<String, List<String>> outputs = new HashMap<>();
      List<String> outputTopics =
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test(), topics.dlq());
      try (KafkaConsumer<String, byte[]> consumer =
          StackFixture.consumer(stack.bootstrapServers(), "hostile-")) {
        consumer.subscribe(outputTopics);
        await()
            .atMost(Duration.ofSeconds(FULL ? 600 : 90))
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  poll(consumer, outputs);
                  return outputs.keySet().containsAll(accepted.keySet());
                });
        // Anything extra or twice would show up now.
        long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < settle) {
          poll(consumer, outputs);
        }
      }
      long totalMillis = (System.nanoTime() - begin) / 1_000_000;
      sampler.interrupt();
      long poolPeaks = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      long peak = Math.max(peakUsed.get(), 0);

      int lost = 0;
      int duplicated = 0;
      List<String> misplaced = new ArrayList<>();
      for (Map.Entry<String, String> e : accepted.entrySet()) {
        List<String> found = outputs.getOrDefault(e.getKey(), List.of());
        if (found.isEmpty()) {
          lost++;
        } else if (found.size() > 1) {
          duplicated++;
        } else if (e.getValue().equals(topics.dlq()) != found.get(0).equals(topics.dlq())) {
          misplaced.add(e.getKey() + " in " + found.get(0));
        }
      }
      long unexpected = outputs.keySet().stream().filter(id -> !accepted.containsKey(id)).count();

      String figures =
          String.format(
              "{\"fuzzCases\": %d, \"fiveXx\": %d, \"accepted\": %d, \"lost\": %d,"
                  + " \"duplicated\": %d, \"peakHeapBytes\": %d}",
              CASES, sent.fiveXx(), accepted.size(), lost, duplicated, peak);
      Path dir = Files.createDirectories(Path.of("target", "reliability"));
      Files.writeString(dir.resolve("fuzz.json"), figures + "\n");
      System.out.printf(
          "hostile input: %d cases sent in %d ms, all accounted for after %d ms; %s; 503s %d;"
              + " heap after GC peak %d MiB (pool peaks summed, garbage included, %d MiB); statuses %s%n",
          CASES,
          sendMillis,
          totalMillis,
          figures,
          sent.unavailable(),
          peak >> 20,
          poolPeaks >> 20,
          new TreeMap<>(sent.statuses()));

      assertThat(sent.wrong()).isEmpty();
      assertThat(sent.fiveXx()).as("5xx other than 503").isZero();
      assertThat(lost).as("accepted but never came out").isZero();
      assertThat(duplicated).as("came out more than once").isZero();
      assertThat(misplaced).isEmpty();
      // A 503 whose acknowledgement was lost may still come out (documented); nothing else may.
      assertThat(unexpected).isLessThanOrEqualTo(sent.unavailable());
      assertThat(accepted).isNotEmpty();
      assertThat(peak).as("peak heap after GC").isLessThan(HEAP_BOUND);
    }
  }

  private void poll(KafkaConsumer<String, byte[]> consumer, Map<String, List<String>> outputs) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
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
    try {
      return LeadJson.mapper().readTree(problemOrAccepted).path("id").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + problemOrAccepted, e);
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

  static Arbitrary<Case> cases() {
    String code = "?code=" + TOKEN;
    String json = "application/json";
    return Arbitraries.frequencyOf(
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
