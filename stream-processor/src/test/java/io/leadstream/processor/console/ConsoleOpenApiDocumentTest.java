package io.leadstream.processor.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.OpenApiDocumentContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code console-openapi.json} describes exactly the routes of {@link ConsoleRoutes}, which the
 * router is built from, with exactly their statuses, and lints clean, as the gateway's document.
 */
class ConsoleOpenApiDocumentTest extends OpenApiDocumentContract {

  private final JsonNode doc = parse();

  @Override
  protected JsonNode document() {
    return doc;
  }

  @Override
  protected Map<String, Set<Integer>> routes() {
    Map<String, Set<Integer>> routes = new TreeMap<>();
    ConsoleRoutes.ALL.forEach(r -> routes.put(r.method().name() + " " + r.path(), r.statuses()));
    return routes;
  }

  @Test
  void theApiRoutesAreTheOnesThatNeedAToken() {
    for (ConsoleRoutes.Route route : ConsoleRoutes.ALL) {
      JsonNode security =
          doc.path("paths")
              .path(route.path())
              .path(route.method().name().toLowerCase(Locale.ROOT))
              .path("security");
      // An operation without its own "security" takes the document's: Bearer or session.
      assertThat(security.isMissingNode()).as(route.path()).isEqualTo(route.api());
    }
  }

  private static JsonNode parse() {
    try {
      return LeadJson.mapper().readTree(ConsoleServer.openApiDocument());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
