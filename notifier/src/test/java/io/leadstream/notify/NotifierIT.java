package io.leadstream.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.Stage;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier against a real broker and a real local HTTP server standing in for Teams, Slack and
 * a webhook receiver: what each receives, the webhook's signature, and a receiver that fails for a
 * while (it delays delivery, it loses nothing).
 */
@KafkaCluster
class NotifierIT {

  private static final String SECRET = "a-webhook-secret-of-some-length";

  private HttpServer server;
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final AtomicInteger webhookFailuresLeft = new AtomicInteger();

  record Received(Map<String, List<String>> headers, byte[] body) {}

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String path : List.of("/teams", "/slack", "/hook")) {
      server.createContext(path, exchange -> receive(path, exchange));
    }
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  private void receive(String path, HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (path.equals("/hook") && webhookFailuresLeft.getAndDecrement() > 0) {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
      return;
    }
    received
        .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
        .add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
    exchange.sendResponseHeaders(path.equals("/slack") ? 200 : 202, -1);
    exchange.close();
  }

  @Test
  void
      eachAlertReachesTeamsAsACardSlackAsAMessageAndTheWebhookSignedAndAFailingReceiverLosesNothing(
          RealKafka kafka) throws Exception {
    String topic = "alerts-" + System.nanoTime();
    kafka.createTopic(topic, 3, 1);
    webhookFailuresLeft.set(3);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    NotifySettings settings =
        new NotifySettings(
            Map.of(
                Channel.TEAMS, URI.create(base + "/teams"),
                Channel.SLACK, URI.create(base + "/slack"),
                Channel.WEBHOOK, URI.create(base + "/hook")),
            SECRET,
            EnumSet.of(AlertType.FOLLOW_UP_OVERDUE, AlertType.DNC_CONTACTED),
            "http://localhost:8082",
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            "notifier-it-" + System.nanoTime(),
            topic,
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            false,
            List.of());

    List<LeadAlert> sent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
      for (int i = 0; i < 20; i++) {
        AlertType type =
            i % 4 == 3
                ? AlertType.NURTURE_TOUCH_DUE
                : i % 2 == 0 ? AlertType.FOLLOW_UP_OVERDUE : AlertType.DNC_CONTACTED;
        LeadAlert alert = alert(i, type);
        sent.add(alert);
        producer.send(
            new ProducerRecord<>(
                topic, alert.leadId(), LeadJson.mapper().writeValueAsBytes(alert)));
      }
      producer.flush();
    }
    List<String> expected =
        sent.stream()
            .filter(a -> a.type() != AlertType.NURTURE_TOUCH_DUE)
            .map(LeadAlert::alertId)
            .sorted()
            .toList();

    try (Notifier notifier = Notifier.start(settings, new SimpleMeterRegistry())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(ids("/teams")).containsExactlyElementsOf(expected);
                assertThat(ids("/slack")).containsExactlyElementsOf(expected);
                assertThat(ids("/hook")).containsExactlyElementsOf(expected);
              });
      assertThat(notifier.running()).isTrue();
    }
    assertThat(webhookFailuresLeft.get()).isNegative(); // it did fail, three times

    for (Received r : received.get("/teams")) {
      JsonNode card = LeadJson.mapper().readTree(r.body());
      assertThat(card.path("attachments").get(0).path("content").path("type").asText())
          .isEqualTo("AdaptiveCard");
    }
    for (Received r : received.get("/slack")) {
      assertThat(LeadJson.mapper().readTree(r.body()).path("text").asText())
          .matches("(Follow-up overdue|Do-not-contact lead was contacted): ld_.*");
    }
    for (Received r : received.get("/hook")) {
      String signature = header(r, "Leadstream-signature");
      assertThat(signature).isEqualTo("sha256=" + hmac(r.body()));
      LeadAlert alert = LeadJson.mapper().readValue(r.body(), LeadAlert.class);
      assertThat(header(r, "Idempotency-key")).isEqualTo(alert.alertId());
    }
  }

  @Test
  void messagesCarryTheLeadsContactOnlyWithIncludeContactAndNeverForADoNotContactLead(
      RealKafka kafka) throws Exception {
    long run = System.nanoTime();
    String alerts = "alerts-" + run;
    String qualified = "qualified-" + run;
    String nurture = "nurture-" + run;
    kafka.createTopic(alerts, 3, 1);
    kafka.createTopic(qualified, 3, 1);
    kafka.createTopic(nurture, 3, 1);
    LeadAlert overdue = alert(1, AlertType.FOLLOW_UP_OVERDUE);
    LeadAlert nurtureDue = alert(2, AlertType.NURTURE_TOUCH_DUE);
    LeadAlert dnc = alert(1, AlertType.DNC_CONTACTED);
    try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
      producer.send(record(qualified, lead(overdue.leadId(), "Quentin", "+14255550101")));
      producer.send(record(nurture, lead(nurtureDue.leadId(), "Rosalind", "+14255550102")));
      for (LeadAlert a : List.of(overdue, nurtureDue, dnc)) {
        producer.send(
            new ProducerRecord<>(alerts, a.leadId(), LeadJson.mapper().writeValueAsBytes(a)));
      }
      producer.flush();
    }
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    List<String> contactValues =
        List.of(
            "Quentin Quarrendon",
            "Rosalind Quarrendon",
            "quarrendon.example.org",
            "+14255550101",
            "+14255550102",
            "Quarrendon Contact Holdings");

    for (boolean include : List.of(false, true)) {
      received.clear();
      NotifySettings settings =
          new NotifySettings(
              Map.of(
                  Channel.TEAMS, URI.create(base + "/teams"),
                  Channel.SLACK, URI.create(base + "/slack"),
                  Channel.WEBHOOK, URI.create(base + "/hook")),
              SECRET,
              EnumSet.allOf(AlertType.class),
              null,
              Duration.ofMillis(200),
              Duration.ofSeconds(1),
              Duration.ofSeconds(5),
              "notifier-contact-it-" + include + "-" + run,
              alerts,
              Map.of("bootstrap.servers", kafka.bootstrapServers()),
              include,
              List.of(qualified, nurture));
      try (Notifier notifier = Notifier.start(settings, new SimpleMeterRegistry())) {
        assertThat(notifier.readsContacts()).isEqualTo(include);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  for (String path : List.of("/teams", "/slack", "/hook")) {
                    assertThat(ids(path)).hasSize(3);
                  }
                });
      }
      for (String path : List.of("/teams", "/slack", "/hook")) {
        for (Received r : received.get(path)) {
          String body = new String(r.body(), StandardCharsets.UTF_8);
          boolean withContact = include && !header(r, "Idempotency-key").equals(dnc.alertId());
          if (!withContact) {
            assertThat(contactValues).as(path + " " + include).noneMatch(body::contains);
            continue;
          }
          boolean first = body.contains(overdue.leadId());
          String name = first ? "Quentin Quarrendon" : "Rosalind Quarrendon";
          String phone = first ? "+14255550101" : "+14255550102";
          assertThat(body)
              .as(path)
              .contains(name, phone, "Quarrendon Contact Holdings", "@quarrendon.example.org");
          if (path.equals("/hook")) {
            JsonNode json = LeadJson.mapper().readTree(r.body());
            assertThat(json.path("contact").path("phone").asText()).isEqualTo(phone);
            assertThat(header(r, "Leadstream-signature")).isEqualTo("sha256=" + hmac(r.body()));
          }
        }
      }
    }
  }

  private static ProducerRecord<String, byte[]> record(String topic, LeadEvent event)
      throws Exception {
    return new ProducerRecord<>(topic, event.leadId(), LeadJson.mapper().writeValueAsBytes(event));
  }

  private static LeadEvent lead(String leadId, String firstName, String phone) {
    Instant now = Instant.parse("2026-12-02T08:00:00Z");
    return new LeadEvent(
        LeadEvent.SCHEMA_VERSION,
        leadId,
        EventType.NEW,
        1,
        now,
        now,
        now.plus(Duration.ofHours(24)),
        null,
        null,
        null,
        null,
        new Customer(
            firstName,
            "Quarrendon",
            firstName.toLowerCase(java.util.Locale.ROOT) + "@quarrendon.example.org",
            "quarrendon.example.org",
            true,
            phone,
            "US",
            "Quarrendon Contact Holdings",
            "Buyer"),
        "a note",
        null,
        null,
        null,
        false,
        null);
  }

  private List<String> ids(String path) {
    return received.getOrDefault(path, List.of()).stream()
        .map(r -> header(r, "Idempotency-key"))
        .distinct()
        .sorted()
        .toList();
  }

  private static String header(Received r, String name) {
    return r.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0))
        .findFirst()
        .orElse(null);
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static LeadAlert alert(int i, AlertType type) {
    String leadId =
        "ld_"
            + String.format("%032d", i)
                .replace('0', 'a')
                .replace('1', 'b')
                .replace('2', 'c')
                .replace('3', 'd')
                .replace('4', 'e')
                .replace('5', 'f')
                .replace('6', 'g')
                .replace('7', 'h')
                .replace('8', 'i')
                .replace('9', 'j');
    Instant due = Instant.parse("2026-12-02T09:00:00Z").plusSeconds(i);
    return new LeadAlert(
        LeadAlert.SCHEMA_VERSION,
        LeadAlert.alertId(leadId, type, due),
        leadId,
        type,
        due,
        Instant.now(),
        "owner-" + i,
        type == AlertType.DNC_CONTACTED ? "dnc" : "qualified",
        Stage.ACTIVE,
        80,
        null);
  }

  private static KafkaProducer<String, byte[]> producer(RealKafka kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
