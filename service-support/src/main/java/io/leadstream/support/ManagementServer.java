package io.leadstream.support;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small management HTTP server for a service: {@code GET /healthz} (alive), {@code GET /readyz}
 * (ready for work) and {@code GET /metrics} (Prometheus text format). Health answers 200 or 503
 * with a one-line JSON reason; nothing it serves carries personal data.
 */
public final class ManagementServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  /** A probe's answer. */
  public record Health(boolean ok, String detail) {
    public static Health up(String detail) {
      return new Health(true, detail);
    }

    public static Health down(String detail) {
      return new Health(false, detail);
    }
  }

  private final Vertx vertx;
  private final HttpServer server;

  private ManagementServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one) and returns once bound.
   *
   * @throws IllegalStateException if the port cannot be bound
   */
  public static ManagementServer start(
      String host,
      int port,
      PrometheusMeterRegistry registry,
      Supplier<Health> liveness,
      Supplier<Health> readiness) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
            .requestHandler(request -> handle(request, registry, liveness, readiness));
    try {
      HttpServer bound = server.listen().await(30, TimeUnit.SECONDS);
      LOG.info(
          "Management endpoints on http://{}:{}/ (healthz, readyz, metrics)",
          host,
          bound.actualPort());
      return new ManagementServer(vertx, bound);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(
          "cannot serve management endpoints on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The bound port. */
  public int port() {
    return server.actualPort();
  }

  private static void handle(
      HttpServerRequest request,
      PrometheusMeterRegistry registry,
      Supplier<Health> liveness,
      Supplier<Health> readiness) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    switch (request.path()) {
      case "/healthz" -> probe(request, liveness);
      case "/readyz" -> probe(request, readiness);
      case "/metrics" ->
          request
              .response()
              .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(registry.scrape());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void probe(HttpServerRequest request, Supplier<Health> probe) {
    Health health;
    try {
      health = probe.get();
    } catch (RuntimeException e) {
      health = Health.down("probe failed: " + e.getClass().getSimpleName());
    }
    request
        .response()
        .setStatusCode(health.ok() ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .end(
            "{\"status\":\""
                + (health.ok() ? "UP" : "DOWN")
                + "\",\"detail\":\""
                + health.detail().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}\n");
  }

  @Override
  public void close() {
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Management server did not close cleanly: {}", e.toString());
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Management server's Vert.x did not close cleanly: {}", e.toString());
      }
    }
  }
}
