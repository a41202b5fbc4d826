package io.leadstream.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.LeadAlert;
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
            Map.of("bootstrap.servers", kafka.bootstrapServers()));

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
