package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.TopicNames;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle end to end as {@code ./leadstream up} runs it with a webhook URL set: the notifier
 * runs in the stack, a qualified lead nobody answers reaches a real local HTTP server as a signed
 * FOLLOW_UP_DUE_SOON, then FOLLOW_UP_OVERDUE, each on time; a lead contacted in time with {@code
 * ./leadstream activity} raises none and ends with {@code slaMet=true}.
 */
class LocalStackNotifyIT {

  private static final String TOKEN = "notify-it-token-0123456789";
  private static final String SECRET = "notify-it-webhook-secret-0123456789";
  private static final Duration SLA = Duration.ofSeconds(20);
  private static final Duration WARNING = Duration.ofSeconds(10);

  /**
   * Punctuation every second, the commit, the notifier's poll: an alert is late by this at most.
   */
  private static final Duration ON_TIME = Duration.ofSeconds(5);

  private record Received(Instant at, String signature, byte[] body) {
    LeadAlert alert() {
      return LeadSerdes.leadAlert().deserialize("webhook", body);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void anUnansweredLeadAlertsDueSoonThenOverdueSignedAndOnTimeAndAContactedOneNone(
      @TempDir Path home) throws Exception {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  Instant.now(),
                  exchange.getRequestHeaders().getFirst("Leadstream-Signature"),
                  body));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    String hook = "http://localhost:" + server.getAddress().getPort() + "/hook";
    Map<String, String> env =
        Map.of(
            "LEADSTREAM_GATEWAY_TOKENS",
            TOKEN,
            "LEADSTREAM_NOTIFY_WEBHOOK_URL",
            hook,
            "LEADSTREAM_NOTIFY_WEBHOOK_SECRET",
            SECRET,
            "LEADSTREAM_PROCESSOR_FOLLOWUP_SLA",
            SLA.toString(),
            "LEADSTREAM_PROCESSOR_LIFECYCLE_FOLLOWUP_WARNING",
            WARNING.toString(),
            "LEADSTREAM_PROCESSOR_LIFECYCLE_PUNCTUATE_INTERVAL",
            "PT1S");

    LocalStack.Options options =
        new LocalStack.Options(home, Ports.free(), Ports.freePair(), 0, 0, Optional.empty(), env);
    try (LocalStack stack = LocalStack.start(options)) {
      // Which channels are on, never where they go: a webhook URL is a secret.
      assertThat(UpCommand.banner(stack, options))
          .contains("Notify      webhook\n")
          .doesNotContain(hook)
          .doesNotContain(SECRET);
      TopicNames topics = TopicNames.defaults();

      String unanswered = post(stack, "sam.unanswered@fabrikam.example.com");
      String answered = post(stack, "ari.answered@fabrikam.example.com");
      Map<String, LeadEvent> qualified = new ConcurrentHashMap<>();
      try (KafkaConsumer<String, byte[]> consumer =
          StackFixture.consumer(stack.bootstrapServers(), "notify-it-")) {
        consumer.subscribe(List.of(topics.qualified()));
        await()
            .atMost(Duration.ofSeconds(8))
            .until(
                () -> {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    LeadEvent event = LeadSerdes.leadEvent().deserialize(r.topic(), r.value());
                    qualified.put(event.ingest().id(), event);
                  }
                  return qualified.containsKey(unanswered) && qualified.containsKey(answered);
                });
      }
      LeadEvent late = qualified.get(unanswered);
      LeadEvent contacted = qualified.get(answered);

      CliRun activity =
          CliRun.of(
              Map.of("LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers()),
              "activity",
              contacted.leadId(),
              "CONTACTED",
              "--by",
              "seller-7");
      assertThat(activity.exitCode()).as(activity.all()).isEqualTo(0);

      await()
          .atMost(SLA.plus(ON_TIME).plus(Duration.ofSeconds(5)))
          .until(() -> alertsFor(late.leadId()).size() >= 2);
      List<Received> alerts = alertsFor(late.leadId());
      assertThat(alerts)
          .extracting(r -> r.alert().type())
          .containsExactly(AlertType.FOLLOW_UP_DUE_SOON, AlertType.FOLLOW_UP_OVERDUE);
      Instant deadline = late.followUpBy();
      assertThat(alerts).allSatisfy(r -> assertThat(r.alert().dueAt()).isEqualTo(deadline));
      assertThat(alerts.get(0).at())
          .isBetween(deadline.minus(WARNING), deadline.minus(WARNING).plus(ON_TIME));
      assertThat(alerts.get(1).at()).isBetween(deadline, deadline.plus(ON_TIME));
      System.out.printf(
          "LocalStackNotifyIT: FOLLOW_UP_DUE_SOON %d ms after deadline - warning,"
              + " FOLLOW_UP_OVERDUE %d ms after the deadline%n",
          Duration.between(deadline.minus(WARNING), alerts.get(0).at()).toMillis(),
          Duration.between(deadline, alerts.get(1).at()).toMillis());
      for (Received alert : alerts) {
        assertThat(alert.signature()).isEqualTo(signature(alert.body()));
      }

      // The contacted lead's deadline has passed too: nothing for it, on the hook or the topic.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> Instant.now().isAfter(contacted.followUpBy().plus(ON_TIME)));
      assertThat(alertsFor(contacted.leadId())).isEmpty();
      assertThat(StackFixture.readAll(stack.bootstrapServers(), topics.alerts()))
          .extracting(ConsumerRecord::key)
          .containsOnly(late.leadId())
          .hasSize(2);
      LeadStatus status = lastStatus(stack, topics, contacted.leadId());
      assertThat(status.slaMet()).isTrue();
      assertThat(status.firstContactAt()).isNotNull().isBefore(contacted.followUpBy());
      assertThat(received).hasSize(2);
    }
  }

  private List<Received> alertsFor(String leadId) {
    return received.stream().filter(r -> r.alert().leadId().equals(leadId)).toList();
  }

  private static LeadStatus lastStatus(LocalStack stack, TopicNames topics, String leadId) {
    LeadStatus last = null;
    for (ConsumerRecord<String, byte[]> r :
        StackFixture.readAll(stack.bootstrapServers(), topics.status())) {
      if (leadId.equals(r.key())) {
        last = LeadSerdes.leadStatus().deserialize(r.topic(), r.value());
      }
    }
    assertThat(last).as("a status of %s", leadId).isNotNull();
    return last;
  }

  private static String signature(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  /** Posts a qualified lead (contact me, with a company) of {@code email}; its ingest id. */
  private String post(LocalStack stack, String email) throws Exception {
    String body =
        "{\"UserDetails\":{\"FirstName\":\"Sam\",\"Email\":\""
            + email
            + "\",\"Country\":\"US\",\"Company\":\"Fabrikam\"},\"ActionCode\":\"PLT\","
            + "\"LeadSource\":\"SPZA-PLT|contoso.sales-insights\",\"OfferTitle\":\"Sales Insights\"}";
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "?code=" + TOKEN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    return LeadJson.mapper().readTree(response.body()).path("id").asText();
  }
}
