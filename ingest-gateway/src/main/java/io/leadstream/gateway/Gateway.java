package io.leadstream.gateway;

import io.leadstream.config.Config;
import io.leadstream.imports.ImportIds;
import io.leadstream.support.HttpServers;
import io.leadstream.support.ManagementServer;
import io.leadstream.support.ManagementServer.Health;
import io.leadstream.support.Tokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingest gateway: the HTTP(S) endpoint Partner Center posts leads to, writing each lead's
 * exact bytes to {@code leads.raw} (or, when the body is not a JSON object, to {@code leads.dlq})
 * before it answers. Listens on {@code gateway.port} (and {@code gateway.management.port} when
 * set); writes with one idempotent, {@code acks=all} producer; reads topic metadata with an admin
 * client for readiness.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(config)) {
 *   System.out.println("POST leads to " + gateway.url() + "/v1/leads?code=...");
 *   ...
 * } // close(): stop accepting, finish in-flight produces, release everything
 * }</pre>
 *
 * <p>Not to be started or closed from a Vert.x event loop: both block until done.
 */
public final class Gateway implements AutoCloseable {

  /** Classpath resource holding the shipped defaults. */
  public static final String DEFAULTS_RESOURCE = "/gateway-defaults.properties";

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final GatewaySettings settings;
  private final Vertx vertx;
  private final List<Listener> servers;
  private final Optional<Listener> management;
  private final InFlight leads;
  private final InFlight batches;
  private final AtomicBoolean shuttingDown;
  private final LeadProducer producer;
  private final AutoCloseable readiness;
  private final GatewayMetrics metrics;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Gateway(
      GatewaySettings settings,
      Vertx vertx,
      List<Listener> servers,
      Optional<Listener> management,
      InFlight leads,
      InFlight batches,
      AtomicBoolean shuttingDown,
      LeadProducer producer,
      AutoCloseable readiness,
      GatewayMetrics metrics) {
    this.settings = settings;
    this.vertx = vertx;
    this.servers = servers;
    this.management = management;
    this.leads = leads;
    this.batches = batches;
    this.shuttingDown = shuttingDown;
    this.producer = producer;
    this.readiness = readiness;
    this.metrics = metrics;
    this.port = servers.get(0).port();
  }

  /**
   * The layered config of a gateway process: shipped defaults, then {@code file} (or {@code
   * $LEADSTREAM_CONFIG}), then {@code LEADSTREAM_*} variables of {@code env}, then {@code
   * overrides}.
   */
  public static Config loadConfig(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    return Config.load(DEFAULTS_RESOURCE, file, env, overrides);
  }

  /**
   * Starts a gateway and returns once it listens. Keys missing from {@code config} take the shipped
   * defaults, so {@code gateway.tokens} and {@code kafka.bootstrap.servers} are enough. Kafka need
   * not be up: the gateway answers 503 (and {@code /readyz} fails) until it is.
   *
   * @throws Config.ConfigException when a setting is missing or wrong
   * @throws IllegalStateException when the port cannot be bound
   */
  public static Gateway start(Config config) {
    Config effective = withDefaults(config);
    GatewaySettings settings = GatewaySettings.from(effective);
    Map<String, Object> producerProps = KafkaClients.producer(effective, settings);
    Map<String, Object> adminProps = KafkaClients.admin(effective);
    Readiness.Kafka readiness =
        new Readiness.Kafka(
            () -> Admin.create(adminProps),
            settings.topics().raw(),
            min(settings.produceTimeout(), Duration.ofSeconds(2)));
    return start(
        effective,
        settings,
        () -> new KafkaProducer<>(producerProps),
        KafkaClients.timeouts(producerProps).sendBudget(),
        LeadProducer.FastPath.of(producerProps),
        readiness,
        readiness);
  }

  /** For tests without a broker: the given producers and readiness instead of Kafka's. */
  static Gateway start(
      Config config,
      Supplier<Producer<byte[], byte[]>> producers,
      Duration sendBudget,
      Readiness readiness) {
    Config effective = withDefaults(config);
    return start(
        effective,
        GatewaySettings.from(effective),
        producers,
        sendBudget,
        LeadProducer.FastPath.of(Map.of()),
        readiness,
        () -> {});
  }

  private static Gateway start(
      Config effective,
      GatewaySettings settings,
      Supplier<Producer<byte[], byte[]>> producers,
      Duration sendBudget,
      LeadProducer.FastPath fastPath,
      Readiness readiness,
      AutoCloseable readinessResource) {
    LOG.info("starting the ingest gateway with config:\n{}", effective.describe());
    byte[] openApi = openApiDocument();
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(settings.eventLoops())
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    LeadProducer producer = null;
    GatewayMetrics metrics = null;
    try {
      producer = new LeadProducer(producers, sendBudget, fastPath);
      // Not leads.activity: a missing activity topic would hold the send thread for max.block.ms
      // while the first leads wait behind it; activity's first record takes the cold path instead.
      producer.warmUp(List.of(settings.topics().raw(), settings.topics().dlq()));
      BatchSettings batchSettings = BatchSettings.from(effective);
      InFlight leads = new InFlight(settings.maxInFlight());
      InFlight batches = new InFlight(batchSettings.maxInFlight());
      AtomicBoolean shuttingDown = new AtomicBoolean();
      metrics = new GatewayMetrics(() -> leads.count() + batches.count());
      Map<Routes.Route, List<Handler<RoutingContext>>> chains =
          chains(
              vertx,
              effective,
              settings,
              batchSettings,
              leads,
              batches,
              shuttingDown,
              producer,
              readiness,
              metrics,
              openApi);
      GatewayRouter routers = new GatewayRouter(vertx, metrics, settings.retryAfterSeconds());
      boolean separate = settings.managementPort().isPresent();
      Supplier<Router> publicRouter = () -> routers.router(chains, true, separate);
      publicRouter.get(); // a route without a handler fails the start, not the first request
      List<Listener> servers = listen(vertx, settings, publicRouter, routers);
      Optional<Listener> management = Optional.empty();
      if (separate) {
        List<Listener> managers = new ArrayList<>();
        deploy(
            vertx,
            serverOptions(settings, settings.managementPort().get(), Optional.empty()),
            () -> routers.router(chains, false, true),
            routers,
            1,
            managers);
        management = Optional.of(managers.get(0));
      }
      Gateway gateway =
          new Gateway(
              settings,
              vertx,
              servers,
              management,
              leads,
              batches,
              shuttingDown,
              producer,
              readinessResource,
              metrics);
      LOG.info(
          "ingest gateway listening at {} ({} event loop(s)){}; leads go to {}, rejects to {},"
              + " activity to {}{}",
          gateway.url(),
          settings.eventLoops(),
          management.map(m -> ", management port " + m.port()).orElse(""),
          settings.topics().raw(),
          settings.topics().dlq(),
          settings.topics().activity(),
          settings.activityTokens().isEmpty()
              ? " (gateway.activity.tokens is empty: POST /v1/activity answers 401)"
              : "");
      return gateway;
    } catch (RuntimeException | Error e) {
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      if (metrics != null) {
        metrics.close();
      }
      closeQuietly(readinessResource);
      awaitQuietly(vertx.close(), Duration.ofSeconds(5));
      throw e;
    }
  }

  /** The handler chain of every route of the table. */
  private static Map<Routes.Route, List<Handler<RoutingContext>>> chains(
      Vertx vertx,
      Config effective,
      GatewaySettings settings,
      BatchSettings batchSettings,
      InFlight leads,
      InFlight batches,
      AtomicBoolean shuttingDown,
      LeadProducer producer,
      Readiness readiness,
      GatewayMetrics metrics,
      byte[] openApi) {
    WriteRoute writes = new WriteRoute(vertx, shuttingDown::get, settings.requestTimeout());
    DurableWrite durable = new DurableWrite(vertx, settings, producer, metrics);
    LeadRoute lead = new LeadRoute(settings, metrics, durable);
    BatchRoute batch = new BatchRoute(vertx, settings, durable, ImportIds.fromConfig(effective));
    ActivityRoute activity = new ActivityRoute(vertx, settings, metrics, durable);
    Tokens leadTokens = new Tokens(settings.tokens());
    Tokens activityTokens =
        settings.activityTokens().isEmpty() ? Tokens.NONE : new Tokens(settings.activityTokens());
    Buffer document = Buffer.buffer(openApi);
    return Map.of(
        Routes.LEADS,
        writes.chain(
            new WriteRoute.Spec(
                leadTokens,
                Problem.unsupportedMediaType(
                    "send " + MediaTypes.JSON + " (any charset) or no Content-Type"),
                new WriteRoute.Kind(
                    MediaTypes::acceptedForLeads, settings.bodyLimitBytes(), leads, lead::write))),
        Routes.BATCH,
        writes.chain(
            new WriteRoute.Spec(
                leadTokens,
                Problem.unsupportedMediaType(
                    "send " + MediaTypes.NDJSON + ": one JSON object per line"),
                new WriteRoute.Kind(
                    MediaTypes::acceptedForBatches,
                    batchSettings.bodyLimitBytes(),
                    batches,
                    batch::write))),
        Routes.ACTIVITY,
        writes.chain(
            new WriteRoute.Spec(
                activityTokens,
                Problem.unsupportedMediaType(
                    "send "
                        + MediaTypes.JSON
                        + " (one activity) or "
                        + MediaTypes.NDJSON
                        + " (one activity per line)"),
                List.of(
                    // One activity is a lead's size and bound, many are a batch's.
                    new WriteRoute.Kind(
                        MediaTypes::isJson, settings.bodyLimitBytes(), leads, activity::single),
                    new WriteRoute.Kind(
                        MediaTypes::acceptedForBatches,
                        batchSettings.bodyLimitBytes(),
                        batches,
                        activity::lines)))),
        Routes.HEALTH,
        List.of(
            ManagementServer.healthHandler(
                () -> CompletableFuture.completedFuture(Health.up("alive")))),
        Routes.READY,
        List.of(
            ManagementServer.healthHandler(
                () ->
                    shuttingDown.get()
                        ? CompletableFuture.completedFuture(
                            Health.down("the gateway is shutting down"))
                        : readiness.probe())),
        Routes.METRICS,
        List.of(
            ctx ->
                GatewayRouter.send(
                    ctx, 200, ManagementServer.PROMETHEUS_TEXT, Buffer.buffer(metrics.scrape()))),
        Routes.OPENAPI,
        List.of(ctx -> GatewayRouter.send(ctx, 200, MediaTypes.JSON, document)));
  }

  /**
   * One listener per event loop, all on one port. Vert.x shares a port between servers only when it
   * is given explicitly, so for port 0 a free port is picked first; should another process take it
   * in between, a new one is picked.
   */
  private static List<Listener> listen(
      Vertx vertx, GatewaySettings settings, Supplier<Router> routers, GatewayRouter gateway) {
    int attempts = settings.port() == 0 ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      int port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
      List<Listener> servers = new ArrayList<>();
      try {
        deploy(
            vertx,
            serverOptions(settings, port, settings.tls()),
            routers,
            gateway,
            settings.eventLoops(),
            servers);
        return servers;
      } catch (IllegalStateException e) {
        if (attempt >= attempts || !(e.getCause() instanceof BindException)) {
          throw e;
        }
        LOG.info("port {} was taken before the gateway could bind it; picking another", port);
      }
    }
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  private static void deploy(
      Vertx vertx,
      HttpServerOptions options,
      Supplier<Router> routers,
      GatewayRouter gateway,
      int instances,
      List<Listener> into) {
    List<Listener> created = Collections.synchronizedList(new ArrayList<>());
    await(
        vertx.deployVerticle(
            () -> {
              Listener listener = new Listener(options, routers.get(), gateway.invalidRequests());
              created.add(listener);
              return listener;
            },
            new DeploymentOptions().setInstances(instances)),
        "listening on " + options.getHost() + ":" + options.getPort());
    into.addAll(created);
  }

  private static HttpServerOptions serverOptions(
      GatewaySettings settings, int port, Optional<GatewaySettings.Tls> tls) {
    HttpServerOptions options =
        HttpServers.options(settings.host(), port)
            .setIdleTimeout((int) Math.max(1, settings.idleTimeout().toSeconds()))
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setReuseAddress(true);
    tls.ifPresent(
        t -> {
          options.setSsl(true);
          if (t instanceof GatewaySettings.Tls.Pem pem) {
            options.setKeyCertOptions(
                new PemKeyCertOptions()
                    .setCertPath(pem.certPath().toString())
                    .setKeyPath(pem.keyPath().toString()));
          } else if (t instanceof GatewaySettings.Tls.KeyStore store) {
            options.setKeyCertOptions(
                new KeyStoreOptions()
                    .setType(store.type())
                    .setPath(store.path().toString())
                    .setPassword(store.password()));
          }
        });
    return options;
  }

  /** The port the gateway listens on (the real one when {@code gateway.port} was 0). */
  public int port() {
    return port;
  }

  /** The gateway's meters (what {@code /metrics} serves). */
  io.micrometer.prometheusmetrics.PrometheusMeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** The management port when {@code gateway.management.port} is set, else the main port. */
  public int managementPort() {
    return management.map(Listener::port).orElse(port);
  }

  /** Base URL, e.g. {@code https://localhost:8443}; leads go to {@code url() + "/v1/leads"}. */
  public URI url() {
    String host = settings.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((settings.https() ? "https" : "http") + "://" + host + ":" + port);
  }

  private int inFlight() {
    return leads.count() + batches.count();
  }

  /** From now on writes get 503 and readiness fails, so load balancers move away. */
  void drain() {
    shuttingDown.set(true);
  }

  /**
   * Graceful shutdown: readiness fails and new leads get 503, the listeners stop accepting, the
   * requests in flight get their answer (their produce finishes or times out), then the producer,
   * the admin client and the event loops close. Bounded by {@code gateway.shutdown.timeout}.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long begin = System.nanoTime();
    Duration timeout = settings.shutdownTimeout();
    LOG.info("ingest gateway shutting down; {} request(s) in flight", inFlight());
    drain();
    List<Future<Void>> shutdowns = new ArrayList<>();
    for (Listener server : servers) {
      shutdowns.add(server.shutdown(timeout));
    }
    awaitQuietly(Future.join(shutdowns), timeout.plusSeconds(1));
    if (inFlight() > 0) {
      LOG.warn("{} request(s) still in flight after {}", inFlight(), timeout);
    }
    Duration left = timeout.minusNanos(System.nanoTime() - begin);
    producer.close(left.isNegative() ? Duration.ZERO : left);
    closeQuietly(readiness);
    management.ifPresent(m -> awaitQuietly(m.shutdown(Duration.ZERO), Duration.ofSeconds(2)));
    awaitQuietly(vertx.close(), Duration.ofSeconds(5));
    metrics.close();
    LOG.info("ingest gateway stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
  }

  static Config withDefaults(Config config) {
    return Config.load(DEFAULTS_RESOURCE, Optional.empty(), Map.of(), Map.of())
        .with(config.asMap());
  }

  static byte[] openApiDocument() {
    try (InputStream in = Gateway.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("ingest gateway failed " + what, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("ingest gateway timed out " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted " + what, e);
    }
  }

  private static void awaitQuietly(Future<?> future, Duration timeout) {
    try {
      future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("while stopping: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("while stopping: {}", e.toString());
    }
  }
}
