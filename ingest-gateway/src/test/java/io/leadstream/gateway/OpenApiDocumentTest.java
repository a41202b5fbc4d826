package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document in the repository (and served at /openapi.json) describes exactly the routes
 * of {@link Routes}, with exactly their statuses. {@code GatewayRoutingTest} checks, in turn, that
 * every status the running gateway answered is in the document.
 */
class OpenApiDocumentTest {

  private final JsonNode doc = parse();

  @Test
  void isAnOpenApi31Document() {
    assertThat(doc.path("openapi").asText()).startsWith("3.1.");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
  }

  @Test
  void documentsEveryRouteWithExactlyTheStatusesItAnswers() {
    for (Routes.Route route : Routes.ALL) {
      JsonNode operation =
          doc.path("paths").path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
      assertThat(operation.isObject()).as(route.method() + " " + route.path()).isTrue();
      Set<Integer> documented = new HashSet<>();
      operation
          .path("responses")
          .fieldNames()
          .forEachRemaining(s -> documented.add(Integer.valueOf(s)));
      assertThat(documented).as(route.path()).isEqualTo(route.statuses());
    }
  }

  @Test
  void documentsNoRouteTheGatewayDoesNotHave() {
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
    List<String> routes = Routes.ALL.stream().map(r -> r.method().name() + " " + r.path()).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
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
      return new ObjectMapper().readTree(Gateway.openApiDocument());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
