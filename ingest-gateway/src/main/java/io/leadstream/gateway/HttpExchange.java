package io.leadstream.gateway;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request from headers received to answer written, for {@link GatewayHandler} and {@link
 * BatchHandler}: its state, its in-flight slot, the answer (status, content type, {@code
 * X-Request-Id}, {@code Cache-Control: no-store}, Retry-After on 503), its metrics and access line.
 *
 * <p>Runs on the request's event loop only.
 */
final class HttpExchange {

  static final String X_REQUEST_ID = "X-Request-Id";

  /** How long a rejected request's unread body is drained before the connection is closed. */
  private static final long LINGER_MS = 1000;

  /**
   * What the exchanges of one handler share: its in-flight counter and bound, the Retry-After of
   * its 503s, and whether a GET answered before its end keeps its connection (single leads: yes;
   * batches close after any unfinished request).
   */
  record Shared(
      Vertx vertx,
      GatewayMetrics metrics,
      AtomicInteger inFlight,
      int maxInFlight,
      String retryAfter,
      boolean keepUnfinishedGets) {

    /** A handler's: a new in-flight counter, the Retry-After of {@code settings}. */
    static Shared of(
        Vertx vertx,
        GatewaySettings settings,
        GatewayMetrics metrics,
        int maxInFlight,
        boolean keepUnfinishedGets) {
      return new Shared(
          vertx,
          metrics,
          new AtomicInteger(),
          maxInFlight,
          Integer.toString(settings.retryAfterSeconds()),
          keepUnfinishedGets);
    }
  }

  final HttpServerRequest request;
  final Context context;
  final long startNanos = System.nanoTime();
  final Instant receivedAt = Instant.now();
  final String requestId;
  String route;
  String ingestId;
  String outcome;
  long bodyBytes;
  boolean answered;
  boolean producing;
  private boolean holdsSlot;
  private final Shared shared;

  HttpExchange(HttpServerRequest request, String route, Shared shared) {
    this.request = request;
    this.route = route;
    this.shared = shared;
    this.context = shared.vertx().getOrCreateContext();
    this.requestId = Ids.requestId(request.getHeader(X_REQUEST_ID));
  }

  HttpServerResponse response() {
    return request.response();
  }

  /**
   * Whether the request carries one of {@code tokens}, as a bearer token or as the {@code code}
   * query parameter.
   */
  boolean authorizedBy(Tokens tokens) {
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

  /**
   * The request's Content-Length, or -1 when it has none (or, though Netty refuses it, a bad one).
   */
  long declaredLength() {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Answers 413 when {@code declared} is over {@code limit}, else 503 when the handler's in-flight
   * bound is reached, and returns false; else takes an in-flight slot and returns true.
   */
  boolean admit(long declared, int limit) {
    if (declared > limit) {
      problem(Problem.tooLarge(limit));
      return false;
    }
    if (!acquireSlot()) {
      problem(Problem.overloaded());
      return false;
    }
    return true;
  }

  /** Takes one of the handler's in-flight slots, released when the answer is written. */
  private boolean acquireSlot() {
    AtomicInteger inFlight = shared.inFlight();
    while (true) {
      int now = inFlight.get();
      if (now >= shared.maxInFlight()) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        holdsSlot = true;
        return true;
      }
    }
  }

  /**
   * Reads the request body, after a {@code 100 Continue} if the client expects one: up to {@code
   * limit} bytes (413 past it), within {@code timeout} (408 otherwise, with {@code timeoutOutcome}
   * as the access line's outcome when not null); a client gone before the answer is being produced
   * is {@linkplain #abandon abandoned}. Calls {@code complete} with the whole body, once, unless
   * the request has been answered by then.
   */
  void readBody(
      Buffer body, int limit, Duration timeout, String timeoutOutcome, Handler<Buffer> complete) {
    if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      response().writeContinue();
    }
    Vertx vertx = shared.vertx();
    long bodyTimer =
        vertx.setTimer(
            timeout.toMillis(),
            t -> {
              if (!answered && !producing) {
                if (timeoutOutcome != null) {
                  outcome = timeoutOutcome;
                }
                problem(Problem.requestTimeout(timeout));
              }
            });
    request.handler(
        chunk -> {
          if (answered) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            problem(Problem.tooLarge(limit));
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(
        error -> {
          if (!answered && !producing) {
            abandon("client-gone");
          }
        });
    request.endHandler(
        v -> {
          vertx.cancelTimer(bodyTimer);
          if (!answered) {
            complete.handle(body);
          }
        });
  }

  void json(int status, Buffer body) {
    send(status, MediaTypes.JSON, body);
  }

  void problem(Problem problem) {
    if (problem.status() == 503) {
      response().putHeader(HttpHeaders.RETRY_AFTER, shared.retryAfter());
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
    boolean closeAfter =
        !request.isEnded() && !(shared.keepUnfinishedGets() && request.method() == HttpMethod.GET);
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
    shared.vertx().setTimer(LINGER_MS, t -> connection.close());
  }

  private void finish(int status) {
    if (holdsSlot) {
      holdsSlot = false;
      shared.inFlight().decrementAndGet();
    }
    long nanos = System.nanoTime() - startNanos;
    shared.metrics().request(route, status, nanos);
    AccessLog.write(
        requestId, request.method().name(), route, status, nanos, bodyBytes, ingestId, outcome);
  }
}
