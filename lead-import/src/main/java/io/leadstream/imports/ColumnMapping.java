package io.leadstream.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which field each column header holds: the {@linkplain LeadField#synonyms built-in names}, then
 * the lines of a mapping file on top.
 *
 * <p>A mapping file has one {@code column header = field} per line, split at the last {@code =}, so
 * a header may contain anything but a line break. {@code #} starts a comment line. The header is
 * compared like the built-in names (case, spaces and punctuation ignored); the field is one of
 * {@link LeadField#mappingName()} ({@code firstName}, {@code email}, {@code createdTime}, ...) or
 * {@code ignore}:
 *
 * <pre>
 * # Partner Center export, German UI
 * Vorname = firstName
 * Erstellt am = createdTime
 * Status = ignore
 * </pre>
 */
public final class ColumnMapping {

  private static final String IGNORE = "ignore";

  /** Normalized header to field; an empty value means "ignore this column". */
  private final Map<String, Optional<LeadField>> overrides;

  private ColumnMapping(Map<String, Optional<LeadField>> overrides) {
    this.overrides = Collections.unmodifiableMap(overrides);
  }

  /** The built-in names only. */
  public static ColumnMapping defaults() {
    return new ColumnMapping(Map.of());
  }

  /** The built-in names, then the lines of a mapping file. */
  public static ColumnMapping load(Path file) throws ImportFileException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ImportFileException(
          "cannot read the mapping file " + file + ": " + e.getClass().getSimpleName());
    }
    return parse(lines, file.toString());
  }

  /** The built-in names, then these mapping lines ({@code source} names them in errors). */
  public static ColumnMapping parse(List<String> lines, String source) throws ImportFileException {
    Map<String, Optional<LeadField>> overrides = new HashMap<>();
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = number == 1 ? TextDecoder.stripBom(raw).strip() : raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.lastIndexOf('=');
      if (eq <= 0) {
        throw new ImportFileException(
            source + " line " + number + ": expected 'column header = field'");
      }
      String header = LeadField.normalize(line.substring(0, eq));
      String target = line.substring(eq + 1).strip();
      if (header.isEmpty()) {
        throw new ImportFileException(
            source + " line " + number + ": the column header has no letters or digits");
      }
      Optional<LeadField> field;
      if (target.equalsIgnoreCase(IGNORE)) {
        field = Optional.empty();
      } else {
        field = LeadField.byMappingName(target);
        if (field.isEmpty()) {
          throw new ImportFileException(
              source
                  + " line "
                  + number
                  + ": unknown field '"
                  + target
                  + "'; use one of "
                  + fieldNames()
                  + " or ignore");
        }
      }
      overrides.put(header, field);
    }
    return new ColumnMapping(overrides);
  }

  /** What the column with this header (as written in the file) holds; empty to ignore it. */
  Optional<LeadField> fieldOf(String header) {
    String normalized = LeadField.normalize(header);
    Optional<LeadField> override = overrides.get(normalized);
    if (override != null) {
      return override;
    }
    return LeadField.bySynonym(normalized);
  }

  /** Whether a mapping file named this header (to a field or to ignore). */
  boolean mentions(String header) {
    return overrides.containsKey(LeadField.normalize(header));
  }

  static String fieldNames() {
    StringBuilder out = new StringBuilder();
    for (LeadField field : LeadField.values()) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(field.mappingName());
    }
    return out.toString();
  }
}
