package io.leadstream.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measured figures of one reliability test, written as a flat JSON object of numbers to {@code
 * target/reliability/<test>.json} (read by {@link ReliabilitySummary}) and logged.
 */
final class Figures {

  /** The keys every test writes, in table order. */
  static final String SENT = "leadsSent";

  static final String ACKNOWLEDGED = "acknowledged";
  static final String OUTPUTS = "outputs";
  static final String LOST = "lost";
  static final String DUPLICATED = "duplicated";
  static final String FAULTS = "faultsInjected";
  static final String FUZZ = "fuzzCases";
  static final String FIVE_XX = "fiveXx";
  static final String PEAK_HEAP = "peakHeapBytes";
  static final String ALERTS_EXPECTED = "alertsExpected";
  static final String ALERTS_SEEN = "alertsSeen";

  /** Keys of one fault's figures ({@link #fault}), besides sent, acknowledged, lost, duplicated. */
  static final String ANSWERS_503 = "answers503";

  static final String NO_ANSWER = "noAnswer";
  static final String LONGEST_ANSWER_MS = "longestAnswerMillis";
  static final String FAULT_MS = "faultMillis";
  static final String RECOVERY_MS = "recoveryMillis";

  /** The sub-folder of {@link #dir()} that one fault's figures go to (a table of their own). */
  static final String FAULTS_DIR = "faults";

  private static final Logger LOG = LoggerFactory.getLogger(Figures.class);

  private final String test;
  private final Path folder;
  private final Map<String, Long> values = new LinkedHashMap<>();

  Figures(String test) {
    this(test, dir());
  }

  private Figures(String test, Path folder) {
    this.test = test;
    this.folder = folder;
  }

  /**
   * The figures of one fault of a test (written to {@code <dir>/faults/<name>.json}): they are part
   * of the test's own row, so they go to a table of their own and never into the run's totals.
   */
  static Figures fault(String name) {
    return new Figures(name, dir().resolve(FAULTS_DIR));
  }

  Figures put(String key, long value) {
    values.put(key, value);
    return this;
  }

  long get(String key) {
    return values.getOrDefault(key, 0L);
  }

  /** The folder the figures go to: {@code leadstream.reliability.dir} or target/reliability. */
  static Path dir() {
    String dir = System.getProperty("leadstream.reliability.dir", "");
    return Path.of(dir.isBlank() || dir.startsWith("${") ? "target/reliability" : dir);
  }

  String json() {
    return values.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** Writes {@code <folder>/<test>.json} and logs the figures. */
  void write() {
    LOG.info("Reliability figures of {} ({} mode): {}", test, Mode.name(), json());
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(test + ".json"), json() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the figures of " + test, e);
    }
  }
}
