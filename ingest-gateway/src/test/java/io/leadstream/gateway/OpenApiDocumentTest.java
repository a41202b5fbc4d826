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

  // The rules of Spectral's spectral:oas ruleset this document could break, so that the build
  // keeps it lint-clean without npm (npx @stoplight/spectral-cli@6 lint --ruleset
  // ingest-gateway/.spectral.yaml ... is the same check, by hand).

  @Test
  void hasAContactADescriptionALicenseAndAServer() {
    JsonNode info = doc.path("info");
    assertThat(info.path("contact").isObject()).as("info-contact").isTrue();
    assertThat(info.path("contact").path("name").asText()).isNotBlank();
    assertThat(info.path("description").asText()).as("info-description").isNotBlank();
    assertThat(info.path("license").path("name").asText()).isNotBlank();
    assertThat(doc.path("servers").size()).as("oas3-api-servers").isPositive();
    doc.path("servers")
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
    doc.path("tags")
        .forEach(
            tag -> {
              assertThat(tags.add(tag.path("name").asText())).as("unique tag").isTrue();
              assertThat(tag.path("description").asText()).as("tag-description").isNotBlank();
            });
    assertThat(tags).as("openapi-tags").isNotEmpty();
    Set<String> used = new HashSet<>();
    operations()
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
    operations()
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
    doc.path("paths")
        .fieldNames()
        .forEachRemaining(
            path ->
                assertThat(path.length() == 1 || !path.endsWith("/") && !path.contains("?"))
                    .as("path-keys-no-trailing-slash, path-not-include-query " + path)
                    .isTrue());
  }

  @Test
  void usesEveryComponentItDefines() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    doc.path("components")
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
    List<JsonNode> enums = new ArrayList<>();
    collect(doc, "enum", enums);
    assertThat(enums).isNotEmpty();
    for (JsonNode values : enums) {
      Set<String> distinct = new HashSet<>();
      values.forEach(
          v -> assertThat(distinct.add(v.toString())).as("duplicated-entry-in-enum").isTrue());
    }
    collectSchemasWithEnum(doc);
  }

  private static void collectSchemasWithEnum(JsonNode node) {
    if (node.isObject()) {
      if (node.has("enum") && node.path("enum").isArray()) {
        assertThat(node.has("type")).as("typed-enum " + node).isTrue();
      }
      node.forEach(OpenApiDocumentTest::collectSchemasWithEnum);
    } else if (node.isArray()) {
      node.forEach(OpenApiDocumentTest::collectSchemasWithEnum);
    }
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

  /** Every operation of the document, by "METHOD path". */
  private java.util.Map<String, JsonNode> operations() {
    java.util.Map<String, JsonNode> operations = new java.util.TreeMap<>();
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
