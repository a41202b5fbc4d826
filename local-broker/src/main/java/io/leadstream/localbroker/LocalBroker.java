package io.leadstream.localbroker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker ({@code kafka.Kafka}, combined broker + controller) in a
 * child JVM, for the local stack. Its folder holds {@code server.properties}, {@code log4j2.xml},
 * the data ({@code data/}), the broker's log ({@code broker.log}) and a pid file; the storage is
 * formatted on the first start only, so topics and records survive restarts.
 *
 * <p>The child runs with this JVM's java and a classpath holding the Kafka server jars and an SLF4J
 * binding (by default this JVM's own classpath). It never outlives this JVM for long: {@link
 * BrokerMain} shuts it down cleanly when this JVM's end of its stdin closes, which the kernel does
 * however this JVM ends. A broker found running from this folder whose starter is gone (left over
 * from a crash) is stopped before the new one starts; one whose starter still runs is refused, and
 * a process whose command line does not name this folder's config is never touched.
 */
public final class LocalBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);
  private static final Duration KEEPER_FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration KEEPER_MAX_BACKOFF = Duration.ofSeconds(30);

  private final Path dir;
  private final String host;
  private final int port;
  private final int controllerPort;
  private final BrokerJvm jvm;
  private final Duration startTimeout;
  private final Map<String, String> overrides;
  private final Duration leftoverStopTimeout;
  private Process process;

  /** Set by {@link #keepRunning()}, cleared by {@link #stop()}; guarded by this. */
  private Thread keeper;

  private LocalBroker(Builder b) {
    this.dir = b.dir.toAbsolutePath();
    this.host = b.host;
    this.port = b.port;
    this.controllerPort = b.controllerPort;
    this.jvm = new BrokerJvm(b.javaExecutable, b.jvmOptions, b.classpath);
    this.startTimeout = b.startTimeout;
    this.overrides = Map.copyOf(b.overrides);
    this.leftoverStopTimeout = b.leftoverStopTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  public Path directory() {
    return dir;
  }

  public int port() {
    return port;
  }

  /** Whether the storage has been formatted (a previous start happened in this folder). */
  public boolean isFormatted() {
    return BrokerJvm.isFormatted(dataDir());
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The child's pid, while running. */
  public synchronized Optional<Long> pid() {
    return isRunning() ? Optional.of(process.pid()) : Optional.empty();
  }

  /**
   * Formats the storage if this is the folder's first start, starts the broker and waits until it
   * answers a metadata request.
   *
   * @throws LocalBrokerException with a clear reason if a port is taken, another broker already
   *     runs from this folder, or the broker does not get ready in time (the tail of its log is in
   *     the message)
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    long begin = System.nanoTime();
    try {
      Files.createDirectories(dir);
      stopLeftoverOrRefuse();
      requireFree(port, "broker");
      requireFree(controllerPort, "controller");
      writeConfig();
      boolean firstStart = !isFormatted();
      if (firstStart) {
        format();
      }
      process = launch();
      Files.writeString(
          pidFile(),
          process.pid() + "\n" + ProcessHandle.current().pid() + "\n",
          StandardCharsets.US_ASCII);
      awaitReady();
      LOG.info(
          "Local Kafka broker {} at {} (pid {}, data {}) in {} ms",
          firstStart ? "formatted and started" : "started",
          bootstrapServers(),
          process.pid(),
          dataDir(),
          (System.nanoTime() - begin) / 1_000_000);
    } catch (IOException e) {
      stopQuietly();
      throw new LocalBrokerException("cannot start the local broker in " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  /**
   * Stops the broker: SIGTERM for a controlled shutdown, then a kill if it has not exited within 30
   * seconds. Idempotent.
   */
  public synchronized void stop() {
    if (keeper != null) {
      keeper.interrupt();
      keeper = null;
    }
    stopProcess();
  }

  /**
   * From now on, until {@link #stop()}: when the broker process ends on its own, it is started
   * again, after 1 s, then with a backoff doubling up to 30 s while starts fail. Kafka shuts a
   * broker down when its only log directory fails (a full disk, say): this way the stack is back by
   * itself once the disk has room again, as a container with a restart policy would be.
   */
  public synchronized void keepRunning() {
    if (keeper != null) {
      return;
    }
    Thread thread = new Thread(this::keep, "local-broker-keeper");
    thread.setDaemon(true);
    keeper = thread;
    thread.start();
  }

  private void keep() {
    Thread self = Thread.currentThread();
    Duration backoff = KEEPER_FIRST_BACKOFF;
    try {
      while (true) {
        Process watched;
        synchronized (this) {
          if (keeper != self) {
            return;
          }
          watched = process;
        }
        if (watched != null) {
          watched.waitFor();
          synchronized (this) {
            if (keeper != self || process != watched) {
              continue; // stopped on purpose, or already started again
            }
            LOG.warn(
                "The local broker (pid {}) ended on its own (exit {}); starting it again in {} s."
                    + " Its log ends with:\n{}",
                watched.pid(),
                watched.exitValue(),
                backoff.toSeconds(),
                BrokerJvm.tail(logFile(), 15));
            process = null;
          }
        }
        TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
        synchronized (this) {
          if (keeper != self) {
            return;
          }
          try {
            start();
            backoff = KEEPER_FIRST_BACKOFF;
          } catch (LocalBrokerException e) {
            backoff =
                backoff.multipliedBy(2).compareTo(KEEPER_MAX_BACKOFF) > 0
                    ? KEEPER_MAX_BACKOFF
                    : backoff.multipliedBy(2);
            LOG.warn(
                "Starting the local broker again failed; next try in {} s: {}",
                backoff.toSeconds(),
                e.getMessage());
          }
        }
      }
    } catch (InterruptedException e) {
      // stop(): the broker is being stopped on purpose.
    }
  }

  private void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        LOG.warn("Local broker did not stop within 30 s; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      process = null;
      try {
        Files.deleteIfExists(pidFile());
      } catch (IOException e) {
        LOG.warn("Could not remove {}: {}", pidFile(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void stopQuietly() {
    try {
      stopProcess();
    } catch (RuntimeException e) {
      LOG.warn("Cleanup after a failed start failed too: {}", e.toString());
    }
  }

  private Path dataDir() {
    return dir.resolve("data");
  }

  private Path pidFile() {
    return dir.resolve("broker.pid");
  }

  private Path logFile() {
    return dir.resolve("broker.log");
  }

  /**
   * The pid file holds the broker's pid and its starter's. A live process under that pid counts as
   * this folder's broker only if its command line names this folder's {@code server.properties} (a
   * pid reused by anything else is left alone); it is left over from a crash when its parent is no
   * longer the starter (the kernel re-parents the children of a dead process).
   */
  private void stopLeftoverOrRefuse() throws IOException {
    if (!Files.exists(pidFile())) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile(), StandardCharsets.US_ASCII);
    Optional<ProcessHandle> broker =
        parsePid(lines, 0).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (broker.isPresent() && runsThisFolder(broker.get())) {
      long pid = broker.get().pid();
      Optional<Long> starter = parsePid(lines, 1);
      Optional<Long> parent = broker.get().parent().map(ProcessHandle::pid);
      // A pid file without a starter (written by an older version) proves nothing: refuse.
      if (starter.isEmpty() || starter.equals(parent)) {
        throw new LocalBrokerException(
            "a local broker (pid "
                + pid
                + ") already runs from "
                + dir
                + "; stop it first (kill "
                + pid
                + ") or use another folder");
      }
      LOG.warn(
          "A local broker (pid {}) left over from a crashed run (its starter, pid {}, is gone)"
              + " still runs from {}; stopping it",
          pid,
          starter.get(),
          dir);
      stopLeftover(broker.get());
    }
    Files.delete(pidFile());
  }

  private static Optional<Long> parsePid(List<String> lines, int index) {
    try {
      return index < lines.size()
          ? Optional.of(Long.parseLong(lines.get(index).trim()))
          : Optional.empty();
    } catch (NumberFormatException e) {
      // A torn pid file from a crash: nothing is known under it.
      return Optional.empty();
    }
  }

  /**
   * Whether {@code candidate}'s command line names this folder's config. Read from {@code /proc}
   * where there is one: the JDK gives no arguments at all for a command line over 4 KB, and the
   * broker's classpath makes it longer.
   */
  private boolean runsThisFolder(ProcessHandle candidate) {
    String config = dir.resolve("server.properties").toString();
    Path cmdline = Path.of("/proc", Long.toString(candidate.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return List.of(Files.readString(cmdline, StandardCharsets.UTF_8).split("\0"))
            .contains(config);
      }
    } catch (IOException e) {
      // Gone meanwhile, or not ours to read: not this folder's broker.
      return false;
    }
    return candidate.info().arguments().map(args -> List.of(args).contains(config)).orElse(false);
  }

  /** SIGTERM (Kafka's controlled shutdown), then SIGKILL if it has not ended in time. */
  private void stopLeftover(ProcessHandle leftover) {
    long begin = System.nanoTime();
    try {
      leftover.destroy();
      if (!awaitExit(leftover, leftoverStopTimeout)) {
        LOG.warn(
            "The left-over broker (pid {}) did not stop within {} s; killing it",
            leftover.pid(),
            leftoverStopTimeout.toSeconds());
        leftover.destroyForcibly();
        if (!awaitExit(leftover, Duration.ofSeconds(10))) {
          throw new LocalBrokerException(
              "the left-over local broker (pid "
                  + leftover.pid()
                  + ") in "
                  + dir
                  + " does not stop; kill it by hand");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalBrokerException("interrupted while stopping a left-over local broker", e);
    }
    LOG.info(
        "Left-over local broker (pid {}) stopped in {} ms",
        leftover.pid(),
        (System.nanoTime() - begin) / 1_000_000);
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout)
      throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.isAlive();
    }
  }

  private void requireFree(int candidate, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, candidate));
    } catch (IOException e) {
      throw new LocalBrokerException(
          "the "
              + what
              + " port "
              + host
              + ":"
              + candidate
              + " is already in use; choose another port or stop what holds it");
    }
  }

  private void writeConfig() throws IOException {
    Properties p = BrokerJvm.nodeProperties(1, host, port, controllerPort, dataDir());
    p.setProperty("controller.quorum.bootstrap.servers", host + ":" + controllerPort);
    // One node: every internal topic must have replication factor 1, or it can never be created.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    overrides.forEach(p::setProperty);
    BrokerJvm.writeConfig(
        dir, p, "Written by Leadstream's LocalBroker on each start; edit the code, not this file");
  }

  /**
   * Formats the storage with Kafka's own storage tool. The cluster id is made here rather than
   * captured from {@code kafka-storage random-uuid}, whose stdout also carries log lines.
   */
  private void format() throws IOException {
    Process tool = jvm.startFormat(dir, Uuid.randomUuid().toString(), true);
    try {
      BrokerJvm.awaitFormat(tool, dir, "the broker storage");
    } catch (InterruptedException e) {
      tool.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new LocalBrokerException("interrupted while formatting the broker storage", e);
    }
  }

  private Process launch() throws IOException {
    return jvm.launch(dir, logFile());
  }

  private void awaitReady() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    try (Admin admin = Admin.create(props)) {
      BrokerJvm.awaitBrokers(
          admin,
          1,
          startTimeout,
          () -> BrokerJvm.exitedDuringStartUp("the local broker", process, logFile()),
          "the local broker",
          logFile());
    }
  }

  /** Builds a {@link LocalBroker}; only the folder is required. */
  public static final class Builder {
    private Path dir;
    private String host = "localhost";
    private int port = 9092;
    private int controllerPort = 9093;
    private String classpath = System.getProperty("java.class.path");
    private String javaExecutable = BrokerJvm.currentJava();
    private List<String> jvmOptions =
        List.of(
            "-Xms128m",
            "-Xmx512m",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-Djava.awt.headless=true");
    private Duration startTimeout = Duration.ofSeconds(60);
    private Map<String, String> overrides = Map.of();
    private Duration leftoverStopTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The broker's folder: config, data, logs. Created if missing; kept across restarts. */
    public Builder dataDir(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** The child JVM's classpath: Kafka server jars and an SLF4J binding. */
    public Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(classpath, "classpath");
      return this;
    }

    public Builder javaExecutable(String javaExecutable) {
      this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
      return this;
    }

    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = List.copyOf(jvmOptions);
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
      return this;
    }

    /**
     * How long a broker left over from a crashed run gets for its controlled shutdown before it is
     * killed (default 30 s, as for {@link #stop()}).
     */
    public Builder leftoverStopTimeout(Duration leftoverStopTimeout) {
      this.leftoverStopTimeout = Objects.requireNonNull(leftoverStopTimeout, "leftoverStopTimeout");
      return this;
    }

    /** Extra or overriding {@code server.properties} entries. */
    public Builder serverProperties(Map<String, String> overrides) {
      this.overrides = Map.copyOf(overrides);
      return this;
    }

    public LocalBroker build() {
      if (dir == null) {
        throw new IllegalStateException("LocalBroker needs a data folder");
      }
      if (port == controllerPort) {
        throw new IllegalStateException(
            "broker and controller ports must differ, both are " + port);
      }
      return new LocalBroker(this);
    }
  }
}
