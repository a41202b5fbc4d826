package io.leadstream.gateway;

import io.leadstream.schemas.JsonBodies;
import io.leadstream.schemas.RawHeaders;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** How long a rejected request's unread body is drained before the connection is closed. */
  private static final long LINGER_MS = 1000;

  /** Extra time the producer gets beyond its own bound before the gateway answers 503 anyway. */
  private static final long WATCHDOG_GRACE_MS = 1000;

  private static final String X_REQUEST_ID = "X-Request-Id";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final Tokens tokens;
  private final LeadProducer producer;
  private final Readiness readiness;
  private final GatewayMetrics metrics;
  private final Buffer openApi;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final String retryAfter;
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
    this.retryAfter = Integer.toString(settings.retryAfterSeconds());
  }

  int inFlight() {
    return inFlight.get();
  }

  /** From now on leads get 503 and readiness fails, so load balancers move away. */
  void drain() {
    draining = true;
  }

  /** The request handler of one listener. */
  Handler<HttpServerRequest> listener(boolean publicListener) {
    boolean separate = settings.managementPort().isPresent();
    return request -> {
      Exchange exchange = new Exchange(request);
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
      Exchange exchange = new Exchange(request);
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

  private void route(Exchange exchange, boolean publicListener, boolean separate) {
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

  private void ready(Exchange exchange) {
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

  private void lead(Exchange exchange) {
    HttpServerRequest request = exchange.request;
    if (draining) {
      exchange.problem(Problem.shuttingDown());
      return;
    }
    if (!authorized(request)) {
      exchange.response().putHeader("WWW-Authenticate", "Bearer realm=\"leadstream\"");
      exchange.problem(Problem.unauthorized());
      return;
    }
    if (!MediaTypes.acceptedForLeads(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      exchange.problem(Problem.unsupportedMediaType());
      return;
    }
    int limit = settings.bodyLimitBytes();
    long declared = declaredLength(request);
    if (declared > limit) {
      exchange.problem(Problem.tooLarge(limit));
      return;
    }
    if (!exchange.acquireSlot()) {
      exchange.problem(Problem.overloaded());
      return;
    }
    if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      exchange.response().writeContinue();
    }
    Buffer body = Buffer.buffer(declared >= 0 ? (int) declared : 1024);
    long bodyTimer =
        vertx.setTimer(
            settings.requestTimeout().toMillis(),
            t -> {
              if (!exchange.answered && !exchange.producing) {
                exchange.outcome = "body-timeout";
                exchange.problem(Problem.requestTimeout(settings.requestTimeout()));
              }
            });
    request.handler(
        chunk -> {
          if (exchange.answered) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            exchange.problem(Problem.tooLarge(limit));
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(
        error -> {
          if (!exchange.answered && !exchange.producing) {
            exchange.abandon("client-gone");
          }
        });
    request.endHandler(
        v -> {
          vertx.cancelTimer(bodyTimer);
          if (!exchange.answered) {
            accept(exchange, body.getBytes());
          }
        });
  }

  private boolean authorized(HttpServerRequest request) {
    String bearer = Tokens.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
    String code;
    try {
      code = request.getParam("code");
    } catch (RuntimeException malformedQuery) {
      code = null;
    }
    // Both are checked, whichever is present, so the time taken does not depend on which was sent.
    return tokens.accepts(bearer) | tokens.accepts(code);
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1; // Netty has already refused a malformed length; be safe anyway
    }
  }

  /** A complete body within the limits: make it durable, then answer. */
  private void accept(Exchange exchange, byte[] body) {
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

  /** One request from headers received to answer written: its state, metrics and access line. */
  private final class Exchange {
    final HttpServerRequest request;
    final Context context;
    final long startNanos = System.nanoTime();
    final Instant receivedAt = Instant.now();
    final String requestId;
    String route = Routes.UNMATCHED;
    String ingestId;
    String outcome;
    long bodyBytes;
    boolean answered;
    boolean producing;
    boolean holdsSlot;

    Exchange(HttpServerRequest request) {
      this.request = request;
      this.context = vertx.getOrCreateContext();
      this.requestId = Ids.requestId(request.getHeader(X_REQUEST_ID));
    }

    HttpServerResponse response() {
      return request.response();
    }

    boolean acquireSlot() {
      int max = settings.maxInFlight();
      while (true) {
        int now = inFlight.get();
        if (now >= max) {
          return false;
        }
        if (inFlight.compareAndSet(now, now + 1)) {
          holdsSlot = true;
          return true;
        }
      }
    }

    void json(int status, Buffer body) {
      send(status, MediaTypes.JSON, body);
    }

    void problem(Problem problem) {
      if (problem.status() == 503) {
        response().putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
      }
      send(problem.status(), MediaTypes.PROBLEM_JSON, problem.toJson(requestId));
    }

    void send(int status, String contentType, Buffer body) {
      if (answered) {
        return;
      }
      answered = true;
      // A request answered before its body was read (rejected early, or too large) leaves bytes
      // on the connection; it is drained briefly and closed rather than parsed as a next request.
      boolean closeAfter = !request.isEnded() && request.method() != HttpMethod.GET;
      HttpServerResponse response = response();
      response
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
          .putHeader(X_REQUEST_ID, requestId)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      if (closeAfter) {
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
      try {
        response
            .end(body)
            .onComplete(
                ar -> {
                  if (closeAfter) {
                    lingerThenClose();
                  }
                });
      } catch (IllegalStateException clientGone) {
        outcome = outcome == null ? "client-gone" : outcome + ",client-gone";
      }
      finish(status);
    }

    /** The client went away before the request was complete: nothing to answer, nothing kept. */
    void abandon(String why) {
      answered = true;
      outcome = why;
      finish(499);
    }

    private void lingerThenClose() {
      var connection = request.connection();
      if (request.isEnded()) {
        connection.close();
        return;
      }
      request.handler(ignored -> {});
      request.exceptionHandler(ignored -> {});
      request.endHandler(v -> connection.close());
      vertx.setTimer(LINGER_MS, t -> connection.close());
    }

    private void finish(int status) {
      if (holdsSlot) {
        holdsSlot = false;
        inFlight.decrementAndGet();
      }
      long nanos = System.nanoTime() - startNanos;
      metrics.request(route, status, nanos);
      AccessLog.write(
          requestId, request.method().name(), route, status, nanos, bodyBytes, ingestId, outcome);
    }
  }
}
