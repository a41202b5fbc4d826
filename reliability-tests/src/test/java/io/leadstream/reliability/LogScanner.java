package io.leadstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.LeadJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Looks for personal values and secrets in log files, case-insensitively. A hit names the file, the
 * line number and the needle's label, never the value itself (a failure message quoting it would
 * put it into the build log).
 */
final class LogScanner {

  /** A value that must not appear, with a label that may. */
  record Needle(String label, String value) {}

  /** One occurrence. */
  record Hit(Path file, long line, String label) {
    @Override
    public String toString() {
      return file + ":" + line + " contains " + label;
    }
  }

  /** The outcome of a scan. */
  record Result(long files, long lines, List<Hit> hits) {}

  /** The shortest fixture value looked for: shorter ones ("Some", "US") match innocent text. */
  static final int MIN_FIXTURE_VALUE = 8;

  private static final List<String> PERSONAL_FIELDS =
      List.of("FirstName", "LastName", "Email", "Phone", "Company", "Title");

  private final List<Needle> needles;

  LogScanner(List<Needle> needles) {
    this.needles =
        needles.stream()
            .map(n -> new Needle(n.label(), n.value().toLowerCase(Locale.ROOT)))
            .toList();
  }

  /**
   * The personal values of every shipped fixture (contact fields and Description) of at least
   * {@link #MIN_FIXTURE_VALUE} characters; a multi-line description counts line by line.
   */
  static List<Needle> fixtureValues() {
    List<Needle> needles = new ArrayList<>();
    for (Fixtures.Fixture fixture : Fixtures.all()) {
      JsonNode body;
      try {
        body = LeadJson.mapper().readTree(fixture.bytes());
      } catch (IOException malformed) {
        continue; // the broken fixtures carry no values of their own
      }
      if (body == null || !body.isObject()) {
        continue;
      }
      Set<String> values = new LinkedHashSet<>();
      JsonNode user = field(body, "UserDetails");
      for (String name : PERSONAL_FIELDS) {
        JsonNode value = user == null ? null : field(user, name);
        if (value != null && value.isValueNode()) {
          values.add(value.asText().trim());
        }
      }
      JsonNode description = field(body, "Description");
      if (description != null && description.isTextual()) {
        for (String line : description.asText().split("\\R")) {
          values.add(line.trim());
        }
      }
      int n = 0;
      for (String value : values) {
        if (value.length() >= MIN_FIXTURE_VALUE) {
          needles.add(
              new Needle("personal value #" + ++n + " of fixture " + fixture.name(), value));
        }
      }
    }
    return needles;
  }

  /** A field by name, in any letter case (one fixture uses camelCase). */
  private static JsonNode field(JsonNode object, String name) {
    for (var e : object.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Every file under {@code roots} (recursively) that {@code include} accepts, scanned. */
  Result scan(List<Path> roots, Predicate<Path> include) {
    List<Hit> hits = new ArrayList<>();
    long files = 0;
    long lines = 0;
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(root)) {
        paths = walk.filter(Files::isRegularFile).filter(include).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root, e);
      }
      for (Path file : paths) {
        files++;
        lines += scanFile(file, hits);
      }
    }
    return new Result(files, lines, hits);
  }

  private long scanFile(Path file, List<Hit> hits) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    long number = 0;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      String line;
      while ((line = reader.readLine()) != null) {
        number++;
        String lower = line.toLowerCase(Locale.ROOT);
        for (Needle needle : needles) {
          if (lower.contains(needle.value())) {
            hits.add(new Hit(file, number, needle.label()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return number;
  }
}
