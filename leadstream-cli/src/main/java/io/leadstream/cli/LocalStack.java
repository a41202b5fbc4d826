package io.leadstream.cli;

import io.leadstream.config.Config;
import io.leadstream.gateway.Gateway;
import io.leadstream.imports.ImportIds;
import io.leadstream.localbroker.LocalBroker;
import io.leadstream.notify.Channel;
import io.leadstream.notify.Notifier;
import io.leadstream.notify.NotifySettings;
import io.leadstream.processor.StreamProcessor;
import io.leadstream.schemas.LeadIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine, as {@code ./leadstream up} runs it: a real single-node Kafka
 * broker process (unless an existing cluster is given), the stream processor, the ingest gateway
 * and, when a {@code notify.*} URL is set, the notifier in this JVM. {@link #close()} stops them in
 * reverse order, each gracefully.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private static final String LEADID_SECRET_KEY = "processor.leadid.secret";

  /**
   * The local stack's commit interval (Kafka Streams' {@code commit.interval.ms}): a lead crosses
   * two transactions (raw to the leadId repartition topic, then to its output), each visible only
   * once committed, so the interval counts about twice in a lead's latency. A quarter of Kafka
   * Streams' exactly-once default of 100 ms: p99 POST-to-output at 200 and 1,000 leads/s stays
   * under 300 ms with room for a busy machine, where 50 ms missed it in half the runs on a shared
   * 2-core machine, at no throughput or CPU cost that the runs could show (docs/latency.md).
   */
  public static final int COMMIT_INTERVAL_MS = 25;

  /**
   * The record cache of the cached stores (Kafka Streams' {@code statestore.cache.max.bytes},
   * default 10 MB): it is flushed at every commit, so it only needs to hold one interval's writes
   * (about 25 leads at 1,000 leads/s, a 25 ms commit); a larger one keeps entries on the heap long
   * enough to reach the old generation and bring its full collections sooner.
   */
  static final int STORE_CACHE_BYTES = 1024 * 1024;

  /**
   * RocksDB for the local stack ({@code RocksDbMemory}): one 16 MB block cache for every store and
   * 1 MB memtables, so the stores' native memory stays at tens of MB however many leads came (with
   * RocksDB's defaults it grew by about 3 KB per lead until each store had 16 MB of writes).
   */
  static final int ROCKSDB_BLOCK_CACHE_MB = 16;

  static final int ROCKSDB_MEMTABLE_KB = 1024;

  /**
   * The processor's producers do not compress on the local stack (the processor's shipped default
   * is lz4): its broker is on the same machine, so there is no network or replica to spare, and
   * with a commit every 25 ms most batches hold a record or two, while LZ4 allocates two 64 KB
   * buffers for every batch: 44% of the stack's allocations at 1,000 leads/s (docs/latency.md).
   */
  static final String PRODUCER_COMPRESSION = "none";

  /**
   * The processor's settings for the local stack, over its shipped defaults and under whatever the
   * user sets (file or environment).
   */
  public static final Map<String, String> PROCESSOR_DEFAULTS =
      Map.of(
          "kafka.commit.interval.ms",
          Integer.toString(COMMIT_INTERVAL_MS),
          "kafka.statestore.cache.max.bytes",
          Integer.toString(STORE_CACHE_BYTES),
          "kafka.producer.compression.type",
          PRODUCER_COMPRESSION,
          "processor.rocksdb.block.cache.mb",
          Integer.toString(ROCKSDB_BLOCK_CACHE_MB),
          "processor.rocksdb.memtable.kb",
          Integer.toString(ROCKSDB_MEMTABLE_KB));

  /** What to start and where. */
  public record Options(
      Path home,
      int gatewayPort,
      int brokerPort,
      int managementPort,
      int consolePort,
      Optional<String> bootstrapServers,
      Map<String, String> env) {}

  private final LocalBroker broker;
  private final StreamProcessor processor;
  private final Gateway gateway;
  private final Notifier notifier;
  private final Set<Channel> notifyChannels;
  private final String bootstrapServers;
  private final String token;
  private final boolean tokenGenerated;
  private final Home.Token consoleToken;
  private final Duration startTime;

  private LocalStack(
      LocalBroker broker,
      StreamProcessor processor,
      Gateway gateway,
      Notifier notifier,
      Set<Channel> notifyChannels,
      String bootstrapServers,
      String token,
      boolean tokenGenerated,
      Home.Token consoleToken,
      Duration startTime) {
    this.broker = broker;
    this.processor = processor;
    this.gateway = gateway;
    this.notifier = notifier;
    this.notifyChannels = notifyChannels;
    this.bootstrapServers = bootstrapServers;
    this.token = token;
    this.tokenGenerated = tokenGenerated;
    this.consoleToken = consoleToken;
    this.startTime = startTime;
  }

  /** Starts everything and returns once the processor runs and the gateway is ready. */
  public static LocalStack start(Options options) throws IOException, InterruptedException {
    long begin = System.nanoTime();
    Home home = new Home(options.home());
    LocalBroker broker = null;
    StreamProcessor processor = null;
    Gateway gateway = null;
    Notifier notifier = null;
    try {
      // Before the broker writes to the folder: whether it already held state decides the secret.
      Home.Secret secret = home.leadIdSecret();
      if (secret.source() == Home.SecretSource.DEVELOPMENT) {
        LOG.info(
            "{} holds state from before the stack kept its own leadId secret: it keeps the"
                + " development secret it was started with, so leadIds do not change (a new"
                + " data folder gets its own)",
            options.home());
      }
      String bootstrap;
      if (options.bootstrapServers().isPresent()) {
        bootstrap = options.bootstrapServers().get();
        LOG.info("Using the Kafka cluster at {}", bootstrap);
      } else {
        broker =
            LocalBroker.builder()
                .dataDir(home.brokerDir())
                .port(options.brokerPort())
                .controllerPort(options.brokerPort() + 1)
                // Sized for one machine's local stack (docs/latency.md): a small heap, the serial
                // collector (no per-region structures, the heap follows the live set), bounded
                // metaspace, code cache and direct memory; the log cleaner's dedupe buffer, a
                // 128 MB heap array by default, at 16 MB; fewer request and background threads.
                // Only the C1 compiler: the broker's hot paths are simple, and C2's compilations
                // took CPU from the stack in its first seconds on two cores (without them a cold
                // start catches up sooner and the broker holds about 50 MB less). A produce request
                // of a transaction whose previous commit's markers are still being written waits
                // on the broker for them (up to 2 s, 20 ms apart) instead of returning
                // CONCURRENT_TRANSACTIONS after 100 ms to a client that backs off up to 1 s.
                .jvmOptions(
                    List.of(
                        "-Xms32m",
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:MaxMetaspaceSize=96m",
                        "-XX:ReservedCodeCacheSize=48m",
                        "-XX:MaxDirectMemorySize=64m",
                        "-Djava.awt.headless=true"))
                .serverProperties(
                    Map.of(
                        "log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024),
                        "add.partitions.to.txn.retry.backoff.max.ms", "2000",
                        "num.io.threads", "4",
                        "num.network.threads", "2",
                        "background.threads", "4"))
                .build();
        broker.start();
        // A broker that ends on its own (Kafka shuts down on a failed log dir: a full disk) is
        // started again, so the stack comes back by itself when the disk has room again.
        broker.keepRunning();
        bootstrap = broker.bootstrapServers();
      }
      // Checked (a webhook URL without its secret is refused) before anything starts on it.
      NotifySettings notify =
          NotifySettings.from(
              Config.load(
                  NotifySettings.DEFAULTS,
                  Optional.empty(),
                  options.env(),
                  Map.of("kafka.bootstrap.servers", bootstrap)));

      Map<String, String> processorOverrides = new HashMap<>();
      processorOverrides.put("kafka.bootstrap.servers", bootstrap);
      processorOverrides.put("processor.state.dir", home.stateDir().toString());
      processorOverrides.put(
          "processor.management.port", Integer.toString(options.managementPort()));
      processorOverrides.put("processor.management.host", "localhost");
      processorOverrides.put("kafka.group.instance.id", home.groupInstanceId());
      Home.Token consoleToken = home.consoleToken(options.env());
      processorOverrides.put("processor.console.enabled", "true");
      processorOverrides.put("processor.console.host", "localhost");
      processorOverrides.put("processor.console.port", Integer.toString(options.consolePort()));
      processorOverrides.put("processor.console.tokens", consoleToken.all());
      Config processorConfig =
          Config.load(
              io.leadstream.processor.ProcessorSettings.DEFAULTS,
              PROCESSOR_DEFAULTS,
              Optional.empty(),
              options.env(),
              processorOverrides);
      if (processorConfig
          .get(LEADID_SECRET_KEY)
          .filter(chosen -> !chosen.equals(LeadIds.DEV_SECRET))
          .isEmpty()) {
        // Nobody chose one (unset, or the published development secret): the stack's own.
        processorConfig = processorConfig.with(Map.of(LEADID_SECRET_KEY, secret.value()));
      }
      processor = StreamProcessor.start(processorConfig);

      Home.Token token = home.token(options.env());
      Map<String, String> gatewayOverrides = new HashMap<>();
      gatewayOverrides.put("kafka.bootstrap.servers", bootstrap);
      gatewayOverrides.put("gateway.port", Integer.toString(options.gatewayPort()));
      gatewayOverrides.put("gateway.host", "localhost");
      gatewayOverrides.put("gateway.tokens", token.all());
      Config gatewayConfig = Gateway.loadConfig(Optional.empty(), options.env(), gatewayOverrides);
      if (gatewayConfig.get(ImportIds.SECRET_KEY).isEmpty()) {
        // The batch endpoint's ids, keyed as ./leadstream import keys them here.
        gatewayConfig = gatewayConfig.with(Map.of(ImportIds.SECRET_KEY, secret.value()));
      }
      gateway = Gateway.start(gatewayConfig);

      if (!processor.awaitRunning(Duration.ofSeconds(90))) {
        throw new IllegalStateException(
            "the stream processor did not reach RUNNING within 90 s (state "
                + processor.state()
                + ")");
      }
      awaitReady(gateway.url().resolve("/readyz"), Duration.ofSeconds(60));
      if (notify.enabled()) {
        // Its own threads and consumers: the processor never waits for a delivery.
        notifier = Notifier.start(notify, processor.registry());
      }
      return new LocalStack(
          broker,
          processor,
          gateway,
          notifier,
          notify.enabled() ? EnumSet.copyOf(notify.urls().keySet()) : Set.of(),
          bootstrap,
          token.first(),
          token.generated(),
          consoleToken,
          Duration.ofNanos(System.nanoTime() - begin));
    } catch (IOException | InterruptedException | RuntimeException e) {
      closeQuietly(gateway, notifier, processor, broker);
      throw e;
    }
  }

  private static void awaitReady(URI readyz, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body().strip();
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the gateway was not ready within " + timeout + ": " + last);
  }

  public URI ingestUrl() {
    return gateway.url().resolve("/v1/leads");
  }

  public String token() {
    return token;
  }

  public boolean tokenGenerated() {
    return tokenGenerated;
  }

  /** The lead console's page ({@code /}); its API is under {@code /api/v1/}. */
  public URI consoleUrl() {
    return URI.create("http://localhost:" + processor.consolePort() + "/");
  }

  /** A console token (the first), for clients and tests; print it only if it was generated. */
  public String consoleToken() {
    return consoleToken.first();
  }

  public boolean consoleTokenGenerated() {
    return consoleToken.generated();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Optional<LocalBroker> broker() {
    return Optional.ofNullable(broker);
  }

  public int processorManagementPort() {
    return processor.managementPort();
  }

  public Duration startTime() {
    return startTime;
  }

  public StreamProcessor processor() {
    return processor;
  }

  /** The notifier's channels; empty when no {@code notify.*} URL is set (it does not run). */
  public Set<Channel> notifyChannels() {
    return notifyChannels;
  }

  /**
   * Stops the gateway (in-flight leads answered), the notifier (an alert being retried is delivered
   * at the next start), the processor (commits), then the broker.
   */
  @Override
  public void close() {
    closeQuietly(gateway, notifier, processor, broker);
  }

  private static void closeQuietly(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
