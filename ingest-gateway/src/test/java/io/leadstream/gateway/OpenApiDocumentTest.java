package io.leadstream.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadstream.schemas.OpenApiDocumentContract;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI document in the repository (and served at /openapi.json) describes exactly the routes
 * of {@link Routes}, with exactly their statuses, and lints clean. {@code GatewayRoutingTest}
 * checks, in turn, that every status the running gateway answered is in the document.
 */
class OpenApiDocumentTest extends OpenApiDocumentContract {

  private final JsonNode doc = parse();

  @Override
  protected JsonNode document() {
    return doc;
  }

  @Override
  protected Map<String, Set<Integer>> routes() {
    Map<String, Set<Integer>> routes = new TreeMap<>();
    Routes.ALL.forEach(r -> routes.put(r.method().name() + " " + r.path(), r.statuses()));
    return routes;
  }

  private static JsonNode parse() {
    try {
      return new ObjectMapper().readTree(Gateway.openApiDocument());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
