package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadstream.schemas.Fixtures.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fails when {@code docs/contract.md} drifts from the JSON Schemas ({@code docs/schemas/}, copied
 * into the jar at build time) and the fixtures in this module's resources, or when the schema
 * folder and {@link LeadSchemas#all()} disagree. Regenerate the page with:
 *
 * <pre>mvn -B -q test -pl schemas -Dtest=ContractDocsTest -Dcontract.docs.write=true</pre>
 *
 * (or with the environment variable {@code LEADSTREAM_WRITE_DOCS=1}).
 */
class ContractDocsTest {

  private static final Path DOCS = Path.of("..", "docs");
  private static final ObjectMapper PLAIN = new ObjectMapper();

  @Test
  void renderedContractDocsMatchTheSchemaResources() throws IOException {
    Map<Path, String> expected = new LinkedHashMap<>();
    expected.put(DOCS.resolve("contract.md"), renderContract());
    boolean write =
        Boolean.getBoolean("contract.docs.write")
            || "1".equals(System.getenv("LEADSTREAM_WRITE_DOCS"));
    for (Map.Entry<Path, String> doc : expected.entrySet()) {
      if (write) {
        Files.createDirectories(doc.getKey().getParent());
        Files.writeString(doc.getKey(), doc.getValue(), StandardCharsets.UTF_8);
      }
      assertThat(doc.getKey())
          .as(
              doc.getKey()
                  + " is out of date; regenerate it with: mvn -B -q test -pl schemas"
                  + " -Dtest=ContractDocsTest -Dcontract.docs.write=true")
          .exists();
      assertThat(Files.readString(doc.getKey(), StandardCharsets.UTF_8))
          .as(doc.getKey() + " is out of date; regenerate it with -Dcontract.docs.write=true")
          .isEqualTo(doc.getValue());
    }
  }

  @Test
  void theJarShipsExactlyTheSchemasOfTheDocsFolder() throws IOException {
    List<String> inFolder;
    try (var files = Files.list(DOCS.resolve("schemas"))) {
      inFolder =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.endsWith(".schema.json"))
              .sorted()
              .toList();
    }
    assertThat(inFolder).containsExactlyInAnyOrderElementsOf(LeadSchemas.all());
    for (String file : LeadSchemas.all()) {
      assertThat(LeadSchemas.text(file))
          .as(file + " in the jar")
          .isEqualTo(
              Files.readString(DOCS.resolve("schemas").resolve(file), StandardCharsets.UTF_8));
    }
  }

  static String renderContract() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Leadstream lead contract\n\n")
        .append("<!-- Generated from docs/schemas/*.schema.json and the schemas module's")
        .append(" fixtures/index.json by\n     schemas/src/test/java/io/leadstream/schemas/")
        .append("ContractDocsTest.java. Do not edit: run\n     mvn -B -q test -pl schemas")
        .append(" -Dtest=ContractDocsTest -Dcontract.docs.write=true -->\n\n")
        .append("The JSON Schemas (draft 2020-12) of the lead contract, owned by the `schemas`")
        .append(" module (package `io.leadstream.schemas`).\nThe schema files themselves are in")
        .append(" [`schemas/`](schemas/) next to this page (the one copy in the repository);")
        .append(" the build copies them into\nthe `schemas` jar under")
        .append(" `io/leadstream/schemas/json/`.\n\n");
    md.append("| schema | Java | file |\n|---|---|---|\n");
    Map<String, String> javaTypes =
        Map.of(
            LeadSchemas.PARTNER_CENTER_BODY, "`PartnerCenterBody` (via `PartnerCenterParser`)",
            LeadSchemas.LEAD_EVENT_V1, "`LeadEvent`",
            LeadSchemas.DEAD_LETTER, "`DeadLetter` (via `DeadLetters.read`)",
            LeadSchemas.OFFER_CATALOG_ENTRY, "`OfferCatalogEntry`",
            LeadSchemas.LEAD_ACTIVITY_V1, "`LeadActivity` (via `LeadActivities.parse`)",
            LeadSchemas.LEAD_STATUS_V1, "`LeadStatus`",
            LeadSchemas.LEAD_ALERT_V1, "`LeadAlert`");
    for (String file : LeadSchemas.all()) {
      JsonNode schema = PLAIN.readTree(LeadSchemas.text(file));
      md.append("| ")
          .append(schema.path("title").asText())
          .append(" | ")
          .append(javaTypes.get(file))
          .append(" | [`")
          .append(file)
          .append("`](schemas/")
          .append(file)
          .append(") |\n");
    }
    for (String file : LeadSchemas.all()) {
      JsonNode schema = PLAIN.readTree(LeadSchemas.text(file));
      md.append("\n## ").append(schema.path("title").asText()).append("\n\n");
      md.append(schema.path("description").asText()).append("\n\n");
      md.append("`$id`: `").append(schema.path("$id").asText()).append("`\n\n");
      md.append("| property | type | required | description |\n|---|---|---|---|\n");
      List<String[]> rows = new ArrayList<>();
      properties(schema, "", rows);
      for (String[] row : rows) {
        md.append("| `")
            .append(row[0])
            .append("` | ")
            .append(row[1])
            .append(" | ")
            .append(row[2])
            .append(" | ")
            .append(row[3])
            .append(" |\n");
      }
    }
    md.append("\n## Sample bodies (fixtures)\n\n")
        .append("Shipped in the `schemas` jar under `io/leadstream/schemas/fixtures/` and loaded")
        .append(" with `Fixtures.get(name)`.\n\n")
        .append("| fixture | case | parser outcome | body schema |\n|---|---|---|---|\n");
    for (Fixture fixture : Fixtures.all()) {
      Fixtures.Expectation e = fixture.expect();
      String outcome =
          fixture.rejected()
              ? "rejected `" + e.reason() + "`"
              : "`"
                  + e.source()
                  + "` / `"
                  + e.action()
                  + "` / `"
                  + e.stage()
                  + "`"
                  + (Boolean.TRUE.equals(e.test()) ? ", test lead" : "")
                  + ", identity "
                  + (e.identity() == null ? "none" : "`" + e.identity() + "`");
      md.append("| `")
          .append(fixture.name())
          .append("` | ")
          .append(escape(fixture.description()))
          .append(" | ")
          .append(outcome)
          .append(" | ")
          .append(
              fixture.schema().valid() ? "valid" : "invalid: " + escape(fixture.schema().failure()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static void properties(JsonNode schema, String prefix, List<String[]> rows) {
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    addAll(schema.path("properties"), prefix, required, false, rows);
    addAll(schema.path("patternProperties"), prefix, required, true, rows);
  }

  private static void addAll(
      JsonNode properties,
      String prefix,
      List<String> required,
      boolean pattern,
      List<String[]> rows) {
    for (Map.Entry<String, JsonNode> field : properties.properties()) {
      JsonNode property = field.getValue();
      String name = pattern ? property.path("title").asText(field.getKey()) : field.getKey();
      String path = prefix + name;
      String description = property.path("description").asText("");
      if (pattern) {
        description += " (name matched case-insensitively)";
      }
      rows.add(
          new String[] {
            path,
            type(property),
            required.contains(field.getKey()) ? "yes" : "no",
            escape(description)
          });
      if (property.has("properties") || property.has("patternProperties")) {
        properties(property, path + ".", rows);
      }
    }
  }

  private static String type(JsonNode property) {
    String type;
    if (property.has("const")) {
      type = "const `" + property.get("const") + "`";
    } else if (property.has("enum")) {
      List<String> values = new ArrayList<>();
      property.get("enum").forEach(v -> values.add(v.isNull() ? "null" : v.asText()));
      type = "enum: " + String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
    } else if (property.path("type").isArray()) {
      List<String> types = new ArrayList<>();
      property.get("type").forEach(t -> types.add(t.asText()));
      type = String.join(" \\| ", types);
    } else {
      type = property.path("type").asText("any");
    }
    if (property.has("format")) {
      type += " (" + property.get("format").asText() + ")";
    }
    if (property.has("pattern")) {
      type += ", pattern `" + escape(property.get("pattern").asText()) + "`";
    }
    if (property.path("additionalProperties").isObject()) {
      type += " of " + property.get("additionalProperties").path("type").asText();
    }
    if (property.has("items")) {
      type += " of " + property.get("items").path("type").asText();
    }
    return type;
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
