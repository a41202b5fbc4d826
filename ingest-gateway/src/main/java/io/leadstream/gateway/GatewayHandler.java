package io.leadstream.gateway;

import io.leadstream.schemas.JsonBodies;
import io.leadstream.schemas.RawHeaders;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's routing function: one handler per listener (public, and management when it has a
 * port of its own), shared by every event loop. Consumes HTTP requests; produces to {@code
 * leads.raw} (well-formed bodies) and {@code leads.dlq} (bodies that are not a JSON object).
 *
 * <p>Runs on event loops only: nothing here blocks. Kafka outcomes arrive on the producer's thread
 * and are handed back to the request's event loop before the answer is written.
 */
final class GatewayHandler {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

  /** Extra time the producer gets beyond its own bound before the gateway answers 503 anyway. */
  private static final long WATCHDOG_GRACE_MS = 1000;

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final Tokens tokens;
  private final LeadProducer producer;
  private final Readiness readiness;
  private final GatewayMetrics metrics;
  private final Buffer openApi;
  private final HttpExchange.Shared shared;
  private volatile boolean draining;

  GatewayHandler(
      Vertx vertx,
      GatewaySettings settings,
      LeadProducer producer,
      Readiness readiness,
      GatewayMetrics metrics,
      byte[] openApi) {
    this.vertx = vertx;
    this.settings = settings;
    this.tokens = new Tokens(settings.tokens());
    this.producer = producer;
    this.readiness = readiness;
    this.metrics = metrics;
    this.openApi = Buffer.buffer(openApi);
    this.shared = HttpExchange.Shared.of(vertx, settings, metrics, settings.maxInFlight(), true);
  }

  int inFlight() {
    return shared.inFlight().get();
  }

  /** From now on leads get 503 and readiness fails, so load balancers move away. */
  void drain() {
    draining = true;
  }

  /** The request handler of one listener. */
  Handler<HttpServerRequest> listener(boolean publicListener) {
    boolean separate = settings.managementPort().isPresent();
    return request -> {
      HttpExchange exchange = new HttpExchange(request, Routes.UNMATCHED, shared);
      try {
        route(exchange, publicListener, separate);
      } catch (RuntimeException e) {
        LOG.error("request {} failed unexpectedly", exchange.requestId, e);
        exchange.problem(Problem.internal());
      }
    };
  }

  /** Answers requests Vert.x could not decode (a line or headers too long, bad syntax). */
  Handler<HttpServerRequest> invalidRequests() {
    return request -> {
      HttpExchange exchange = new HttpExchange(request, Routes.UNMATCHED, shared);
      Throwable cause = request.decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        exchange.problem(Problem.badRequestLine(414, "the request line is too long"));
      } else if (cause instanceof TooLongHttpHeaderException) {
        exchange.problem(Problem.badRequestLine(431, "the request headers are too large"));
      } else {
        exchange.problem(Problem.badRequestLine(400, "the request is not valid HTTP"));
      }
    };
  }

  private void route(HttpExchange exchange, boolean publicListener, boolean separate) {
    HttpServerRequest request = exchange.request;
    Optional<Routes.Route> found = Routes.at(request.path(), publicListener, separate);
    if (found.isEmpty()) {
      exchange.problem(Problem.notFound());
      return;
    }
    Routes.Route route = found.get();
    exchange.route = route.name();
    if (request.method() != route.method()) {
      exchange.response().putHeader(HttpHeaders.ALLOW, route.method().name());
      exchange.problem(Problem.methodNotAllowed(route.method().name()));
      return;
    }
    if (route == Routes.LEADS) {
      lead(exchange);
    } else if (route == Routes.HEALTH) {
      exchange.json(200, new JsonObject().put("status", "up").toBuffer());
    } else if (route == Routes.READY) {
      ready(exchange);
    } else if (route == Routes.METRICS) {
      exchange.send(200, PROMETHEUS_TEXT, Buffer.buffer(metrics.scrape()));
    } else if (route == Routes.OPENAPI) {
      exchange.send(200, MediaTypes.JSON, openApi);
    } else {
      throw new IllegalStateException("route without a handler: " + route.name());
    }
  }

  private void ready(HttpExchange exchange) {
    if (draining) {
      exchange.problem(Problem.notReady("the gateway is shutting down"));
      return;
    }
    CompletionStage<Readiness.State> probe = readiness.probe();
    probe.whenComplete(
        (state, error) ->
            exchange.context.runOnContext(
                v -> {
                  if (error != null) {
                    exchange.problem(Problem.notReady("readiness probe failed"));
                  } else if (state.ready()) {
                    exchange.json(
                        200,
                        new JsonObject()
                            .put("status", "ready")
                            .put("detail", state.detail())
                            .toBuffer());
                  } else {
                    exchange.problem(Problem.notReady(state.detail()));
                  }
                }));
  }

  private void lead(HttpExchange exchange) {
    HttpServerRequest request = exchange.request;
    if (draining) {
      exchange.problem(Problem.shuttingDown());
      return;
    }
    if (!exchange.authorizedBy(tokens)) {
      exchange.response().putHeader("WWW-Authenticate", "Bearer realm=\"leadstream\"");
      exchange.problem(Problem.unauthorized());
      return;
    }
    if (!MediaTypes.acceptedForLeads(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      exchange.problem(Problem.unsupportedMediaType());
      return;
    }
    int limit = settings.bodyLimitBytes();
    long declared = exchange.declaredLength();
    if (!exchange.admit(declared, limit)) {
      return;
    }
    exchange.readBody(
        Buffer.buffer(declared >= 0 ? (int) declared : 1024),
        limit,
        settings.requestTimeout(),
        "body-timeout",
        body -> accept(exchange, body.getBytes()));
  }

  /** A complete body within the limits: make it durable, then answer. */
  private void accept(HttpExchange exchange, byte[] body) {
    exchange.producing = true;
    exchange.bodyBytes = body.length;
    metrics.bodyBytes(body.length);
    String ingestId = Ids.ingestId();
    exchange.ingestId = ingestId;
    Optional<JsonBodies.Rejection> rejection = JsonBodies.checkObject(body);
    List<Header> headers = new ArrayList<>(9);
    headers.add(header(RawHeaders.INGEST_ID, ingestId));
    headers.add(header(RawHeaders.RECEIVED_AT, exchange.receivedAt.toString()));
    headers.add(header(RawHeaders.CHANNEL, RawHeaders.CHANNEL_HTTPS));
    String contentType = exchange.request.getHeader(HttpHeaders.CONTENT_TYPE);
    headers.add(header(RawHeaders.CONTENT_TYPE, contentType == null ? "" : contentType.trim()));
    headers.add(header(RawHeaders.REQUEST_ID, exchange.requestId));
    String topic;
    String logical;
    if (rejection.isEmpty()) {
      topic = settings.topics().raw();
      logical = "raw";
    } else {
      topic = settings.topics().dlq();
      logical = "dlq";
      headers.add(header(RawHeaders.DLQ_REASON, rejection.get().problem().name()));
      headers.add(header(RawHeaders.DLQ_DETAIL, rejection.get().detail()));
      headers.add(header(RawHeaders.DLQ_STAGE, "gateway"));
      headers.add(header(RawHeaders.DLQ_AT, Instant.now().toString()));
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            exchange.receivedAt.toEpochMilli(),
            ingestId.getBytes(StandardCharsets.US_ASCII),
            body,
            headers);
    long sentAt = System.nanoTime();
    long deadline = sentAt + settings.produceTimeout().toNanos();
    long watchdog =
        vertx.setTimer(
            settings.produceTimeout().toMillis() + WATCHDOG_GRACE_MS,
            t -> {
              if (!exchange.answered) {
                LOG.warn(
                    "request {}: no producer outcome for {} within its bound; answering 503",
                    exchange.requestId,
                    ingestId);
                exchange.outcome = "no-outcome-in-time";
                exchange.problem(Problem.notDurable());
              }
            });
    producer
        .send(record, deadline)
        .whenComplete(
            (RecordMetadata metadata, Throwable error) -> {
              metrics.produce(logical, error == null, System.nanoTime() - sentAt);
              exchange.context.runOnContext(
                  v -> {
                    vertx.cancelTimer(watchdog);
                    if (exchange.answered) {
                      return;
                    }
                    if (error != null) {
                      exchange.outcome = "not-durable:" + error.getClass().getSimpleName();
                      exchange.problem(Problem.notDurable());
                    } else if (rejection.isEmpty()) {
                      exchange.outcome = "acked";
                      exchange.json(202, Buffer.buffer("{\"id\":\"" + ingestId + "\"}"));
                    } else {
                      exchange.outcome = "dead-lettered";
                      exchange.problem(Problem.rejected(rejection.get(), ingestId));
                    }
                  });
            });
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
