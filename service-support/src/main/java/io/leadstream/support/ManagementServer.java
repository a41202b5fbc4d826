package io.leadstream.support;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small management HTTP server for a service: {@code GET /healthz} (alive), {@code GET /readyz}
 * (ready for work) and {@code GET /metrics} (Prometheus text format). Health answers 200 or 503
 * with a one-line JSON reason ({@link #healthHandler}, which the gateway serves too); nothing it
 * serves carries personal data.
 */
public final class ManagementServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  /** The content type of the Prometheus text format. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

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
            .createHttpServer(HttpServers.options(host, port))
            .requestHandler(router(vertx, registry, liveness, readiness));
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

  /**
   * The one health endpoint of every service (the processor's management server and the gateway's
   * {@code /healthz} and {@code /readyz}): 200 when {@code probe} says up, else 503, with the body
   * {@code {"status":"UP"|"DOWN","detail":"..."}}. A probe that throws or fails answers DOWN.
   */
  public static Handler<RoutingContext> healthHandler(
      Supplier<? extends CompletionStage<Health>> probe) {
    return ctx -> {
      CompletionStage<Health> answer;
      try {
        answer = probe.get();
      } catch (RuntimeException e) {
        answer = CompletableFuture.completedFuture(failed(e));
      }
      Context context = ctx.vertx().getOrCreateContext();
      answer.whenComplete(
          (health, error) ->
              context.runOnContext(
                  v -> write(ctx.response(), error != null ? failed(error) : health)));
    };
  }

  private static Health failed(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return Health.down("probe failed: " + cause.getClass().getSimpleName());
  }

  private static void write(HttpServerResponse response, Health health) {
    if (response.headWritten() || response.closed()) {
      return;
    }
    response
        .setStatusCode(health.ok() ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(
            new JsonObject()
                .put("status", health.ok() ? "UP" : "DOWN")
                .put("detail", health.detail())
                .toBuffer());
  }

  private static Router router(
      Vertx vertx,
      PrometheusMeterRegistry registry,
      Supplier<Health> liveness,
      Supplier<Health> readiness) {
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              HttpMethod method = ctx.request().method();
              if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                ctx.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
              } else {
                ctx.next();
              }
            });
    router.route("/healthz").handler(healthHandler(now(liveness)));
    router.route("/readyz").handler(healthHandler(now(readiness)));
    router
        .route("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                    .end(registry.scrape()));
    return router;
  }

  private static Supplier<CompletionStage<Health>> now(Supplier<Health> probe) {
    return () -> CompletableFuture.completedFuture(probe.get());
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
