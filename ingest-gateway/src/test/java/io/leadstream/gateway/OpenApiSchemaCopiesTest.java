package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document carries copies of record schemas whose one source is {@code docs/schemas}
 * (for {@code POST /v1/activity}: LeadActivity v1). OpenAPI 3.1 schemas are JSON Schema, but the
 * served document must stand alone (its references stay inside it) and keep Spectral's rules (every
 * enum typed), so the copy is checked rather than generated: both must accept the same documents,
 * compared by properties, required fields, types, enums (a {@code const} is an enum of one),
 * patterns, formats, lengths and bounds, and whether other properties are allowed, nested objects
 * and arrays included. Descriptions may differ.
 */
class OpenApiSchemaCopiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The keywords that change which documents a schema accepts, compared as they are. */
  private static final List<String> KEYWORDS =
      List.of(
          "pattern",
          "format",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "minItems",
          "maxItems",
          "additionalProperties");

  private final JsonNode openApi = read(Gateway.class.getResourceAsStream("/openapi.json"));

  /** docs/schemas file to the OpenAPI component copying it; every other file has no copy. */
  private static final Map<String, String> COPIES =
      Map.of("lead-activity-v1.schema.json", "LeadActivity");

  @Test
  void theLeadActivityComponentAcceptsExactlyWhatTheLeadActivitySchemaAccepts() {
    JsonNode component = openApi.path("components").path("schemas").path("LeadActivity");
    assertThat(component.isObject()).isTrue();

    assertThat(differences("", schema("lead-activity-v1.schema.json"), component)).isEmpty();
  }

  @Test
  void everyRecordSchemaCopiedIntoTheOpenApiDocumentIsTheSameAsItsSource() throws IOException {
    Set<String> components = new TreeSet<>();
    openApi.path("components").path("schemas").fieldNames().forEachRemaining(components::add);
    try (Stream<Path> files = Files.list(Path.of("..", "docs", "schemas"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".schema.json")).toList()) {
        String name = file.getFileName().toString();
        String component = COPIES.get(name);
        if (component == null) {
          // A copy under the record's name would escape this check: it must be listed above.
          assertThat(components).as(name).doesNotContain(recordName(name));
          continue;
        }
        JsonNode copy = openApi.path("components").path("schemas").path(component);
        assertThat(differences("", schema(name), copy)).as(name + " vs " + component).isEmpty();
      }
    }
  }

  @Test
  void aCopyThatAcceptsNullWhereTheSourceDoesNotOrAnotherEnumOrPatternIsCaught() {
    JsonNode source = schema("lead-activity-v1.schema.json");
    ObjectNode copy = source.deepCopy();
    ((ObjectNode) copy.path("properties").path("at")).putArray("type").add("string").add("null");
    ((ObjectNode) copy.path("properties").path("leadId")).put("pattern", "^ld_[a-z0-9]{32}$");
    ((ObjectNode) copy.path("properties").path("type")).putArray("enum").add("CONTACTED");
    ((ObjectNode) copy.path("properties")).putObject("note").put("type", "string");
    copy.withArray("required").add("at");

    assertThat(differences("", source, copy))
        .containsExactlyInAnyOrder(
            "required: [leadId, type] vs [at, leadId, type]",
            "properties: [at, by, leadId, owner, schemaVersion, type] vs"
                + " [at, by, leadId, note, owner, schemaVersion, type]",
            "/at types: [string] vs [null, string]",
            "/leadId pattern: \"^ld_[a-z2-7]{32}$\" vs \"^ld_[a-z0-9]{32}$\"",
            "/type enum: [\"ASSIGNED\", \"CONTACTED\", \"DISQUALIFIED\", \"LOST\","
                + " \"MEETING_BOOKED\", \"NURTURE_TOUCH\", \"REOPENED\", \"WON\"] vs"
                + " [\"CONTACTED\"]");
  }

  /** What accepts differently between {@code a} and {@code b}, one line each, with its path. */
  static List<String> differences(String path, JsonNode a, JsonNode b) {
    List<String> out = new ArrayList<>();
    compare(out, path, "types", types(a), types(b));
    compare(out, path, "enum", values(a), values(b));
    for (String keyword : KEYWORDS) {
      compare(out, path, keyword, String.valueOf(a.get(keyword)), String.valueOf(b.get(keyword)));
    }
    compare(out, path, "required", texts(a.path("required")), texts(b.path("required")));
    Set<String> names = new TreeSet<>();
    a.path("properties").fieldNames().forEachRemaining(names::add);
    Set<String> other = new TreeSet<>();
    b.path("properties").fieldNames().forEachRemaining(other::add);
    compare(out, path, "properties", names, other);
    names.retainAll(other);
    for (String name : names) {
      out.addAll(
          differences(
              path + "/" + name, a.path("properties").path(name), b.path("properties").path(name)));
    }
    if (a.has("items") || b.has("items")) {
      out.addAll(differences(path + "/items", a.path("items"), b.path("items")));
    }
    return out;
  }

  private static void compare(List<String> out, String path, String what, Object a, Object b) {
    if (!a.equals(b)) {
      out.add((path.isEmpty() ? "" : path + " ") + what + ": " + a + " vs " + b);
    }
  }

  /**
   * The JSON types a schema admits: its {@code type} (one or several), else the types of its {@code
   * const} or {@code enum} values (an untyped enum of strings admits strings only).
   */
  static Set<String> types(JsonNode schema) {
    Set<String> types = new TreeSet<>();
    JsonNode type = schema.get("type");
    if (type != null) {
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
      return types;
    }
    for (JsonNode v : valueNodes(schema)) {
      types.add(
          switch (v.getNodeType()) {
            case NUMBER -> v.canConvertToExactIntegral() ? "integer" : "number";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
          });
    }
    return types;
  }

  private static Set<String> values(JsonNode schema) {
    Set<String> values = new TreeSet<>();
    valueNodes(schema).forEach(v -> values.add(v.toString()));
    return values;
  }

  private static List<JsonNode> valueNodes(JsonNode schema) {
    List<JsonNode> values = new ArrayList<>();
    if (schema.has("const")) {
      values.add(schema.get("const"));
    }
    schema.path("enum").forEach(values::add);
    return values;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new TreeSet<>();
    array.forEach(v -> texts.add(v.asText()));
    return texts;
  }

  /** "lead-activity-v1.schema.json" to "LeadActivity". */
  static String recordName(String file) {
    StringBuilder name = new StringBuilder();
    for (String part : file.replaceFirst("(-v\\d+)?\\.schema\\.json$", "").split("-")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }

  private static JsonNode schema(String file) {
    return read(
        OpenApiSchemaCopiesTest.class.getResourceAsStream("/io/leadstream/schemas/json/" + file));
  }

  private static JsonNode read(InputStream in) {
    try (in) {
      assertThat(in).as("resource").isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
