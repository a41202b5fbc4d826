package io.leadstream.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/import.md's column table lists exactly the names the importer recognises. */
class ImportDocsTest {

  @Test
  void theColumnTableOfTheDocsListsEveryFieldWithExactlyItsRecognisedHeaders() throws Exception {
    Path docs = Path.of("..", "docs", "import.md");
    List<String> lines = Files.readAllLines(docs, StandardCharsets.UTF_8);
    for (LeadField field : LeadField.values()) {
      String prefix = "| `" + field.mappingName() + "` | ";
      String row =
          lines.stream()
              .filter(l -> l.startsWith(prefix))
              .findFirst()
              .orElseThrow(() -> new AssertionError("docs/import.md has no row for " + field));
      String names =
          row.substring(prefix.length(), row.lastIndexOf('|')).replaceAll("\\(.*\\)", "");
      List<String> documented =
          Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
      assertThat(documented).as(field.mappingName()).isEqualTo(field.synonyms());
    }
  }
}
