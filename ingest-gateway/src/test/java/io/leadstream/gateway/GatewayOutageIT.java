package io.leadstream.gateway;

import static io.leadstream.gateway.ProblemAssert.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away under load and comes back: the gateway answers 503 within its bound meanwhile,
 * 202 again afterwards without a restart, and no acknowledged lead is lost or doubled.
 */
@KafkaCluster
class GatewayOutageIT {

  private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(3);

  /** One answer the clients saw. */
  record Answer(int status, String id, long startedNanos, long nanos) {}

  @Test
  void answers503WhileTheBrokerIsDownAnd202AfterItIsBackWithEveryAcknowledgedLeadOnRawOnce(
      RealKafka kafka) throws Exception {
    Topics.create(kafka, "leads.raw", 3);
    Topics.create(kafka, "leads.dlq", 1);
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger leadNo = new AtomicInteger();
    try (Gateway gateway =
        Gateway.start(
            GatewayFixture.config(
                kafka,
                "gateway.produce.timeout=" + PRODUCE_TIMEOUT.toMillis() + "ms",
                "gateway.retry.after.seconds=1"))) {
      Http http =
          new Http(
              gateway.url(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        running.add(
            clients.submit(
                () -> {
                  while (sending.get()) {
                    long begin = System.nanoTime();
                    HttpResponse<String> response =
                        http.postLead(Http.lead(leadNo.incrementAndGet()));
                    String id =
                        response.statusCode() == 202
                            ? json(response.body()).path("id").asText()
                            : null;
                    answers.add(
                        new Answer(response.statusCode(), id, begin, System.nanoTime() - begin));
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> count(answers, 202, 0) >= 100);

      long stoppedAt = System.nanoTime();
      kafka.stopBroker(0);
      await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 503, stoppedAt) >= 16);
      assertThat(http.get("/readyz").statusCode()).isEqualTo(503);

      long restartedAt = System.nanoTime();
      kafka.startBroker(0);
      await().atMost(Duration.ofSeconds(60)).until(() -> count(answers, 202, restartedAt) >= 100);
      assertThat(http.get("/readyz").statusCode()).isEqualTo(200);

      sending.set(false);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
      clients.shutdown();
    }

    // Nothing but 202 and 503, and never a 503 later than the bound (plus scheduling slack).
    assertThat(answers).extracting(Answer::status).containsOnly(202, 503);
    long worst503 =
        answers.stream()
            .filter(a -> a.status() == 503)
            .mapToLong(Answer::nanos)
            .max()
            .orElseThrow();
    assertThat(Duration.ofNanos(worst503)).isLessThan(PRODUCE_TIMEOUT.plusSeconds(2));
    List<String> acknowledged =
        answers.stream().filter(a -> a.status() == 202).map(Answer::id).toList();
    Map<String, Long> onTopic =
        Topics.readAll(kafka, "leads.raw").stream()
            .collect(Collectors.groupingBy(Topics::key, Collectors.counting()));
    assertThat(onTopic.keySet()).containsAll(acknowledged);
    // The idempotent producer never doubles a record, acknowledged or not.
    assertThat(onTopic.values()).containsOnly(1L);
  }

  private static long count(ConcurrentLinkedQueue<Answer> answers, int status, long after) {
    return answers.stream().filter(a -> a.status() == status && a.startedNanos() > after).count();
  }
}
