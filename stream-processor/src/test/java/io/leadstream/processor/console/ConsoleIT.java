package io.leadstream.processor.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadstream.config.Config;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.StreamProcessor;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.Fixtures.Fixture;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.leadstream.support.ProblemJson;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processor instances of one application on a real broker, each with its console, asked over
 * real HTTP: every lead is found through either console (one of them forwards to the owner), the
 * funnel, the work queue and the traces are the same through both and match what was sent and what
 * a read_committed consumer sees; then one instance stops, and until the group has rebalanced the
 * other answers every question either exactly as before or with a 503 and a reason, never short.
 */
@KafkaCluster
class ConsoleIT {

  private static final String TOKEN = "console-it-" + UUID.randomUUID();
  private static final int PARTITIONS = 6;
  private static final Duration SLA = Duration.ofSeconds(3);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = LeadJson.mapper();
  private static final String QUEUE_PATH = "/api/v1/leads?state=OPEN&overdue=true";

  /** What was sent per fixture: each copy gets its own email, so each is a lead of its own. */
  private static final List<Map.Entry<String, Integer>> LEADS_SENT =
      List.of(
          Map.entry("documented-sample", 10),
          Map.entry("phone-as-number", 3),
          Map.entry("dnc-cross-listing", 2));

  @Test
  void eitherInstanceGivesTheSameAnswersAndWhileOneStopsTheOtherAnswersRightOrSays503(
      RealKafka kafka, @TempDir Path dir) throws Exception {
    String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN)
            .build();
    try (StreamProcessor a = StreamProcessor.start(config(kafka, dir.resolve("a"), name));
        StreamProcessor b = StreamProcessor.start(config(kafka, dir.resolve("b"), name));
        Committed committed = new Committed(kafka, a.settings().topics())) {
      TopicNames topics = a.settings().topics();
      Console consoleA = new Console(http, "A", a.consolePort());
      Console consoleB = new Console(http, "B", b.consolePort());
      assertThat(a.awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(b.awaitRunning(Duration.ofSeconds(60))).isTrue();
      Instant start = Instant.now();
      // Both in the group and every partition answered for: the assignment has settled. How fast
      // the consoles answer while both instances start up (a loaded machine) is not the question.
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptionsInstanceOf(UncheckedIOException.class)
          .until(
              () ->
                  consoleA.get(funnelPath(start, start)).status() == 200
                      && consoleB.get(funnelPath(start, start)).status() == 200);

      // ---- what is sent: leads of three branches, a duplicate, a dead letter, a contact ----
      Map<String, Fixture> sent = new LinkedHashMap<>();
      String first;
      String duplicate;
      String deadLetter;
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(kafka))) {
        byte[] firstBody = null;
        String firstId = null;
        for (Map.Entry<String, Integer> e : LEADS_SENT) {
          Fixture fixture = Fixtures.get(e.getKey());
          for (int i = 0; i < e.getValue(); i++) {
            byte[] body = withOwnEmail(fixture, i);
            String ingestId = sendRaw(producer, topics, body);
            sent.put(ingestId, fixture);
            if (firstBody == null) {
              firstBody = body;
              firstId = ingestId;
            }
          }
        }
        first = firstId;
        // The same body again: merged into the first lead as a duplicate, no lead of its own.
        duplicate = sendRaw(producer, topics, firstBody);
        deadLetter = sendRaw(producer, topics, "not json at all".getBytes(StandardCharsets.UTF_8));
      }
      Map<String, LeadEvent> routed =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> committed.poll().routed(),
                  r -> r.keySet().containsAll(sent.keySet()) && committed.deadLettered(deadLetter));
      sent.forEach(
          (ingestId, fixture) ->
              assertThat(committed.topicOf(ingestId))
                  .as("where %s (%s) went", ingestId, fixture.name())
                  .isEqualTo(topics.asMap().get(fixture.expect().destination())));
      String firstLead = routed.get(first).leadId();
      List<String> qualified =
          sent.entrySet().stream()
              .filter(e -> e.getValue().expect().destination().equals("qualified"))
              .map(e -> routed.get(e.getKey()).leadId())
              .toList();
      String contacted = qualified.get(1);
      Instant contactedAt =
          routed.values().stream()
              .filter(event -> event.leadId().equals(contacted))
              .findFirst()
              .orElseThrow()
              .firstSeenAt()
              .plusSeconds(1);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(kafka))) {
        sendActivity(
            producer,
            topics,
            LeadActivity.of(contacted, ActivityType.CONTACTED, contactedAt, "rep-1", null));
      }
      Set<String> overdue =
          qualified.stream().filter(id -> !id.equals(contacted)).collect(Collectors.toSet());
      Map<String, LeadState> states = new TreeMap<>();
      sent.forEach(
          (ingestId, fixture) ->
              states.put(
                  routed.get(ingestId).leadId(),
                  switch (fixture.expect().destination()) {
                    case "qualified" -> LeadState.OPEN;
                    case "nurture" -> LeadState.NURTURING;
                    case "dnc" -> LeadState.DO_NOT_CONTACT;
                    default -> throw new IllegalArgumentException(fixture.name());
                  }));
      states.put(contacted, LeadState.CONTACTED);
      // Committed: each qualified lead past its deadline is overdue, the contacted one is not.
      await().atMost(Duration.ofSeconds(60)).until(() -> committed.poll().settled(states, overdue));

      // ---- 1. each lead through both consoles, whichever instance owns it ----
      Map<String, JsonNode> leads = new TreeMap<>();
      for (LeadEvent event : routed.values()) {
        ObjectNode view = JSON.createObjectNode();
        view.set("status", JSON.valueToTree(committed.status(event.leadId())));
        view.set("event", JSON.valueToTree(event));
        leads.put(event.leadId(), view);
      }
      // The stores may be a commit ahead of what is committed, never behind once it settled.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  leads.entrySet().stream()
                      .allMatch(
                          e ->
                              consoleA.get(leadPath(e.getKey())).is(200, e.getValue())
                                  && consoleB.get(leadPath(e.getKey())).is(200, e.getValue())));
      Map<String, Console> owners = new TreeMap<>();
      for (String leadId : leads.keySet()) {
        owners.put(leadId, owner(leadId, consoleA, consoleB));
      }
      assertThat(Set.copyOf(owners.values()))
          .as("each instance owns some of the %d leads", owners.size())
          .containsExactlyInAnyOrder(consoleA, consoleB);
      String unknown = "ld_" + "a".repeat(32);
      for (Console console : List.of(consoleA, consoleB)) {
        Reply notFound = console.get(leadPath(unknown));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).startsWith(ProblemJson.MEDIA_TYPE);
        for (String path :
            List.of(leadPath(firstLead), funnelPath(start, start), QUEUE_PATH, tracePath(first))) {
          Reply anonymous = console.getWithoutToken(path);
          assertThat(anonymous.status()).as("%s without a token", path).isEqualTo(401);
          assertThat(anonymous.body().toString()).doesNotContain(firstLead);
        }
      }

      // ---- 2. the funnel and the work queue: the same through both, and what was sent ----
      String funnelPath = funnelPath(start, Instant.now());
      JsonNode funnel = same(consoleA, consoleB, funnelPath);
      JsonNode total = funnel.get("total");
      assertThat(total.get("leads").asLong()).isEqualTo(sent.size());
      assertThat(counts(total.get("byBranch")))
          .isEqualTo(count(sent.values().stream().map(f -> f.expect().destination())));
      assertThat(counts(total.get("byStage")))
          .isEqualTo(count(sent.values().stream().map(f -> f.expect().stage().name())));
      assertThat(counts(total.get("byState")))
          .isEqualTo(count(states.values().stream().map(LeadState::name)));
      assertThat(total.get("sla").get("met").asLong()).isEqualTo(1);
      assertThat(total.get("sla").get("missed").asLong()).isEqualTo(overdue.size());
      assertThat(total.get("sla").get("open").asLong()).isZero();
      assertThat(total.get("medianSecondsToFirstContact").asLong()).isEqualTo(1);

      JsonNode queue = same(consoleA, consoleB, QUEUE_PATH);
      assertThat(queue.get("count").asInt()).isEqualTo(overdue.size());
      List<String> queued = new ArrayList<>();
      List<Instant> dueAt = new ArrayList<>();
      for (JsonNode item : queue.get("items")) {
        queued.add(item.get("status").get("leadId").asText());
        dueAt.add(Instant.parse(item.get("dueAt").asText()));
        assertThat(item.get("overdue").asBoolean()).isTrue();
        assertThat(item.toString()).as("no contact data in the queue").doesNotContain("@");
      }
      assertThat(queued).containsExactlyInAnyOrderElementsOf(overdue);
      assertThat(dueAt).isSorted();

      // ---- 3. where did it go: routed, merged as a duplicate, dead-lettered ----
      assertThat(trace(consoleA, consoleB, first))
          .containsExactly(
              List.of(
                  "ROUTED",
                  firstLead,
                  topics.asMap().get(sent.get(first).expect().destination()),
                  ""));
      assertThat(trace(consoleA, consoleB, duplicate))
          .containsExactly(List.of("DUPLICATE", firstLead, "", ""));
      assertThat(trace(consoleA, consoleB, deadLetter))
          .containsExactly(
              List.of("DEAD_LETTER", "", topics.dlq(), DeadLetterReason.MALFORMED_JSON.name()));
      assertThat(committed.poll().routed()).doesNotContainKey(duplicate);

      // ---- 4. B stops: A answers as before, or 503 with a reason, until it answers alone ----
      Map<String, JsonNode> answers = new LinkedHashMap<>();
      leads.forEach((leadId, view) -> answers.put(leadPath(leadId), view));
      answers.put(funnelPath, funnel);
      answers.put(QUEUE_PATH, queue);
      for (String ingestId : List.of(first, duplicate, deadLetter)) {
        answers.put(tracePath(ingestId), consoleA.get(tracePath(ingestId)).body());
      }
      Survivor survivor = new Survivor(consoleA, answers);
      long stopAt = System.nanoTime();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(b::close);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                boolean stopped = stopping.isDone();
                return survivor.everyAnswerRight() && stopped;
              });
      stopping.get();
      System.out.printf(
          "ConsoleIT: A answered everything alone %d ms after B began to stop: %d rounds of %d"
              + " questions, 503 by reason %s, slowest answer %d ms%n",
          Duration.ofNanos(System.nanoTime() - stopAt).toMillis(),
          survivor.rounds,
          answers.size(),
          survivor.unavailable,
          survivor.slowest.toMillis());
    }
  }

  /** The instance that owns a lead: the one that answers it from its own stores. */
  private static Console owner(String leadId, Console... consoles) {
    List<Console> owning = new ArrayList<>();
    for (Console console : consoles) {
      if (console.getLocal(leadPath(leadId)).status() == 200) {
        owning.add(console);
      }
    }
    assertThat(owning).as("the instances that own %s", leadId).hasSize(1);
    return owning.get(0);
  }

  /** The answer to {@code path}, which must be 200 and the same through both consoles. */
  private static JsonNode same(Console one, Console other, String path) {
    Reply reply = one.get(path);
    assertThat(reply.status()).as("%s through %s", path, one).isEqualTo(200);
    assertThat(other.get(path).body()).as("%s through %s", path, other).isEqualTo(reply.body());
    return reply.body();
  }

  /** A trace's entries (outcome, leadId, topic, reason; "" for none), the same through both. */
  private static List<List<String>> trace(Console one, Console other, String ingestId) {
    JsonNode trace = same(one, other, tracePath(ingestId));
    assertThat(trace.get("ingestId").asText()).isEqualTo(ingestId);
    List<List<String>> entries = new ArrayList<>();
    for (JsonNode entry : trace.get("entries")) {
      entries.add(
          List.of(
              entry.path("outcome").asText(""),
              entry.path("leadId").asText(""),
              entry.path("topic").asText(""),
              entry.path("reason").asText("")));
    }
    return entries;
  }

  private static Map<String, Long> counts(JsonNode counts) {
    Map<String, Long> map = new TreeMap<>();
    counts.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
    return map;
  }

  private static Map<String, Long> count(java.util.stream.Stream<String> keys) {
    return keys.collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
  }

  /**
   * Asks one console every question again and again: each answer must be the one given before (200)
   * or a 503 with a reason and Retry-After, within {@link #ANSWER_WITHIN}; anything else (a smaller
   * funnel, a 404 for a known lead, no answer) fails the test at once.
   */
  private static final class Survivor {

    private final Console console;
    private final Map<String, JsonNode> answers;
    private final Map<String, Integer> unavailable = new TreeMap<>();
    private Duration slowest = Duration.ZERO;
    private int rounds;

    Survivor(Console console, Map<String, JsonNode> answers) {
      this.console = console;
      this.answers = answers;
    }

    /** One round of every question; true when each was answered as before. */
    boolean everyAnswerRight() {
      rounds++;
      boolean right = true;
      for (Map.Entry<String, JsonNode> question : answers.entrySet()) {
        String path = question.getKey();
        long asked = System.nanoTime();
        Reply reply = console.get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        slowest = took.compareTo(slowest) > 0 ? took : slowest;
        assertThat(took).as("time to answer %s", path).isLessThan(ANSWER_WITHIN);
        if (reply.status() == 503) {
          assertThat(reply.contentType()).startsWith(ProblemJson.MEDIA_TYPE);
          assertThat(reply.retryAfter()).as("Retry-After of a 503").isNotBlank();
          assertThat(reply.body().path("detail").asText("")).as("503's reason").isNotBlank();
          unavailable.merge(reply.body().path("type").asText(), 1, Integer::sum);
          right = false;
        } else {
          assertThat(reply.status()).as("status of %s", path).isEqualTo(200);
          // A lead's answer holds contact data: say only which lead differs.
          assertThat(reply.body())
              .as(
                  "the answer to %s",
                  path.startsWith("/api/v1/leads/") ? path : path + " " + reply.body())
              .isEqualTo(question.getValue());
        }
      }
      return right;
    }
  }

  /** One console, asked over HTTP with the token. */
  private record Console(HttpClient http, String name, int port) {

    Reply get(String path) {
      return send(path, Map.of("Authorization", "Bearer " + TOKEN));
    }

    Reply getWithoutToken(String path) {
      return send(path, Map.of());
    }

    /** As another instance asks: answered from this instance's own stores only. */
    Reply getLocal(String path) {
      return send(
          path,
          Map.of(
              "Authorization",
              "Bearer " + TOKEN,
              ConsoleServer.SCOPE_HEADER,
              ConsoleServer.SCOPE_LOCAL));
    }

    private Reply send(String path, Map<String, String> headers) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(ANSWER_WITHIN)
              .GET();
      headers.forEach(request::header);
      try {
        HttpResponse<byte[]> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body =
            type.contains("json")
                ? JSON.readTree(response.body())
                : JSON.getNodeFactory()
                    .textNode(new String(response.body(), StandardCharsets.UTF_8));
        return new Reply(
            response.statusCode(),
            type,
            response.headers().firstValue("Retry-After").orElse(""),
            body);
      } catch (IOException e) {
        throw new UncheckedIOException(name + " did not answer " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private record Reply(int status, String contentType, String retryAfter, JsonNode body) {
    boolean is(int expectedStatus, JsonNode expectedBody) {
      return status == expectedStatus && body.equals(expectedBody);
    }
  }

  /** What a downstream read_committed consumer sees of the routed leads and their status. */
  private static final class Committed implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final Map<String, String> topicByIngest = new HashMap<>();
    private final Map<String, LeadEvent> routed = new HashMap<>();
    private final Set<String> deadLetters = new java.util.HashSet<>();
    private final Map<String, LeadStatus> statuses = new HashMap<>();

    Committed(RealKafka kafka, TopicNames topics) {
      this.topics = topics;
      Properties props = kafka.clientProperties();
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "console-it-" + UUID.randomUUID());
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer = new KafkaConsumer<>(props);
      consumer.subscribe(
          List.of(
              topics.qualified(), topics.nurture(), topics.dnc(), topics.dlq(), topics.status()));
    }

    Committed poll() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        String topic = record.topic();
        if (topic.equals(topics.dlq())) {
          deadLetters.add(record.key());
        } else if (topic.equals(topics.status())) {
          // One partition per lead: the last one read is the latest.
          LeadStatus status = LeadSerdes.leadStatus().deserialize(topic, record.value());
          statuses.put(status.leadId(), status);
        } else {
          LeadEvent event = LeadSerdes.leadEvent().deserialize(topic, record.value());
          routed.put(event.ingest().id(), event);
          topicByIngest.put(event.ingest().id(), topic);
        }
      }
      return this;
    }

    Map<String, LeadEvent> routed() {
      return Map.copyOf(routed);
    }

    String topicOf(String ingestId) {
      return topicByIngest.get(ingestId);
    }

    boolean deadLettered(String ingestId) {
      return deadLetters.contains(ingestId);
    }

    LeadStatus status(String leadId) {
      return statuses.get(leadId);
    }

    /** Every lead's latest status has the expected state, and those past their deadline say so. */
    boolean settled(Map<String, LeadState> states, Set<String> overdue) {
      return states.entrySet().stream()
          .allMatch(
              e -> {
                LeadStatus status = statuses.get(e.getKey());
                return status != null
                    && status.state() == e.getValue()
                    && LifecycleStep.overdue(status) == overdue.contains(e.getKey());
              });
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static String funnelPath(Instant from, Instant to) {
    return "/api/v1/funnel?from="
        + LocalDate.ofInstant(from, ZoneOffset.UTC)
        + "&to="
        + LocalDate.ofInstant(to, ZoneOffset.UTC);
  }

  private static String leadPath(String leadId) {
    return "/api/v1/leads/" + leadId;
  }

  private static String tracePath(String ingestId) {
    return "/api/v1/trace/" + ingestId;
  }

  private static Config config(RealKafka kafka, Path stateDir, String name) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    overrides.put("processor.application.id", "it-" + name);
    overrides.put("processor.state.dir", stateDir.toString());
    overrides.put("processor.topic.partitions", Integer.toString(PARTITIONS));
    overrides.put("processor.management.host", "127.0.0.1");
    overrides.put("processor.management.port", "0");
    overrides.put("kafka.commit.interval.ms", "100");
    // A member that stops leaves the group at once; the short timeout bounds a lost one.
    overrides.put("kafka.session.timeout.ms", "6000");
    overrides.put("kafka.heartbeat.interval.ms", "1000");
    overrides.put("processor.followup.sla", SLA.toString());
    overrides.put("processor.lifecycle.followup.warning", "PT0S");
    overrides.put("processor.lifecycle.punctuate.interval", "PT0.5S");
    overrides.put("processor.console.enabled", "true");
    overrides.put("processor.console.host", "127.0.0.1");
    overrides.put("processor.console.port", "0");
    overrides.put("processor.console.advertised.host", "127.0.0.1");
    overrides.put("processor.console.tokens", TOKEN);
    for (String logical : TopicNames.defaults().asMap().keySet()) {
      overrides.put("topics." + logical, name + "." + logical);
    }
    return Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), overrides);
  }

  private static Properties producerProps(RealKafka kafka) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /** The fixture with an email of its own, so each copy is another customer (another lead). */
  private static byte[] withOwnEmail(Fixture fixture, int copy) throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(fixture.bytes());
    ObjectNode user = (ObjectNode) body.get("UserDetails");
    String email = user.get("Email").asText();
    int at = email.indexOf('@');
    user.put("Email", email.substring(0, at) + copy + email.substring(at));
    return JSON.writeValueAsBytes(body);
  }

  /** Writes a raw record the way the gateway does; returns its ingest id. */
  private static String sendRaw(
      KafkaProducer<String, byte[]> producer, TopicNames topics, byte[] body) throws Exception {
    String ingestId = IngestIds.newIngestId();
    producer
        .send(
            new ProducerRecord<>(
                topics.raw(),
                null,
                null,
                ingestId,
                body,
                RawHeaders.of(
                    ingestId,
                    Instant.now(),
                    RawHeaders.CHANNEL_HTTPS,
                    "application/json",
                    "req-" + ingestId,
                    null)))
        .get();
    return ingestId;
  }

  private static void sendActivity(
      KafkaProducer<String, byte[]> producer, TopicNames topics, LeadActivity activity)
      throws Exception {
    byte[] json = LeadSerdes.leadActivity().serializer().serialize(topics.activity(), activity);
    producer.send(new ProducerRecord<>(topics.activity(), activity.leadId(), json)).get();
  }
}
