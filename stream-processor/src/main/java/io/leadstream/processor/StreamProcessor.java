package io.leadstream.processor;

import io.leadstream.config.Config;
import io.leadstream.processor.console.Cluster;
import io.leadstream.processor.console.ConsoleServer;
import io.leadstream.processor.console.ConsoleSettings;
import io.leadstream.processor.console.StreamsCluster;
import io.leadstream.processor.views.StoreViews;
import io.leadstream.processor.views.ViewsStep;
import io.leadstream.schemas.LeadIds;
import io.leadstream.support.ManagementServer;
import io.leadstream.support.ManagementServer.Health;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable processor: provisions the topics, runs {@link LeadTopology} in Kafka Streams with
 * exactly-once v2, serves health, readiness and Prometheus metrics (and, when {@code
 * processor.console.enabled}, the console on its own port), and shuts down gracefully. It never
 * wipes local state on start ({@code cleanUp()} is not called); a store is rebuilt from its
 * changelog when missing.
 */
public final class StreamProcessor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamProcessor.class);

  private final ProcessorSettings settings;
  private final KafkaStreams streams;
  private final PrometheusMeterRegistry registry;
  private final KafkaStreamsMetrics streamsMetrics;
  private final ManagementServer management;
  private final ThreadReplacements replacements;
  private final ConsoleServer console;
  private final StreamsCluster cluster;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private StreamProcessor(
      ProcessorSettings settings,
      KafkaStreams streams,
      PrometheusMeterRegistry registry,
      KafkaStreamsMetrics streamsMetrics,
      ManagementServer management,
      ThreadReplacements replacements,
      ConsoleServer console,
      StreamsCluster cluster) {
    this.settings = settings;
    this.streams = streams;
    this.registry = registry;
    this.streamsMetrics = streamsMetrics;
    this.management = management;
    this.replacements = replacements;
    this.console = console;
    this.cluster = cluster;
  }

  /** Loads the layered config ({@link ProcessorSettings#DEFAULTS}, file, environment, flags). */
  public static Config loadConfig(
      java.util.Optional<java.nio.file.Path> file, Map<String, String> overrides) {
    return Config.load(ProcessorSettings.DEFAULTS, file, System.getenv(), overrides);
  }

  /** Provisions topics, starts Kafka Streams and the management endpoints; returns at once. */
  public static StreamProcessor start(Config config) {
    ProcessorSettings settings = ProcessorSettings.from(config);
    LOG.info("Starting the stream processor with config:\n{}", config.describe());
    if (LeadIds.withSecret(settings.leadIdSecret()).usesDevSecret()) {
      LOG.warn(
          "processor.leadid.secret is the published development secret: set your own in"
              + " production (leadIds change when it changes)");
    }
    if (settings.provisionTopics()) {
      provision(settings);
    }

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ConsoleSettings consoleSettings = settings.console();
    // The console binds first: application.server must name its port before Kafka Streams starts.
    ConsoleServer console =
        consoleSettings.enabled()
            ? ConsoleServer.start(consoleSettings, registry, Clock.systemUTC())
            : null;
    Properties properties = settings.streamsProperties();
    Cluster.Instance advertised = null;
    if (console != null) {
      advertised = advertised(consoleSettings, console.port());
      properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.toString());
    }
    KafkaStreams streams =
        new KafkaStreams(
            LeadTopology.build(settings, new MicrometerLeadMetrics(registry)), properties);
    StreamsCluster cluster = null;
    if (console != null) {
      cluster =
          new StreamsCluster(
              streams,
              advertised,
              settings.applicationId(),
              ViewsStep.LATEST_STORE,
              Admin.create(new java.util.HashMap<String, Object>(settings.kafka())),
              settings.adminTimeout());
      console.attach(new StoreViews(streams, settings.lifecycleEnabled()), cluster);
    }
    ThreadReplacements replacements =
        new ThreadReplacements(
            settings.threadReplacementsMax(), settings.threadReplacementsWindow());
    streams.setUncaughtExceptionHandler(e -> onThreadFailure(e, replacements));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    ManagementServer management;
    try {
      management =
          ManagementServer.start(
              settings.managementHost(),
              settings.managementPort(),
              registry,
              () -> liveness(streams, replacements),
              () -> readiness(streams, replacements));
    } catch (RuntimeException e) {
      if (console != null) {
        console.close();
        cluster.close();
      }
      streams.close();
      throw e;
    }
    StreamProcessor processor =
        new StreamProcessor(
            settings,
            streams,
            registry,
            streamsMetrics,
            management,
            replacements,
            console,
            cluster);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("Kafka Streams state {} -> {}", before, now);
          if (now == State.NOT_RUNNING || now == State.ERROR) {
            processor.stopped.countDown();
          }
        });
    streams.start();
    return processor;
  }

  /**
   * How the other instances reach this one's console: {@code processor.console.advertised.*} when
   * set, else the bound host (this machine's name when bound to every address) and port.
   */
  static Cluster.Instance advertised(ConsoleSettings console, int boundPort) {
    int port = console.advertisedPort() > 0 ? console.advertisedPort() : boundPort;
    if (!console.advertisedHost().isBlank()) {
      return new Cluster.Instance(console.advertisedHost(), port);
    }
    String host = console.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
    }
    return new Cluster.Instance(host, port);
  }

  private static void provision(ProcessorSettings settings) {
    try (Admin admin = Admin.create(new java.util.HashMap<String, Object>(settings.kafka()))) {
      new TopicProvisioner(admin, settings.adminTimeout().toMillis())
          .provision(
              TopicProvisioner.specs(
                  settings.topics(), settings.partitions(), settings.replicationFactor()));
    }
  }

  /**
   * Per-record failures go to the dead-letter topic; what reaches here is a stream thread dying
   * (the infrastructure failing, or a record that fails every time). Replacing the thread restarts
   * it from the last commit, so exactly-once holds; past the bound this instance stops instead, so
   * a failure that keeps coming back is seen (health DOWN, the process exits) and not hidden.
   * Exception classes only: a message may quote a record.
   */
  static StreamThreadExceptionResponse onThreadFailure(
      Throwable e, ThreadReplacements replacements) {
    String failure =
        e.getClass().getName()
            + (e.getCause() == null ? "" : " caused by " + e.getCause().getClass().getName());
    if (replacements.tryReplace(Instant.now())) {
      LOG.warn("Stream thread failed ({}); replacing it", failure);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    LOG.error(
        "Stream thread failed ({}) after {} replacement(s) within {}"
            + " (processor.thread.replacements.*): stopping the processor",
        failure,
        replacements.max(),
        replacements.window());
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  private static Health liveness(KafkaStreams streams, ThreadReplacements replacements) {
    State state = streams.state();
    if (replacements.exhausted()) {
      return Health.down("FAILED");
    }
    return state == State.ERROR || state == State.NOT_RUNNING || state == State.PENDING_ERROR
        ? Health.down(state.name())
        : Health.up(state.name());
  }

  private static Health readiness(KafkaStreams streams, ThreadReplacements replacements) {
    State state = streams.state();
    if (replacements.exhausted()) {
      return Health.down("FAILED");
    }
    return state == State.RUNNING ? Health.up(state.name()) : Health.down(state.name());
  }

  /** Whether the processor stopped on its own: a stream thread failed past its replacements. */
  public boolean failed() {
    return replacements.exhausted() || streams.state() == State.ERROR;
  }

  /** The Kafka Streams state (RUNNING once partitions are assigned and stores restored). */
  public State state() {
    return streams.state();
  }

  /** The console's port, or -1 when the console is off. */
  public int consolePort() {
    return console == null ? -1 : console.port();
  }

  /** The management endpoints' port. */
  public int managementPort() {
    return management.port();
  }

  public ProcessorSettings settings() {
    return settings;
  }

  /** The running Kafka Streams, for tools that read its stores in process (the benchmarks). */
  public KafkaStreams streams() {
    return streams;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Blocks until Kafka Streams has stopped (after {@link #close()}, or on a fatal error). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Waits up to {@code timeout} for the RUNNING state; false if it was not reached. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (streams.state() == State.RUNNING) {
        return true;
      }
      if (stopped.await(50, TimeUnit.MILLISECONDS)) {
        return false;
      }
    }
    return streams.state() == State.RUNNING;
  }

  /**
   * Graceful shutdown: Kafka Streams commits the current transaction and leaves the group; then the
   * management endpoints close.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Stopping the stream processor");
    if (console != null) {
      console.close();
      cluster.close();
    }
    streams.close(
        org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    streamsMetrics.close();
    management.close();
    stopped.countDown();
    LOG.info("Stream processor stopped");
  }
}
