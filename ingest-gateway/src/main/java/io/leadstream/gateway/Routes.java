package io.leadstream.gateway;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/**
 * Every route the gateway serves and every status each can answer. The router is built from this
 * table ({@link GatewayRouter}) and the OpenAPI document ({@code /openapi.json}) is tested against
 * it.
 *
 * <p>Beyond these, any path can answer 404 (no such route), 405 (known path, other method), 400,
 * 414 or 431 (a request Vert.x could not decode) and 500 (a bug); all use the same problem shape.
 */
final class Routes {

  /** One operation: method, path, the statuses it answers, and where it is served. */
  record Route(String name, HttpMethod method, String path, Set<Integer> statuses, Port port) {}

  /** Where a route is served when a separate management port is configured. */
  enum Port {
    PUBLIC,
    MANAGEMENT,
    BOTH
  }

  static final Route LEADS =
      new Route(
          "leads",
          HttpMethod.POST,
          "/v1/leads",
          Set.of(202, 400, 401, 408, 413, 415, 503),
          Port.PUBLIC);
  static final Route BATCH =
      new Route(
          "leads-batch",
          HttpMethod.POST,
          "/v1/leads:batch",
          Set.of(200, 400, 401, 408, 413, 415, 503),
          Port.PUBLIC);
  static final Route ACTIVITY =
      new Route(
          "activity",
          HttpMethod.POST,
          "/v1/activity",
          Set.of(200, 202, 400, 401, 408, 413, 415, 503),
          Port.PUBLIC);
  static final Route HEALTH =
      new Route("healthz", HttpMethod.GET, "/healthz", Set.of(200), Port.MANAGEMENT);
  static final Route READY =
      new Route("readyz", HttpMethod.GET, "/readyz", Set.of(200, 503), Port.MANAGEMENT);
  static final Route METRICS =
      new Route("metrics", HttpMethod.GET, "/metrics", Set.of(200), Port.MANAGEMENT);
  static final Route OPENAPI =
      new Route("openapi", HttpMethod.GET, "/openapi.json", Set.of(200), Port.BOTH);

  static final List<Route> ALL = List.of(LEADS, BATCH, ACTIVITY, HEALTH, READY, METRICS, OPENAPI);

  /** Route name used in logs and metrics for requests that matched no route. */
  static final String UNMATCHED = "unmatched";

  /** Whether {@code route} is served on this kind of listener. */
  static boolean servedOn(Route route, boolean publicListener, boolean separate) {
    if (!separate || route.port() == Port.BOTH) {
      return true;
    }
    return (route.port() == Port.PUBLIC) == publicListener;
  }

  private Routes() {}
}
