package io.leadstream.processor.console;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/**
 * Every route the console serves and every status each can answer. The router is built from this
 * table ({@link ConsoleServer}) and {@code console-openapi.json} is tested against it.
 *
 * <p>Beyond these, any path can answer 404 (no such route), 405 (known path, other method) and 500
 * (a bug), all in the problem shape.
 */
final class ConsoleRoutes {

  /**
   * One operation.
   *
   * @param path as OpenAPI writes it ({@code {leadId}} for a path parameter)
   * @param api under {@code /api/}: a token or a session is required, and the answer is JSON
   */
  record Route(String name, HttpMethod method, String path, Set<Integer> statuses, boolean api) {

    /** The path as a Vert.x Web route ({@code :leadId}). */
    String routerPath() {
      return path.replaceAll("\\{([A-Za-z]+)}", ":$1");
    }
  }

  static final Route PAGE = new Route("page", HttpMethod.GET, "/", Set.of(200, 303, 401), false);
  static final Route LEAD_PAGE =
      new Route("lead-page", HttpMethod.GET, "/leads/{leadId}", Set.of(200), false);
  static final Route SIGN_OUT =
      new Route("sign-out", HttpMethod.POST, "/sign-out", Set.of(303), false);
  static final Route ASSET =
      new Route("asset", HttpMethod.GET, "/assets/{asset}", Set.of(200, 404), false);
  static final Route LEAD =
      new Route(
          "lead", HttpMethod.GET, "/api/v1/leads/{leadId}", Set.of(200, 400, 401, 404, 503), true);
  static final Route WORK_QUEUE =
      new Route("work-queue", HttpMethod.GET, "/api/v1/leads", Set.of(200, 400, 401, 503), true);
  static final Route FUNNEL =
      new Route("funnel", HttpMethod.GET, "/api/v1/funnel", Set.of(200, 400, 401, 503), true);
  static final Route TRACE =
      new Route(
          "trace",
          HttpMethod.GET,
          "/api/v1/trace/{ingestId}",
          Set.of(200, 400, 401, 404, 503),
          true);
  static final Route OPENAPI =
      new Route("openapi", HttpMethod.GET, "/api/v1/openapi.json", Set.of(200), false);

  static final List<Route> ALL =
      List.of(PAGE, LEAD_PAGE, SIGN_OUT, ASSET, LEAD, WORK_QUEUE, FUNNEL, TRACE, OPENAPI);

  /** Route name used in metrics for requests that matched no route. */
  static final String UNMATCHED = "unmatched";

  private ConsoleRoutes() {}
}
