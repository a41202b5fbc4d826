package io.leadstream.gateway;

import io.leadstream.schemas.RequestIds;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Vert.x Web {@link Router} of a listener from the route table ({@link Routes}) and the
 * handler chain of each route, and gives every answer, whoever writes it, the same frame: {@code
 * X-Request-Id}, {@code Cache-Control: no-store}, {@code Retry-After} on 503, problem+json for
 * every refusal (the failure handler), 404 and 405 in that shape, one access line and one timer
 * sample.
 */
final class GatewayRouter {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRouter.class);

  static final String X_REQUEST_ID = RequestIds.HEADER;

  /** How long a refused request's unread body is drained before the connection is closed. */
  private static final long LINGER_MS = 1000;

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final String retryAfter;

  GatewayRouter(Vertx vertx, GatewayMetrics metrics, int retryAfterSeconds) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.retryAfter = Integer.toString(retryAfterSeconds);
  }

  /**
   * The router of one listener: every route of {@code chains} served there, each behind a method
   * check. A route of the table without a chain is a bug, found at start.
   */
  Router router(
      Map<Routes.Route, List<Handler<RoutingContext>>> chains,
      boolean publicListener,
      boolean separateManagement) {
    Router router = Router.router(vertx);
    router.route().handler(this::begin).failureHandler(this::failure);
    for (Routes.Route route : Routes.ALL) {
      if (!Routes.servedOn(route, publicListener, separateManagement)) {
        continue;
      }
      List<Handler<RoutingContext>> chain = chains.get(route);
      if (chain == null || chain.isEmpty()) {
        throw new IllegalStateException("route without a handler: " + route.name());
      }
      // A regular expression, quoted, because a path such as /v1/leads:batch would otherwise read
      // as a path parameter; it matches the whole path, nothing more.
      Route served = router.routeWithRegex(Pattern.quote(route.path()));
      served.handler(ctx -> method(ctx, route));
      chain.forEach(served::handler);
    }
    router.errorHandler(404, ctx -> answer(ctx, Problem.notFound()));
    return router;
  }

  /** Answers requests Vert.x could not decode (a line or headers too long, bad syntax). */
  Handler<HttpServerRequest> invalidRequests() {
    return request -> {
      Exchange exchange = start(request);
      Throwable cause = request.decoderResult().cause();
      Problem problem;
      if (cause instanceof TooLongHttpLineException) {
        problem = Problem.badRequestLine(414, "the request line is too long");
      } else if (cause instanceof TooLongHttpHeaderException) {
        problem = Problem.badRequestLine(431, "the request headers are too large");
      } else {
        problem = Problem.badRequestLine(400, "the request is not valid HTTP");
      }
      HttpServerResponse response = request.response();
      response
          .setStatusCode(problem.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.PROBLEM_JSON)
          .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
          .end(problem.toJson(exchange.requestId))
          .onComplete(ar -> request.connection().close());
      finish(exchange, request.method(), problem.status());
    };
  }

  /** Writes a problem answer, unless the request was answered already. */
  static void answer(RoutingContext ctx, Problem problem) {
    send(
        ctx, problem.status(), MediaTypes.PROBLEM_JSON, problem.toJson(Exchange.of(ctx).requestId));
  }

  static void json(RoutingContext ctx, int status, Buffer body) {
    send(ctx, status, MediaTypes.JSON, body);
  }

  static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
  }

  private Exchange start(HttpServerRequest request) {
    Exchange exchange = new Exchange(RequestIds.fromHeader(request.getHeader(X_REQUEST_ID)));
    HttpServerResponse response = request.response();
    response
        .putHeader(X_REQUEST_ID, exchange.requestId)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    return exchange;
  }

  /** First on every request: the frame of its answer, its access line and timer sample. */
  private void begin(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Exchange exchange =
        Exchange.attach(ctx, RequestIds.fromHeader(request.getHeader(X_REQUEST_ID)));
    HttpServerResponse response = ctx.response();
    response
        .putHeader(X_REQUEST_ID, exchange.requestId)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    // A request answered before its body was read (refused early, or too large) leaves bytes on
    // the connection: they are drained briefly and the connection closed rather than the rest
    // parsed as a next request. A GET has no body worth waiting for.
    boolean[] closeAfter = new boolean[1];
    ctx.addHeadersEndHandler(
        v -> {
          if (response.getStatusCode() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
          }
          closeAfter[0] = !request.isEnded() && request.method() != HttpMethod.GET;
          if (closeAfter[0]) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
          }
        });
    ctx.addBodyEndHandler(
        v -> {
          if (closeAfter[0]) {
            lingerThenClose(request);
          }
        });
    ctx.addEndHandler(
        ended -> {
          int status;
          if (ended.succeeded()) {
            status = response.getStatusCode();
          } else {
            // The client went away before its answer was written: nothing to answer.
            status = 499;
            if (exchange.outcome == null) {
              exchange.outcome = "client-gone";
            }
          }
          finish(exchange, request.method(), status);
        });
    ctx.next();
  }

  /** The second step of every route: the method (405 with {@code Allow} for another). */
  private static void method(RoutingContext ctx, Routes.Route route) {
    Exchange.of(ctx).route = route.name();
    if (ctx.request().method() != route.method()) {
      ctx.response().putHeader(HttpHeaders.ALLOW, route.method().name());
      ctx.fail(405, new ProblemException(Problem.methodNotAllowed(route.method().name())));
      return;
    }
    ctx.next();
  }

  /** Every refusal and every unexpected error, in the one problem shape. */
  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException refused) {
      answer(ctx, refused.problem());
      return;
    }
    Exchange exchange = Exchange.of(ctx);
    if (failure == null && ctx.statusCode() == 404) {
      answer(ctx, Problem.notFound());
      return;
    }
    LOG.error(
        "request {} failed unexpectedly (status {})",
        exchange == null ? "?" : exchange.requestId,
        ctx.statusCode(),
        failure);
    if (exchange != null) {
      answer(ctx, Problem.internal());
    } else if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(500).end();
    }
  }

  private void lingerThenClose(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (request.isEnded()) {
      connection.close();
      return;
    }
    request.handler(ignored -> {});
    request.exceptionHandler(ignored -> {});
    request.endHandler(v -> connection.close());
    request.resume();
    vertx.setTimer(LINGER_MS, t -> connection.close());
  }

  private void finish(Exchange exchange, HttpMethod method, int status) {
    long nanos = System.nanoTime() - exchange.startNanos;
    metrics.request(exchange.route, status, nanos);
    AccessLog.write(
        exchange.requestId,
        method.name(),
        exchange.route,
        status,
        nanos,
        exchange.bodyBytes,
        exchange.ingestId,
        exchange.outcome);
  }
}
