package io.leadstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class in a JVM of its own, on the test's classpath, for tests that kill a process
 * (SIGKILL) and start it again. Its log4j output goes to {@code <log dir>/<name>-*.log} (the test
 * kit's {@code log4j2-test.xml} reads {@code leadstream.test.logdir} and {@code
 * leadstream.test.logname}) and its stdout and stderr to {@code <log dir>/<name>.out}, so that log
 * checks see every process of a test run.
 *
 * <pre>{@code
 * try (ChildJvm processor = ChildJvm.builder(ProcessorMain.class.getName())
 *     .name("processor-a").args("--config", config.toString()).start()) {
 *   processor.kill();   // SIGKILL, no shutdown hook runs
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

  /** System property naming the folder test logs go to; default {@code target/test-logs}. */
  public static final String LOG_DIR_PROPERTY = "leadstream.test.logdir";

  /** System property naming a process's log file (a prefix); the test JVM's is {@code test}. */
  public static final String LOG_NAME_PROPERTY = "leadstream.test.logname";

  private final String name;
  private final Process process;
  private final Path output;

  private ChildJvm(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.output = output;
  }

  /** The folder every test log of this module goes to (absolute). */
  public static Path logDir() {
    String dir = System.getProperty(LOG_DIR_PROPERTY, "");
    if (dir.isBlank() || dir.startsWith("${")) {
      dir = "target/test-logs";
    }
    return Path.of(dir).toAbsolutePath();
  }

  /** A child JVM running {@code mainClass}. */
  public static Builder builder(String mainClass) {
    return new Builder(mainClass);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where the process's stdout and stderr go. */
  public Path output() {
    return output;
  }

  /**
   * The process's peak resident memory so far ({@code VmHWM} from {@code /proc}), where the system
   * reports it (Linux) and the process is alive.
   */
  public OptionalLong peakResidentBytes() {
    Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    } catch (IOException | RuntimeException notAvailable) {
      // not Linux, or the process is gone
    }
    return OptionalLong.empty();
  }

  /** SIGKILL: the process ends at once, without shutdown hooks; waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM (shutdown hooks run), then SIGKILL if it is still alive after {@code grace}. */
  public void stop(Duration grace) {
    process.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(30));
    }
  }

  /** Options of a child JVM. */
  public static final class Builder {
    private final String mainClass;
    private String name = "child";
    private String heap = "256m";
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private Builder(String mainClass) {
      this.mainClass = mainClass;
    }

    /** Names its log files; unique per start if the logs of each start should stay apart. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** {@code -Xmx}, 256m unless set. */
    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    public Builder args(String... args) {
      this.args.addAll(List.of(args));
      return this;
    }

    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public ChildJvm start() {
      Path logDir = logDir();
      Path output = logDir.resolve(name + ".out");
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.add("-Xmx" + heap);
      command.add("-D" + LOG_DIR_PROPERTY + "=" + logDir);
      command.add("-D" + LOG_NAME_PROPERTY + "=" + name);
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass);
      command.addAll(args);
      try {
        Files.createDirectories(logDir);
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        return new ChildJvm(name, builder.start(), output);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + mainClass + " as " + name, e);
      }
    }
  }
}
