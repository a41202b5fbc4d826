package io.leadstream.gateway;

import static io.leadstream.gateway.Http.TOKEN;
import static io.leadstream.gateway.ProblemAssert.health;
import static io.leadstream.gateway.ProblemAssert.json;
import static io.leadstream.gateway.ProblemAssert.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway on a real broker: what a 202 promises is on the topic, byte for byte. */
@KafkaCluster
class GatewayIT {

  private final GatewayFixture fixture = new GatewayFixture("gateway-it-");
  private final String raw = fixture.raw;
  private final String dlq = fixture.dlq;

  private Gateway start(RealKafka kafka, String... settings) {
    return fixture.start(kafka, settings);
  }

  private void createTopics(RealKafka kafka) {
    fixture.createTopics(kafka);
  }

  @AfterEach
  void closeGateways() {
    fixture.close();
  }

  @Test
  void acknowledgesALeadOnlyOnceItsExactBytesAndHeadersAreOnTheRawTopic(RealKafka kafka) {
    createTopics(kafka);
    Http http = new Http(start(kafka).url());
    String body =
        "{\"OfferTitle\":\"Caf\u00e9 Offer\",  \"UserDetails\":{\"Email\":\"t@example.com\"}}";

    HttpResponse<String> response =
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "it-request-1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());

    assertThat(response.statusCode()).isEqualTo(202);
    String id = json(response.body()).path("id").asText();
    List<ConsumerRecord<byte[], byte[]>> records = Topics.readAll(kafka, raw);
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    assertThat(Topics.key(record)).isEqualTo(id);
    assertThat(record.value()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = Topics.headers(record);
    assertThat(headers)
        .containsEntry(RawHeaders.INGEST_ID, id)
        .containsEntry(RawHeaders.CHANNEL, RawHeaders.CHANNEL_HTTPS)
        .containsEntry(RawHeaders.CONTENT_TYPE, "application/json")
        .containsEntry(RawHeaders.REQUEST_ID, "it-request-1");
    assertThat(Instant.parse(headers.get(RawHeaders.RECEIVED_AT)).toEpochMilli())
        .isEqualTo(record.timestamp());
    assertThat(Topics.readAll(kafka, dlq)).isEmpty();
  }

  @Test
  void keepsABodyThatIsNotAJsonObjectOnTheDeadLetterTopicUnderTheIdOfThe400(RealKafka kafka) {
    createTopics(kafka);
    Http http = new Http(start(kafka).url());

    JsonNode problem = problem(http.postLead("{\"ActionCode\": \"INS\",}"), 400, "malformed-json");

    String id = problem.path("id").asText();
    List<ConsumerRecord<byte[], byte[]>> dead = Topics.readAll(kafka, dlq);
    assertThat(dead).hasSize(1);
    assertThat(Topics.key(dead.get(0))).isEqualTo(id);
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"ActionCode\": \"INS\",}");
    assertThat(Topics.headers(dead.get(0)))
        .containsEntry(RawHeaders.DLQ_REASON, "MALFORMED_JSON")
        .containsEntry(RawHeaders.DLQ_STAGE, "gateway")
        .containsKeys(RawHeaders.DLQ_DETAIL, RawHeaders.DLQ_AT, RawHeaders.RECEIVED_AT);
    assertThat(Topics.readAll(kafka, raw)).isEmpty();
  }

  @Test
  void answersEachCallerMistakeWithItsOwn4xxAndWritesNothingForIt(RealKafka kafka) {
    createTopics(kafka);
    Http http = new Http(start(kafka, "gateway.body.limit.bytes=512").url());

    problem(
        http.send(http.request("/v1/leads?code=wrong-token-0123456789").POST(lead()).build()),
        401,
        "unauthorized");
    problem(
        http.send(
            http.request("/v1/leads?code=" + TOKEN)
                .header("Content-Type", "text/plain")
                .POST(lead())
                .build()),
        415,
        "unsupported-media-type");
    problem(http.postLead("{\"a\":\"" + "x".repeat(600) + "\"}"), 413, "body-too-large");
    problem(http.get("/v1/leads?code=" + TOKEN), 405, "method-not-allowed");
    problem(http.get("/v2/leads"), 404, "not-found");
    assertThat(http.postLead(Http.lead(1)).statusCode()).isEqualTo(202);

    assertThat(Topics.readAll(kafka, raw)).hasSize(1);
    assertThat(Topics.readAll(kafka, dlq)).isEmpty();
  }

  @Test
  void acknowledgesABurstOf2000LeadsFrom50ClientsAndEveryOneIsOnTheRawTopicOnce(RealKafka kafka)
      throws Exception {
    createTopics(kafka);
    Gateway gateway = start(kafka);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Http http = new Http(gateway.url(), client);
    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(50);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 50; c++) {
        int clientNo = c;
        done.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    HttpResponse<String> response = http.postLead(Http.lead(clientNo * 1000 + i));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    acknowledged.add(json(response.body()).path("id").asText());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }

    assertThat(acknowledged).hasSize(2000).doesNotHaveDuplicates();
    Map<String, Long> onTopic =
        Topics.readAll(kafka, raw).stream()
            .collect(Collectors.groupingBy(Topics::key, Collectors.counting()));
    assertThat(onTopic.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(onTopic.values()).containsOnly(1L);
  }

  @Test
  void servesHttpsWhenACertificateIsConfigured(RealKafka kafka, @TempDir Path dir)
      throws Exception {
    createTopics(kafka);
    Path keystore =
        GatewayFixture.selfSignedKeystore(dir, "-keyalg", "EC", "-groupname", "secp256r1");
    Gateway gateway =
        start(
            kafka,
            "gateway.tls.keystore.path=" + keystore,
            "gateway.tls.keystore.password=changeit");
    assertThat(gateway.url().getScheme()).isEqualTo("https");

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trusting(keystore))
            .build();
    Http https = new Http(gateway.url(), client);
    HttpResponse<String> response = https.postLead(Http.lead(1));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.uri().getScheme()).isEqualTo("https");
    assertThat(Topics.readAll(kafka, raw)).hasSize(1);
  }

  @Test
  void isReadyOnlyWhileTheRawTopicExists(RealKafka kafka) {
    Http http = new Http(start(kafka).url());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(health(http.get("/readyz"), false)).contains("does not exist"));

    createTopics(kafka);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(http.get("/readyz").statusCode()).isEqualTo(200));
    assertThat(http.postLead(Http.lead(1)).statusCode()).isEqualTo(202);
  }

  private static HttpRequest.BodyPublisher lead() {
    return HttpRequest.BodyPublishers.ofString(Http.lead(1));
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore source = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      source.load(in, "changeit".toCharArray());
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("gateway", source.getCertificate("gateway"));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
