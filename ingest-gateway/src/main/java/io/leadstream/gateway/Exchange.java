package io.leadstream.gateway;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * What the gateway knows about one request beyond what Vert.x holds: its request id and receipt
 * time (fixed when the headers arrive), and what its access line and metrics report (the route, the
 * body size, the ingest id, the outcome), filled in by the handlers that learn them.
 *
 * <p>One per request, attached to its {@link RoutingContext}; used on the request's event loop
 * only.
 */
final class Exchange {

  private static final String KEY = "leadstream.exchange";

  final String requestId;
  final Instant receivedAt = Instant.now();
  final long startNanos = System.nanoTime();
  String route = Routes.UNMATCHED;
  long bodyBytes;
  String ingestId;
  String outcome;

  Exchange(String requestId) {
    this.requestId = requestId;
  }

  static Exchange attach(RoutingContext ctx, String requestId) {
    Exchange exchange = new Exchange(requestId);
    ctx.put(KEY, exchange);
    return exchange;
  }

  static Exchange of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
