package io.leadstream.processor.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.LeadJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code console-openapi.json} describes exactly the routes of {@link ConsoleRoutes}, which the
 * router is built from, with exactly their statuses; as the gateway's OpenApiDocumentTest does for
 * its document.
 */
class ConsoleOpenApiDocumentTest {

  private final JsonNode doc = parse();

  @Test
  void isAnOpenApi31DocumentWithAContactALicenseAndAServer() {
    assertThat(doc.path("openapi").asText()).startsWith("3.1.");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
    assertThat(doc.path("info").path("description").asText()).isNotBlank();
    assertThat(doc.path("info").path("license").path("name").asText()).isNotBlank();
    assertThat(doc.path("info").path("contact").path("name").asText()).isNotBlank();
    assertThat(doc.path("servers").size()).isPositive();
  }

  @Test
  void documentsEveryRouteWithExactlyTheStatusesItAnswers() {
    for (ConsoleRoutes.Route route : ConsoleRoutes.ALL) {
      JsonNode operation =
          doc.path("paths").path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
      assertThat(operation.isObject()).as(route.method() + " " + route.path()).isTrue();
      Set<Integer> documented = new HashSet<>();
      operation
          .path("responses")
          .fieldNames()
          .forEachRemaining(s -> documented.add(Integer.valueOf(s)));
      assertThat(documented).as(route.path()).isEqualTo(route.statuses());
      assertThat(operation.path("description").asText()).as(route.path()).isNotBlank();
      assertThat(operation.path("tags").size()).as(route.path()).isPositive();
    }
  }

  @Test
  void documentsNoRouteTheConsoleDoesNotHave() {
    List<String> documented = new ArrayList<>();
    doc.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    List<String> routes =
        ConsoleRoutes.ALL.stream().map(r -> r.method().name() + " " + r.path()).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
  }

  @Test
  void everyOperationIdIsUniqueAndEveryReferenceResolves() {
    Set<String> ids = new HashSet<>();
    doc.path("paths")
        .forEach(
            path ->
                path.forEach(
                    operation ->
                        assertThat(ids.add(operation.path("operationId").asText()))
                            .as(operation.path("operationId").asText())
                            .isTrue()));
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
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

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals("$ref")) {
                  refs.add(field.getValue().asText());
                } else {
                  collectRefs(field.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
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
