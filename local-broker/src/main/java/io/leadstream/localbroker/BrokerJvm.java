package io.leadstream.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * How a broker node runs as its own JVM, for {@link LocalBroker} and {@link LocalCluster}: the java
 * command, the configuration every node shares, the storage format step with Kafka's own tool, and
 * the launch of {@link BrokerMain}.
 *
 * @param javaExecutable the {@code java} to run
 * @param jvmOptions the node JVM's options
 * @param classpath Kafka server jars, this module and an SLF4J binding
 */
record BrokerJvm(String javaExecutable, List<String> jvmOptions, String classpath) {

  BrokerJvm {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * Waits until {@code admin}'s describeCluster lists at least {@code expected} brokers (registered
   * and unfenced), for at most {@code timeout}. Fails at once with {@code exited}'s message when it
   * finds a node process gone, and at the deadline with the end of {@code log}; {@code what} names
   * what is awaited in those messages ("the local broker").
   */
  static void awaitBrokers(
      Admin admin,
      int expected,
      Duration timeout,
      Supplier<Optional<String>> exited,
      String what,
      Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        Optional<String> gone = exited.get();
        if (gone.isPresent()) {
          throw new LocalBrokerException(gone.get());
        }
        try {
          if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() >= expected) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // Not up yet.
        }
        if (System.nanoTime() > deadline) {
          throw new LocalBrokerException(
              what
                  + " did not get ready within "
                  + timeout.toSeconds()
                  + " s; "
                  + log
                  + " ends with:\n"
                  + tail(log, 30));
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalBrokerException("interrupted while waiting for " + what, e);
    }
  }

  /** The {@code java} of this JVM. */
  static String currentJava() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * The {@code server.properties} entries of a combined broker + controller node of {@code nodeId}
   * listening on {@code host:port} (clients) and {@code host:controllerPort}, its one log dir
   * {@code dataDir}; the quorum and the replication of internal topics are the caller's.
   */
  static Properties nodeProperties(
      int nodeId, String host, int port, int controllerPort, Path dataDir) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(nodeId));
    p.setProperty(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.setProperty("log.dirs", dataDir.toString());
    p.setProperty("offsets.topic.num.partitions", "6");
    p.setProperty("transaction.state.log.num.partitions", "6");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "1");
    p.setProperty("auto.create.topics.enable", "false");
    return p;
  }

  /**
   * Writes {@code server.properties} (with {@code comment}) and the log configuration to {@code
   * dir}.
   */
  static void writeConfig(Path dir, Properties properties, String comment) throws IOException {
    try (var out = Files.newBufferedWriter(dir.resolve("server.properties"))) {
      properties.store(out, comment);
    }
    Files.writeString(dir.resolve("log4j2.xml"), LOG4J2_XML, StandardCharsets.UTF_8);
  }

  /**
   * Starts Kafka's storage tool on {@code dir}'s {@code server.properties} with {@code clusterId}
   * ({@code --standalone}: a single-node quorum), its output in {@code format.log}.
   */
  Process startFormat(Path dir, String clusterId, boolean standalone) throws IOException {
    List<String> command = command(dir, "kafka.tools.StorageTool");
    command.addAll(
        List.of(
            "format",
            "--config",
            dir.resolve("server.properties").toString(),
            "--cluster-id",
            clusterId));
    if (standalone) {
      command.add("--standalone");
    }
    command.add("--ignore-formatted");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()))
        .start();
  }

  /**
   * Waits for a {@link #startFormat} of {@code what} (in words: "the broker storage") to end well;
   * else a {@link LocalBrokerException} with the tool's output.
   */
  static void awaitFormat(Process tool, Path dir, String what) throws InterruptedException {
    if (!tool.waitFor(60, TimeUnit.SECONDS)) {
      tool.destroyForcibly();
      throw new LocalBrokerException("formatting " + what + " took over 60 s");
    }
    if (tool.exitValue() != 0 || !isFormatted(dir.resolve("data"))) {
      throw new LocalBrokerException(
          "formatting "
              + what
              + " failed (exit "
              + tool.exitValue()
              + "):\n"
              + tail(dir.resolve("format.log"), 20));
    }
  }

  /** Whether {@code dataDir} holds formatted storage. */
  static boolean isFormatted(Path dataDir) {
    return Files.exists(dataDir.resolve("meta.properties"));
  }

  /**
   * Starts {@link BrokerMain} on {@code dir}'s {@code server.properties}, its output appended to
   * {@code log}. Its stdin stays a pipe whose write end only this JVM holds (never written, never
   * closed while it runs), so that it reads end of file when this JVM is gone.
   */
  Process launch(Path dir, Path log) throws IOException {
    List<String> command = command(dir, BrokerMain.class.getName());
    command.add(dir.resolve("server.properties").toString());
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private List<String> command(Path dir, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable);
    command.addAll(jvmOptions);
    command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"));
    command.add("-Dkafka.logs.dir=" + dir);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    return command;
  }

  /**
   * Why a broker process that should be starting cannot be waited for: it exited (with its exit
   * code and the end of its log); empty while it runs.
   */
  static Optional<String> exitedDuringStartUp(String who, Process process, Path log) {
    if (process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(
        who
            + " exited during start-up (exit "
            + process.exitValue()
            + "); its log ends with:\n"
            + tail(log, 30));
  }

  /** The last {@code lines} lines of {@code file}, for an error message. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + file + ")";
    }
  }

  private static final String LOG4J2_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <Configuration status="WARN">
        <Appenders>
          <Console name="STDOUT" target="SYSTEM_OUT">
            <PatternLayout pattern="[%d] %p %m (%c)%n"/>
          </Console>
        </Appenders>
        <Loggers>
          <Logger name="kafka" level="INFO"/>
          <Logger name="org.apache.kafka" level="INFO"/>
          <Logger name="state.change.logger" level="WARN"/>
          <Logger name="kafka.request.logger" level="WARN"/>
          <Root level="INFO"><AppenderRef ref="STDOUT"/></Root>
        </Loggers>
      </Configuration>
      """;
}
