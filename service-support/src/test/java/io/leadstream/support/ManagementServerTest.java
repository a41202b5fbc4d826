package io.leadstream.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void answersProbesFromTheirSuppliersAndServesPrometheusMetrics() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("leadstream_test_events", "branch", "qualified").increment(3);
    AtomicBoolean ready = new AtomicBoolean(false);

    try (ManagementServer server =
        ManagementServer.start(
            "127.0.0.1",
            0,
            registry,
            () -> ManagementServer.Health.up("alive"),
            () ->
                ready.get()
                    ? ManagementServer.Health.up("RUNNING")
                    : ManagementServer.Health.down("REBALANCING"))) {
      String base = "http://127.0.0.1:" + server.port();

      assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(base + "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"status\":\"DOWN\"").contains("REBALANCING");

      ready.set(true);
      assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);

      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("leadstream_test_events_total{branch=\"qualified\"} 3.0");

      assertThat(get(base + "/nope").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void servesALargeScrapeWholeToAClientThatOffersAnHttp2Upgrade() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (int i = 0; i < 5_000; i++) {
      registry.counter("leadstream_test_series", "n", Integer.toString(i)).increment(i);
    }
    String expected = registry.scrape();
    assertThat(expected.length()).isGreaterThan(200_000);

    try (ManagementServer server =
        ManagementServer.start(
            "127.0.0.1",
            0,
            registry,
            () -> ManagementServer.Health.up("alive"),
            () -> ManagementServer.Health.up("RUNNING"))) {
      // The JDK client's default is HTTP/2, which on plain HTTP means an h2c upgrade request.
      assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2);
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> metrics = get("http://127.0.0.1:" + server.port() + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(metrics.body()).isEqualTo(expected);
      }
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
