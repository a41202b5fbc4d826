package io.leadstream.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the table of a reliability run from the figures the tests wrote: {@code
 * reliability-tests/target/reliability/*.json} and, if present, the fuzz campaign's {@code
 * <module>/target/reliability/fuzz.json}. Run by reliability-tests/run-full:
 *
 * <pre>
 * java -cp reliability-tests/target/test-classes io.leadstream.reliability.ReliabilitySummary .
 * </pre>
 *
 * <p>Exits with status 1 when any row reports a lost or duplicated lead.
 */
public final class ReliabilitySummary {

  private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?\\d+)");

  private static final String[][] COLUMNS = {
    {Figures.SENT, "leads sent"},
    {Figures.ACKNOWLEDGED, "acknowledged"},
    {Figures.OUTPUTS, "outputs"},
    {Figures.LOST, "lost"},
    {Figures.DUPLICATED, "duplicated"},
    {Figures.FAULTS, "faults injected"},
    {Figures.FUZZ, "fuzz cases tried"},
    {Figures.FIVE_XX, "5xx answers"},
    {Figures.PEAK_HEAP, "peak heap after GC, MB"},
    {"processorPeakRssBytes", "processor peak RSS, MB"},
    {Figures.ALERTS_EXPECTED, "alerts expected"},
    {Figures.ALERTS_SEEN, "alerts seen"},
  };

  /** Columns of the faults table: one row per injected fault (reliability/faults/*.json). */
  private static final String[][] FAULT_COLUMNS = {
    {Figures.SENT, "leads sent"},
    {Figures.ACKNOWLEDGED, "acknowledged"},
    {Figures.LOST, "lost"},
    {Figures.DUPLICATED, "duplicated"},
    {Figures.ANSWERS_503, "503s"},
    {Figures.NO_ANSWER, "no answer (connection refused or reset)"},
    {Figures.LONGEST_ANSWER_MS, "longest answer, ms"},
    {Figures.FAULT_MS, "fault held, ms"},
    {Figures.RECOVERY_MS, "recovery, ms"},
  };

  private ReliabilitySummary() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Map<String, Map<String, Long>> rows = collect(root);
    if (rows.isEmpty()) {
      System.err.println("no reliability figures under " + root.toAbsolutePath());
      System.exit(2);
    }
    System.out.print(table(rows));
    Map<String, Map<String, Long>> faults = collectFaults(root);
    if (!faults.isEmpty()) {
      System.out.println();
      System.out.println("Per fault (answers to requests that started during it):");
      System.out.println();
      System.out.print(faultTable(faults));
    }
    boolean failed =
        rows.values().stream()
            .anyMatch(
                r -> r.getOrDefault(Figures.LOST, 0L) + r.getOrDefault(Figures.DUPLICATED, 0L) > 0);
    failed |=
        faults.values().stream()
            .anyMatch(
                r -> r.getOrDefault(Figures.LOST, 0L) + r.getOrDefault(Figures.DUPLICATED, 0L) > 0);
    System.exit(failed ? 1 : 0);
  }

  /** Test name to figures, from every figures file under {@code root}. */
  static Map<String, Map<String, Long>> collect(Path root) throws IOException {
    Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    Path own = root.resolve("reliability-tests/target/reliability");
    if (Files.isDirectory(own)) {
      try (Stream<Path> list = Files.list(own)) {
        list.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
      }
    }
    try (Stream<Path> modules = Files.list(root)) {
      modules
          .map(m -> m.resolve("target/reliability/fuzz.json"))
          .filter(Files::isRegularFile)
          .filter(f -> !files.contains(f))
          .sorted()
          .forEach(files::add);
    }
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      if (name.equals("fuzz")) {
        name = "fuzz (" + root.relativize(file).getName(0) + ")";
      }
      rows.put(name, parse(Files.readString(file, StandardCharsets.UTF_8)));
    }
    return rows;
  }

  /** Fault name to figures, from {@code reliability-tests/target/reliability/faults/*.json}. */
  static Map<String, Map<String, Long>> collectFaults(Path root) throws IOException {
    Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
    Path folder = root.resolve("reliability-tests/target/reliability").resolve(Figures.FAULTS_DIR);
    if (!Files.isDirectory(folder)) {
      return rows;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      rows.put(name, parse(Files.readString(file, StandardCharsets.UTF_8)));
    }
    return rows;
  }

  /** A Markdown table of the faults, one row each, no total (each is a part of its test's row). */
  static String faultTable(Map<String, Map<String, Long>> rows) {
    StringBuilder out = new StringBuilder("| fault |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String[] column : FAULT_COLUMNS) {
      out.append(' ').append(column[1]).append(" |");
      rule.append("---:|");
    }
    out.append('\n').append(rule).append('\n');
    rows.forEach(
        (name, values) -> {
          out.append("| ").append(name).append(" |");
          for (String[] column : FAULT_COLUMNS) {
            Long v = values.get(column[0]);
            out.append(' ').append(v == null ? "-" : format(column[0], v)).append(" |");
          }
          out.append('\n');
        });
    return out.toString();
  }

  static Map<String, Long> parse(String json) {
    Map<String, Long> values = new LinkedHashMap<>();
    Matcher m = NUMBER.matcher(json);
    while (m.find()) {
      values.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return values;
  }

  /** A Markdown table, one row per test and a total row (memory: the maximum, in MiB). */
  static String table(Map<String, Map<String, Long>> rows) {
    StringBuilder out = new StringBuilder("| test |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String[] column : COLUMNS) {
      out.append(' ').append(column[1]).append(" |");
      rule.append("---:|");
    }
    out.append('\n').append(rule).append('\n');
    Map<String, Long> total = new LinkedHashMap<>();
    rows.forEach(
        (name, values) -> {
          out.append("| ").append(name).append(" |");
          for (String[] column : COLUMNS) {
            Long v = values.get(column[0]);
            out.append(' ').append(v == null ? "-" : format(column[0], v)).append(" |");
            if (v != null) {
              total.merge(column[0], v, column[0].endsWith("Bytes") ? Math::max : Long::sum);
            }
          }
          out.append('\n');
        });
    out.append("| **total** |");
    for (String[] column : COLUMNS) {
      Long v = total.get(column[0]);
      out.append(' ').append(v == null ? "-" : "**" + format(column[0], v) + "**").append(" |");
    }
    return out.append('\n').toString();
  }

  private static String format(String key, long value) {
    return key.endsWith("Bytes") ? String.format("%,d", value >> 20) : String.format("%,d", value);
  }
}
