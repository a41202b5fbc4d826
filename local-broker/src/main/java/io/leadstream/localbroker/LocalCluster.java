package io.leadstream.localbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of real Kafka processes for fault tests: {@code n} combined broker + controller nodes
 * (KRaft, a static quorum of all of them), each {@link BrokerMain} in a JVM of its own, so that a
 * test can do to one node what happens in production: SIGKILL ({@link #kill}), SIGSTOP ({@link
 * #pause}) and SIGCONT ({@link #resume}), and start a killed node again on its data ({@link
 * #start(int)}). With three nodes the quorum and every partition of replication factor 3 and {@code
 * min.insync.replicas=2} survive the loss of any one node.
 *
 * <p>Each node's folder ({@code node-<index>} under the cluster's folder) holds its {@code
 * server.properties}, {@code log4j2.xml}, data ({@code data/}) and log ({@code broker.log}). As for
 * {@link LocalBroker}, a node never outlives the JVM that started it for long: {@link BrokerMain}
 * shuts it down when that JVM's end of its stdin closes.
 */
public final class LocalCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  /** The log cleaner's dedupe buffer per node (Kafka's default: 128 MB). */
  public static final int DEDUPE_BUFFER_BYTES = 16 * 1024 * 1024;

  private final Path dir;
  private final String host;
  private final BrokerJvm jvm;
  private final Duration startTimeout;
  private final Map<String, String> overrides;
  private final List<Node> nodes = new ArrayList<>();
  private final String clusterId = Uuid.randomUuid().toString();

  /** One node: its id (index + 1), ports and, while it runs, its process. */
  private static final class Node {
    final int id;
    final int port;
    final int controllerPort;
    final Path dir;
    Process process;

    Node(int id, int port, int controllerPort, Path dir) {
      this.id = id;
      this.port = port;
      this.controllerPort = controllerPort;
      this.dir = dir;
    }

    boolean alive() {
      return process != null && process.isAlive();
    }
  }

  private LocalCluster(Builder b) {
    this.dir = b.dir.toAbsolutePath();
    this.host = b.host;
    this.jvm = new BrokerJvm(b.javaExecutable, b.jvmOptions, b.classpath);
    this.startTimeout = b.startTimeout;
    this.overrides = Map.copyOf(b.overrides);
    for (int i = 0; i < b.nodes; i++) {
      nodes.add(new Node(i + 1, freePort(host), freePort(host), dir.resolve("node-" + i)));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How many nodes the cluster has. */
  public int size() {
    return nodes.size();
  }

  /** {@code host:port} of every node, for clients. */
  public String bootstrapServers() {
    return nodes.stream().map(n -> host + ":" + n.port).collect(Collectors.joining(","));
  }

  /** The Kafka node id of node {@code index} (0-based): {@code index + 1}. */
  public int nodeId(int index) {
    return node(index).id;
  }

  /** The folder of node {@code index}: config, data and its log ({@code broker.log}). */
  public Path directory(int index) {
    return node(index).dir;
  }

  /** The data folder (its only log dir) of node {@code index}. */
  public Path dataDir(int index) {
    return node(index).dir.resolve("data");
  }

  public synchronized boolean isRunning(int index) {
    return node(index).alive();
  }

  /** Node {@code index}'s pid, while its process exists (also while it is paused). */
  public synchronized Optional<Long> pid(int index) {
    Node n = node(index);
    return n.alive() ? Optional.of(n.process.pid()) : Optional.empty();
  }

  /**
   * Formats every node's storage (first start only) and starts all nodes, then waits until each of
   * them is a registered, unfenced broker of the cluster.
   */
  public synchronized void start() {
    long begin = System.nanoTime();
    try {
      List<Node> unformatted = new ArrayList<>();
      for (Node n : nodes) {
        Files.createDirectories(n.dir);
        writeConfig(n);
        if (!isFormatted(n)) {
          unformatted.add(n);
        }
      }
      format(unformatted);
      for (Node n : nodes) {
        if (!n.alive()) {
          n.process = launch(n);
        }
      }
      awaitBrokers(nodes.size());
    } catch (IOException e) {
      close();
      throw new LocalBrokerException("cannot start the local cluster in " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info(
        "Local Kafka cluster of {} nodes at {} started in {} ms",
        nodes.size(),
        bootstrapServers(),
        (System.nanoTime() - begin) / 1_000_000);
  }

  /**
   * Starts node {@code index} again (after {@link #kill} or {@link #stop}) on its data, and waits
   * until the cluster counts it as a broker again.
   */
  public synchronized void start(int index) {
    Node n = node(index);
    if (n.alive()) {
      return;
    }
    try {
      n.process = launch(n);
    } catch (IOException e) {
      throw new LocalBrokerException("cannot start node " + n.id + ": " + e, e);
    }
    awaitBrokers(nodes.size());
  }

  /** SIGKILL for node {@code index}: no shutdown, no flush; waits until the process is gone. */
  public synchronized void kill(int index) {
    Node n = node(index);
    if (!n.alive()) {
      return;
    }
    n.process.destroyForcibly();
    awaitExit(n, Duration.ofSeconds(30));
    LOG.info("Node {} killed (SIGKILL)", n.id);
  }

  /** SIGSTOP for node {@code index}: the process freezes, its sockets stay open (a hung node). */
  public synchronized void pause(int index) {
    signal(node(index), "STOP");
  }

  /** SIGCONT for node {@code index}, paused by {@link #pause}. */
  public synchronized void resume(int index) {
    signal(node(index), "CONT");
  }

  /**
   * Whether node {@code index}'s process is stopped by a signal (state {@code T} in {@code
   * /proc/<pid>/stat}); false where there is no {@code /proc}.
   */
  public synchronized boolean isPaused(int index) {
    Node n = node(index);
    if (!n.alive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(n.process.pid()), "stat"));
      // "pid (comm) S ...": the state follows the command name's closing parenthesis.
      String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
      return afterName.startsWith("T");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** SIGTERM for node {@code index} (a controlled shutdown), SIGKILL after 30 s. */
  public synchronized void stop(int index) {
    Node n = node(index);
    if (n.process == null) {
      return;
    }
    if (n.process.isAlive()) {
      if (isPaused(index)) {
        // A paused node would never act on SIGTERM.
        signalQuietly(n, "CONT");
      }
      n.process.destroy();
      if (!awaitExit(n, Duration.ofSeconds(30))) {
        n.process.destroyForcibly();
        awaitExit(n, Duration.ofSeconds(10));
      }
    }
    n.process = null;
  }

  /**
   * The index of the node that leads {@code topic}'s {@code partition} now, as the cluster's
   * metadata says; empty while it has no leader.
   */
  public Optional<Integer> leaderOf(String topic, int partition) {
    try (Admin admin = admin()) {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
      TopicPartitionInfo info = description.partitions().get(partition);
      return Optional.ofNullable(info.leader()).filter(l -> !l.isEmpty()).map(l -> l.id() - 1);
    } catch (ExecutionException | TimeoutException e) {
      throw new LocalBrokerException("cannot describe " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalBrokerException("interrupted while describing " + topic, e);
    }
  }

  /** A new admin client on this cluster, with short timeouts; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }

  /**
   * Stops every node at once (each resumed first if paused): SIGTERM, then SIGKILL for any node
   * still running 15 s later (a node's controlled shutdown can wait on a quorum that is shutting
   * down too). Idempotent.
   */
  @Override
  public synchronized void close() {
    List<Node> running = nodes.stream().filter(Node::alive).toList();
    for (Node n : running) {
      if (isPaused(nodes.indexOf(n))) {
        signalQuietly(n, "CONT");
      }
      n.process.destroy();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    for (Node n : running) {
      long left = Math.max(1, deadline - System.nanoTime());
      if (!awaitExit(n, Duration.ofNanos(left))) {
        LOG.warn("Node {} did not stop within 15 s; killing it", n.id);
        n.process.destroyForcibly();
        awaitExit(n, Duration.ofSeconds(10));
      }
    }
    nodes.forEach(n -> n.process = null);
  }

  private Node node(int index) {
    Objects.checkIndex(index, nodes.size());
    return nodes.get(index);
  }

  private static boolean isFormatted(Node n) {
    return BrokerJvm.isFormatted(n.dir.resolve("data"));
  }

  private void signal(Node n, String signal) {
    if (!n.alive()) {
      throw new LocalBrokerException("node " + n.id + " is not running; cannot send SIG" + signal);
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(n.process.pid()))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new LocalBrokerException(
            "kill -" + signal + " failed for node " + n.id + ": " + output);
      }
    } catch (IOException e) {
      throw new LocalBrokerException("cannot run kill -" + signal + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalBrokerException("interrupted while signalling node " + n.id, e);
    }
    LOG.info("Node {} sent SIG{}", n.id, signal);
  }

  private void signalQuietly(Node n, String signal) {
    try {
      signal(n, signal);
    } catch (RuntimeException e) {
      LOG.warn("Could not send SIG{} to node {}: {}", signal, n.id, e.toString());
    }
  }

  private static boolean awaitExit(Node n, Duration timeout) {
    try {
      return n.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      n.process.destroyForcibly();
      return false;
    }
  }

  private String voters() {
    return nodes.stream()
        .map(n -> n.id + "@" + host + ":" + n.controllerPort)
        .collect(Collectors.joining(","));
  }

  private void writeConfig(Node n) throws IOException {
    Properties p =
        BrokerJvm.nodeProperties(n.id, host, n.port, n.controllerPort, n.dir.resolve("data"));
    // A static quorum: every node is a voter from the start, so no node needs --standalone.
    p.setProperty("controller.quorum.voters", voters());
    String replication = Integer.toString(Math.min(3, nodes.size()));
    String minIsr = Integer.toString(Math.max(1, Math.min(3, nodes.size()) - 1));
    p.setProperty("default.replication.factor", replication);
    p.setProperty("min.insync.replicas", minIsr);
    p.setProperty("offsets.topic.replication.factor", replication);
    p.setProperty("transaction.state.log.replication.factor", replication);
    p.setProperty("transaction.state.log.min.isr", minIsr);
    p.setProperty("share.coordinator.state.topic.replication.factor", replication);
    p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
    // Small nodes: several of them share a laptop or a CI machine with the pipeline.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("num.replica.fetchers", "1");
    p.setProperty("log.cleaner.threads", "1");
    // The cleaner allocates its whole dedupe buffer at start (128 MB by default): in a 256 MB heap
    // that leaves a node one allocation away from an OutOfMemoryError while it starts.
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(DEDUPE_BUFFER_BYTES));
    p.setProperty("background.threads", "2");
    overrides.forEach(p::setProperty);
    BrokerJvm.writeConfig(n.dir, p, "Written by Leadstream's LocalCluster on each start");
  }

  /** Formats the nodes' storage with Kafka's own tool, all at once (one JVM start each). */
  private void format(List<Node> unformatted) throws IOException {
    List<Process> tools = new ArrayList<>();
    try {
      for (Node n : unformatted) {
        tools.add(jvm.startFormat(n.dir, clusterId, false));
      }
      for (int i = 0; i < tools.size(); i++) {
        Node n = unformatted.get(i);
        BrokerJvm.awaitFormat(tools.get(i), n.dir, "node " + n.id + "'s storage");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalBrokerException("interrupted while formatting the local cluster", e);
    } finally {
      tools.forEach(Process::destroyForcibly);
    }
  }

  private Process launch(Node n) throws IOException {
    return jvm.launch(n.dir, n.dir.resolve("broker.log"));
  }

  /**
   * Waits until {@code expected} brokers are registered and unfenced (describeCluster lists them).
   */
  private void awaitBrokers(int expected) {
    try (Admin admin = admin()) {
      BrokerJvm.awaitBrokers(
          admin,
          expected,
          startTimeout,
          () ->
              nodes.stream()
                  .filter(n -> n.process != null)
                  .map(
                      n ->
                          BrokerJvm.exitedDuringStartUp(
                              "node " + n.id, n.process, n.dir.resolve("broker.log")))
                  .flatMap(Optional::stream)
                  .findFirst(),
          "the local cluster's " + expected + " brokers",
          nodes.get(0).dir.resolve("broker.log"));
    }
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** Builds a {@link LocalCluster}; only the folder is required. */
  public static final class Builder {
    private Path dir;
    private int nodes = 3;
    private String host = "127.0.0.1";
    private String classpath = System.getProperty("java.class.path");
    private String javaExecutable = BrokerJvm.currentJava();
    private List<String> jvmOptions =
        List.of(
            "-Xms64m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true");
    private Duration startTimeout = Duration.ofSeconds(90);
    private Map<String, String> overrides = Map.of();

    private Builder() {}

    /** The cluster's folder; node {@code i} lives in {@code node-i} under it. */
    public Builder dataDir(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** How many combined broker + controller nodes (default 3). */
    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("a cluster needs at least one node");
      }
      this.nodes = nodes;
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Each node JVM's classpath: Kafka server jars, this module and an SLF4J binding. */
    public Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(classpath, "classpath");
      return this;
    }

    /** Each node JVM's options (default: a 256 MB heap, so that several nodes fit a laptop). */
    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = List.copyOf(jvmOptions);
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
      return this;
    }

    /** Extra or overriding {@code server.properties} entries of every node. */
    public Builder serverProperties(Map<String, String> overrides) {
      this.overrides = Map.copyOf(overrides);
      return this;
    }

    public LocalCluster build() {
      if (dir == null) {
        throw new IllegalStateException("LocalCluster needs a folder");
      }
      return new LocalCluster(this);
    }
  }
}
