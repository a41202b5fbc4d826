package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every OpenAPI document of Leadstream must be, whichever service serves it (the gateway's
 * {@code openapi.json}, the console's {@code console-openapi.json}): it describes exactly the
 * routes the service's router is built from, with exactly their statuses, and its references stay
 * inside it. Spectral's {@code spectral:oas} lint of the documents runs in {@code mvn verify}
 * ({@code dev/node-tools/lint-openapi}). A service's test extends this class.
 */
public abstract class OpenApiDocumentContract {

  /** The document as the service serves it. */
  protected abstract JsonNode document();

  /** The service's routes, "METHOD path" to the statuses the route answers. */
  protected abstract Map<String, Set<Integer>> routes();

  @Test
  void isAnOpenApi31Document() {
    assertThat(document().path("openapi").asText()).startsWith("3.1.");
    assertThat(document().path("info").path("title").asText()).isNotBlank();
  }

  @Test
  void documentsEveryRouteWithExactlyTheStatusesItAnswers() {
    Map<String, JsonNode> operations = operations(document());
    routes()
        .forEach(
            (route, statuses) -> {
              JsonNode operation = operations.get(route);
              assertThat(operation).as(route).isNotNull();
              Set<Integer> documented = new HashSet<>();
              operation
                  .path("responses")
                  .fieldNames()
                  .forEachRemaining(s -> documented.add(Integer.valueOf(s)));
              assertThat(documented).as(route).isEqualTo(statuses);
            });
  }

  @Test
  void documentsNoRouteTheServiceDoesNotHave() {
    assertThat(operations(document()).keySet())
        .containsExactlyInAnyOrderElementsOf(routes().keySet());
  }

  @Test
  void everyReferenceResolves() {
    List<JsonNode> refs = values(document(), "$ref");
    assertThat(refs).isNotEmpty();
    for (JsonNode ref : refs) {
      assertThat(ref.asText()).startsWith("#/");
      assertThat(document().at(ref.asText().substring(1)).isMissingNode())
          .as(ref.asText())
          .isFalse();
    }
  }

  /** Every operation of {@code doc}, by "METHOD path". */
  protected static Map<String, JsonNode> operations(JsonNode doc) {
    Map<String, JsonNode> operations = new TreeMap<>();
    doc.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method ->
                            operations.put(
                                method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                method.getValue())));
    return operations;
  }

  /** The values of every property named {@code key}, at any depth (not below a match). */
  private static List<JsonNode> values(JsonNode node, String key) {
    List<JsonNode> into = new ArrayList<>();
    collect(node, key, into);
    return into;
  }

  private static void collect(JsonNode node, String key, List<JsonNode> into) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals(key)) {
                  into.add(field.getValue());
                } else {
                  collect(field.getValue(), key, into);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, key, into));
    }
  }
}
