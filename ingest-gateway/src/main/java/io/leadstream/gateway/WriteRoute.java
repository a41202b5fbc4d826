package io.leadstream.gateway;

import io.leadstream.support.Tokens;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The one check order of every route that writes to Kafka ({@code POST /v1/leads}, {@code POST
 * /v1/leads:batch}, {@code POST /v1/activity}), as a chain of handlers after the router's route and
 * method steps:
 *
 * <ol>
 *   <li>shutting down: 503 {@code shutting-down}
 *   <li>token (the route's own tokens): 401 {@code unauthorized}
 *   <li>content type: 415 {@code unsupported-media-type}; it picks the kind of body, which decides
 *       the limit, the bound and the write handler
 *   <li>declared size ({@code Content-Length}): 413 {@code body-too-large}
 *   <li>in-flight bound of the route: 503 {@code overloaded}
 *   <li>body, streamed: 413 {@code body-too-large} past the limit (never buffering more), 408
 *       {@code request-timeout} when not complete {@code gateway.request.timeout} after the headers
 *   <li>the route's own write handler: body well-formed (400), durable write (202/200 or 503)
 * </ol>
 *
 * <p>docs/gateway.md says why this order. Each step either calls {@code next()} or fails the
 * request with a {@link ProblemException}.
 */
final class WriteRoute {

  /**
   * What differs between write routes: the tokens that open it, and the kinds of body it takes
   * (tried in order; the first whose content type matches is the request's), else 415 with {@code
   * unsupportedMediaType}.
   */
  record Spec(Tokens tokens, Problem unsupportedMediaType, List<Kind> kinds) {
    Spec {
      kinds = List.copyOf(kinds);
    }

    Spec(Tokens tokens, Problem unsupportedMediaType, Kind kind) {
      this(tokens, unsupportedMediaType, List.of(kind));
    }
  }

  /**
   * One kind of body of a route: its content types, its body limit, its in-flight bound and the
   * handler that checks and writes it.
   */
  record Kind(
      Predicate<String> contentType,
      int bodyLimit,
      InFlight inFlight,
      Handler<RoutingContext> write) {}

  private static final String BODY = "leadstream.body";
  private static final String SLOT = "leadstream.slot";
  private static final String KIND = "leadstream.kind";

  private final Vertx vertx;
  private final BooleanSupplier shuttingDown;
  private final Duration requestTimeout;

  WriteRoute(Vertx vertx, BooleanSupplier shuttingDown, Duration requestTimeout) {
    this.vertx = vertx;
    this.shuttingDown = shuttingDown;
    this.requestTimeout = requestTimeout;
  }

  /**
   * The checks in their order, then the kind's write handler with a complete body and an in-flight
   * slot.
   */
  List<Handler<RoutingContext>> chain(Spec spec) {
    return List.of(
        this::notShuttingDown,
        ctx -> authorized(ctx, spec),
        ctx -> contentType(ctx, spec),
        WriteRoute::declaredSize,
        WriteRoute::acquireSlot,
        this::readBody,
        ctx -> kind(ctx).write().handle(ctx));
  }

  /** The complete body, for the write handler. */
  static Buffer body(RoutingContext ctx) {
    return ctx.get(BODY);
  }

  /** The request's in-flight slot, for a write handler to {@link InFlight.Slot#hold() hold}. */
  static InFlight.Slot slot(RoutingContext ctx) {
    return ctx.get(SLOT);
  }

  private void notShuttingDown(RoutingContext ctx) {
    if (shuttingDown.getAsBoolean()) {
      ctx.fail(503, new ProblemException(Problem.shuttingDown()));
    } else {
      ctx.next();
    }
  }

  private static Kind kind(RoutingContext ctx) {
    return ctx.get(KIND);
  }

  private static void authorized(RoutingContext ctx, Spec spec) {
    if (spec.tokens().authorizes(ctx.request())) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"leadstream\"");
      ctx.fail(401, new ProblemException(Problem.unauthorized()));
    }
  }

  private static void contentType(RoutingContext ctx, Spec spec) {
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    for (Kind kind : spec.kinds()) {
      if (kind.contentType().test(declared)) {
        ctx.put(KIND, kind);
        ctx.next();
        return;
      }
    }
    ctx.fail(415, new ProblemException(spec.unsupportedMediaType()));
  }

  private static void declaredSize(RoutingContext ctx) {
    int limit = kind(ctx).bodyLimit();
    if (declaredLength(ctx.request()) > limit) {
      ctx.fail(413, new ProblemException(Problem.tooLarge(limit)));
    } else {
      ctx.next();
    }
  }

  private static void acquireSlot(RoutingContext ctx) {
    InFlight.Slot slot = kind(ctx).inFlight().tryAcquire();
    if (slot == null) {
      ctx.fail(503, new ProblemException(Problem.overloaded()));
      return;
    }
    ctx.put(SLOT, slot);
    ctx.addEndHandler(ended -> slot.release());
    ctx.next();
  }

  /**
   * Reads the body, after a {@code 100 Continue} if the client expects one: at most the limit (413
   * past it, the rest is not kept), complete within the request timeout (408).
   */
  private void readBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      ctx.response().writeContinue();
    }
    int limit = kind(ctx).bodyLimit();
    long declared = declaredLength(request);
    Buffer body = Buffer.buffer(declared >= 0 ? (int) declared : 1024);
    boolean[] done = new boolean[1];
    long timer =
        vertx.setTimer(
            requestTimeout.toMillis(),
            t -> {
              if (!done[0]) {
                done[0] = true;
                Exchange.of(ctx).outcome = "body-timeout";
                ctx.fail(408, new ProblemException(Problem.requestTimeout(requestTimeout)));
              }
            });
    request.handler(
        chunk -> {
          if (done[0]) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            done[0] = true;
            vertx.cancelTimer(timer);
            ctx.fail(413, new ProblemException(Problem.tooLarge(limit)));
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(
        error -> {
          // The client went away mid-body; the end handler reports it.
          done[0] = true;
          vertx.cancelTimer(timer);
        });
    request.endHandler(
        v -> {
          vertx.cancelTimer(timer);
          if (!done[0]) {
            done[0] = true;
            Exchange.of(ctx).bodyBytes = body.length();
            ctx.put(BODY, body);
            ctx.next();
          }
        });
    request.resume();
  }

  /**
   * The request's Content-Length, or -1 when it has none (or, though Netty refuses it, a bad one).
   */
  private static long declaredLength(HttpServerRequest request) {
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
}
