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
 * routes the service's router is built from, with exactly their statuses, and it breaks none of the
 * rules of Spectral's {@code spectral:oas} ruleset it could break, so the build keeps it lint-clean
 * without npm ({@code npx @stoplight/spectral-cli@6 lint --ruleset ingest-gateway/.spectral.yaml
 * FILE} is the same check, by hand). A service's test extends this class.
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
  void hasAContactADescriptionALicenseAndAServer() {
    JsonNode info = document().path("info");
    assertThat(info.path("contact").isObject()).as("info-contact").isTrue();
    assertThat(info.path("contact").path("name").asText()).isNotBlank();
    assertThat(info.path("description").asText()).as("info-description").isNotBlank();
    assertThat(info.path("license").path("name").asText()).isNotBlank();
    assertThat(document().path("servers").size()).as("oas3-api-servers").isPositive();
    document()
        .path("servers")
        .forEach(
            server -> {
              String url = server.path("url").asText();
              assertThat(url).isNotBlank().doesNotContain("example.com");
              assertThat(url.length() == 1 || !url.endsWith("/"))
                  .as("server-trailing-slash")
                  .isTrue();
            });
  }

  @Test
  void tagsEveryOperationWithADescribedGlobalTag() {
    Set<String> tags = new HashSet<>();
    document()
        .path("tags")
        .forEach(
            tag -> {
              assertThat(tags.add(tag.path("name").asText())).as("unique tag").isTrue();
              assertThat(tag.path("description").asText()).as("tag-description").isNotBlank();
            });
    assertThat(tags).as("openapi-tags").isNotEmpty();
    Set<String> used = new HashSet<>();
    operations(document())
        .forEach(
            (name, operation) -> {
              assertThat(operation.path("tags").size()).as("operation-tags " + name).isPositive();
              operation
                  .path("tags")
                  .forEach(
                      tag -> {
                        assertThat(tags).as("operation-tag-defined " + name).contains(tag.asText());
                        used.add(tag.asText());
                      });
            });
    assertThat(used).as("every global tag is used").isEqualTo(tags);
  }

  @Test
  void describesEveryOperationWithAUniqueOperationIdAndASuccessResponse() {
    Set<String> ids = new HashSet<>();
    operations(document())
        .forEach(
            (name, operation) -> {
              String id = operation.path("operationId").asText();
              assertThat(id).as("operation-operationId " + name).isNotBlank();
              assertThat(ids.add(id)).as("operation-operationId-unique " + name).isTrue();
              assertThat(id)
                  .as("operation-operationId-valid-in-url " + name)
                  .matches("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]+");
              assertThat(operation.path("description").asText())
                  .as("operation-description " + name)
                  .isNotBlank();
              List<String> statuses = new ArrayList<>();
              operation.path("responses").fieldNames().forEachRemaining(statuses::add);
              assertThat(statuses)
                  .as("operation-success-response " + name)
                  .anyMatch(status -> status.startsWith("2") || status.startsWith("3"));
            });
    document()
        .path("paths")
        .fieldNames()
        .forEachRemaining(
            path ->
                assertThat(path.length() == 1 || !path.endsWith("/") && !path.contains("?"))
                    .as("path-keys-no-trailing-slash, path-not-include-query " + path)
                    .isTrue());
  }

  @Test
  void usesEveryComponentItDefines() {
    List<String> refs = values(document(), "$ref").stream().map(JsonNode::asText).toList();
    document()
        .path("components")
        .properties()
        .forEach(
            kind -> {
              if (kind.getKey().equals("securitySchemes")) {
                return; // used by name in "security", not by $ref
              }
              kind.getValue()
                  .fieldNames()
                  .forEachRemaining(
                      name ->
                          assertThat(refs)
                              .as("oas3-unused-component")
                              .contains("#/components/" + kind.getKey() + "/" + name));
            });
  }

  @Test
  void typesEveryEnumAndRepeatsNoValue() {
    for (JsonNode values : values(document(), "enum")) {
      Set<String> distinct = new HashSet<>();
      values.forEach(
          v -> assertThat(distinct.add(v.toString())).as("duplicated-entry-in-enum").isTrue());
    }
    assertEnumsTyped(document());
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

  private static void assertEnumsTyped(JsonNode node) {
    if (node.isObject()) {
      if (node.has("enum") && node.path("enum").isArray()) {
        assertThat(node.has("type")).as("typed-enum " + node).isTrue();
      }
      node.forEach(OpenApiDocumentContract::assertEnumsTyped);
    } else if (node.isArray()) {
      node.forEach(OpenApiDocumentContract::assertEnumsTyped);
    }
  }
}
