package io.leadstream.bench;

import io.leadstream.localbroker.LocalBroker;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Gateway throughput and latency next to a minimal peer, on one real local broker, in one run.
 *
 * <ol>
 *   <li>Starts a {@link LocalBroker} (its own JVM) and creates {@code leads.raw}, {@code leads.dlq}
 *       and {@code peer.raw} ({@code leads.raw} and {@code peer.raw} with the same partitions).
 *   <li>Starts the {@link MinimalPeer} (its own JVM, the gateway's heap): a Vert.x server with one
 *       {@code acks=all}, idempotent producer and nothing else; and the gateway (its own JVM,
 *       {@code GatewayMain}).
 *   <li>Drives both with single-lead POSTs in alternating rounds: closed loop with many connections
 *       (maximum throughput), then open loop at half of the peer's median maximum (latency measured
 *       from each request's scheduled start, so a stall counts).
 *   <li>Prints both side by side (the median rounds), the ratio of their throughputs, peak RSS.
 * </ol>
 *
 * <p>Arguments (all optional): {@code --record-size 700 --seconds 30 --warmup 5 --rounds 3
 * --connections 64 --partitions 3 --gateway-heap 128m}.
 */
public final class GatewayBenchmark {

  private static final String TOKEN = "bench-token-0123456789abcdef";
  private static final String PEER_TOPIC = "peer.raw";

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("leadstream-bench");
    LocalBroker broker =
        LocalBroker.builder()
            .dataDir(work.resolve("broker"))
            .port(freePort())
            .controllerPort(freePort())
            .build();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      broker.start();
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap, options.partitions);
      byte[] body = leadOfSize(options.recordSize);

      int peerPort = freePort();
      int gatewayPort = freePort();
      Process peer =
          start(
              work.resolve("peer.log"),
              javaCommand(
                  "-Xmx" + options.gatewayHeap,
                  MinimalPeer.class.getName(),
                  Integer.toString(peerPort),
                  bootstrap,
                  PEER_TOPIC));
      Process gateway = startGateway(bootstrap, gatewayPort, options, work);
      Result peerResult;
      Result gatewayResult;
      try {
        awaitListening(URI.create("http://127.0.0.1:" + peerPort + "/"), 202);
        awaitListening(URI.create("http://127.0.0.1:" + gatewayPort + "/readyz"), 200);
        Target peerTarget = new Target("minimal peer", vertx, peerPort, "/", body, options, peer);
        Target gatewayTarget =
            new Target(
                "gateway", vertx, gatewayPort, "/v1/leads?code=" + TOKEN, body, options, gateway);
        List<Target> targets = List.of(peerTarget, gatewayTarget);
        // Rounds alternate between the two, so that a burst of load from elsewhere on a shared
        // machine hits both alike; each figure is the median round.
        for (Target t : targets) {
          System.out.printf("%s, closed loop warm-up, %d s...%n", t.name, options.warmup);
          t.load.closedLoop(options.connections, options.warmup);
        }
        for (int round = 1; round <= options.rounds; round++) {
          for (Target t : targets) {
            LoadResult max = t.load.closedLoop(options.connections, options.seconds);
            t.max.add(max);
            System.out.printf(
                "round %d, %s, closed loop, %d connections, %d s: %.0f req/s, p99 %.2f ms%n",
                round, t.name, options.connections, options.seconds, max.throughput, max.p99);
          }
        }
        double rate = median(peerTarget.max, LoadResult::throughput).throughput() / 2;
        for (Target t : targets) {
          System.out.printf(
              "%s, open loop warm-up at %.0f req/s, %d s...%n", t.name, rate, options.warmup);
          t.load.openLoop(rate, options.warmup);
        }
        for (int round = 1; round <= options.rounds; round++) {
          for (Target t : targets) {
            LoadResult half = t.load.openLoop(rate, options.seconds).withRate(rate);
            t.half.add(half);
            System.out.printf(
                "round %d, %s, open loop at %.0f req/s, %d s: p50 %.2f ms, p99 %.2f ms%n",
                round, t.name, rate, options.seconds, half.p50, half.p99);
          }
        }
        peerResult = peerTarget.result();
        gatewayResult = gatewayTarget.result();
        peerTarget.close();
        gatewayTarget.close();
      } finally {
        stop(peer);
        stop(gateway);
      }

      System.out.println();
      System.out.println(
          "=== Ingest gateway vs a minimal peer (same broker, acks=all, idempotent) ===");
      System.out.printf(
          "record size %d B, %d partition(s), %d cores, heap -Xmx%s each, %d rounds of %d s per"
              + " phase (medians shown), %d connections in the closed loop, open loop at %.0f"
              + " requests/s (half of the peer's max) for both%n",
          options.recordSize,
          options.partitions,
          Runtime.getRuntime().availableProcessors(),
          options.gatewayHeap,
          options.rounds,
          options.seconds,
          options.connections,
          peerResult.half.rate);
      System.out.printf(
          "%-14s %12s %9s %9s %12s %9s %9s %9s %9s%n",
          "",
          "max req/s",
          "p50 ms",
          "p99 ms",
          "half req/s",
          "p50 ms",
          "p99 ms",
          "errors",
          "RSS MB");
      for (Result r : List.of(peerResult, gatewayResult)) {
        System.out.printf(
            "%-14s %12.0f %9.2f %9.2f %12.0f %9.2f %9.2f %9d %9d%n",
            r.name,
            r.max.throughput,
            r.max.p50,
            r.max.p99,
            r.half.throughput,
            r.half.p50,
            r.half.p99,
            r.max.errors + r.half.errors,
            r.peakRssKb / 1024);
      }
      System.out.printf(
          "gateway / peer throughput: %.0f%% (target >= 80%%)%n",
          100 * gatewayResult.max.throughput / peerResult.max.throughput);
      System.out.printf(
          "gateway p99 at half of the peer's max: %.2f ms (target < 10 ms)%n",
          gatewayResult.half.p99);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      broker.stop();
      deleteRecursively(work);
    }
  }

  /** One side of the comparison: its process, its client and its rounds. */
  static final class Target {
    final String name;
    final HttpClientAgent client;
    final Load load;
    final Process process;
    final List<LoadResult> max = new ArrayList<>();
    final List<LoadResult> half = new ArrayList<>();

    Target(
        String name,
        Vertx vertx,
        int port,
        String uri,
        byte[] body,
        Options options,
        Process process) {
      this.name = name;
      this.process = process;
      this.client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(port)
                  .setKeepAlive(true)
                  .setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(Math.max(options.connections, 256)));
      this.load = new Load(vertx, client, uri, body);
    }

    Result result() throws IOException {
      return new Result(
          name,
          median(max, LoadResult::throughput),
          median(half, LoadResult::p99),
          rssKb(process.pid(), "VmHWM"));
    }

    void close() throws Exception {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The round whose {@code by} is the median (the lower one of an even count). */
  static LoadResult median(
      List<LoadResult> rounds, java.util.function.ToDoubleFunction<LoadResult> by) {
    List<LoadResult> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(by));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static Process start(Path log, List<String> command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("LEADSTREAM_"));
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy(); // SIGTERM: graceful shutdown
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static Process startGateway(String bootstrap, int port, Options options, Path work)
      throws IOException {
    Properties config = new Properties();
    config.setProperty("gateway.host", "127.0.0.1");
    config.setProperty("gateway.port", Integer.toString(port));
    config.setProperty("gateway.tokens", TOKEN);
    config.setProperty("kafka.bootstrap.servers", bootstrap);
    Path file = work.resolve("gateway.properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      config.store(out, "benchmark gateway");
    }
    return start(
        work.resolve("gateway.log"),
        javaCommand(
            "-Xmx" + options.gatewayHeap,
            "io.leadstream.gateway.GatewayMain",
            "--config",
            file.toString()));
  }

  private static List<String> javaCommand(String heap, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** Waits until {@code url} answers {@code status} to a GET (the peer answers any request). */
  private static void awaitListening(URI url, int status) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> response =
            http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == status) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling a process we do not control; no event to wait on
    }
    throw new IllegalStateException(url + " not answering " + status + " within 60 s");
  }

  private static void createTopics(String bootstrap, int partitions) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("leads.raw", partitions, (short) 1),
                  new NewTopic("leads.dlq", 1, (short) 1),
                  new NewTopic(PEER_TOPIC, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** A JSON object of exactly {@code size} bytes with obviously fake lead data. */
  static byte[] leadOfSize(int size) {
    String head =
        "{\"ActionCode\":\"INS\",\"OfferTitle\":\"Bench Offer\",\"LeadSource\":\"AzureMarketplace\","
            + "\"UserDetails\":{\"FirstName\":\"Bench\",\"Email\":\"bench@example.com\"},\"Description\":\"";
    String tail = "\"}";
    int pad = size - head.length() - tail.length();
    if (pad < 0) {
      throw new IllegalArgumentException("record size must be at least " + (size - pad));
    }
    return (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.US_ASCII);
  }

  private static long rssKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Result(String name, LoadResult max, LoadResult half, long peakRssKb) {}

  record LoadResult(double throughput, double p50, double p99, long errors, double rate) {
    LoadResult withRate(double scheduled) {
      return new LoadResult(throughput, p50, p99, errors, scheduled);
    }
  }

  /** Drives the gateway from one event loop; every latency is recorded, none sampled. */
  static final class Load {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Buffer body;
    private final RequestOptions request;

    Load(Vertx vertx, HttpClientAgent client, String uri, byte[] body) {
      this.vertx = vertx;
      this.client = client;
      this.body = Buffer.buffer(body);
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setURI(uri)
              .putHeader("Content-Type", "application/json");
    }

    /** {@code connections} clients, each sending its next lead when the last was answered. */
    LoadResult closedLoop(int connections, int seconds) throws Exception {
      Recorder recorder = new Recorder();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      CompletableFuture<Void> done = new CompletableFuture<>();
      int[] running = {connections};
      vertx.runOnContext(
          v -> {
            for (int i = 0; i < connections; i++) {
              next(recorder, end, running, done);
            }
          });
      done.get(seconds + 60L, TimeUnit.SECONDS);
      return recorder.result(seconds);
    }

    private void next(Recorder recorder, long end, int[] running, CompletableFuture<Void> done) {
      if (System.nanoTime() >= end) {
        if (--running[0] == 0) {
          done.complete(null);
        }
        return;
      }
      long start = System.nanoTime();
      send(recorder, start).onComplete(ar -> next(recorder, end, running, done));
    }

    /** Requests scheduled at a fixed rate, whatever the answers do (no coordinated omission). */
    LoadResult openLoop(double rate, int seconds) throws Exception {
      Recorder recorder = new Recorder();
      long total = (long) (rate * seconds);
      CompletableFuture<Void> done =
          OpenLoop.run(
              vertx, rate, total, System.nanoTime(), scheduled -> send(recorder, scheduled));
      done.get(seconds + 60L, TimeUnit.SECONDS);
      return recorder.result(seconds);
    }

    private io.vertx.core.Future<Void> send(Recorder recorder, long start) {
      return client
          .request(request)
          .compose(req -> req.send(body))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .map(
              status -> {
                recorder.record(System.nanoTime() - start, status == 202);
                return (Void) null;
              })
          .recover(
              error -> {
                recorder.record(System.nanoTime() - start, false);
                return io.vertx.core.Future.succeededFuture();
              });
    }
  }

  /** Latencies of one run; used from one event loop only. */
  static final class Recorder {
    private long[] nanos = new long[1 << 16];
    private int count;
    private long errors;

    void record(long latency, boolean ok) {
      if (!ok) {
        errors++;
        return;
      }
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = latency;
    }

    LoadResult result(int seconds) {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      return new LoadResult(
          (double) count / seconds,
          Percentiles.millis(sorted, 0.50),
          Percentiles.millis(sorted, 0.99),
          errors,
          Double.NaN);
    }
  }

  /** Command-line options. */
  static final class Options {
    int recordSize = 700;
    int seconds = 30;
    int warmup = 5;
    int rounds = 3;
    int connections = 64;
    int partitions = 3;
    String gatewayHeap = "128m";

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i + 1 < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--record-size" -> o.recordSize = Integer.parseInt(value);
          case "--seconds" -> o.seconds = Integer.parseInt(value);
          case "--warmup" -> o.warmup = Integer.parseInt(value);
          case "--rounds" -> o.rounds = Integer.parseInt(value);
          case "--connections" -> o.connections = Integer.parseInt(value);
          case "--partitions" -> o.partitions = Integer.parseInt(value);
          case "--gateway-heap" -> o.gatewayHeap = value;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return o;
    }
  }

  private GatewayBenchmark() {}

  static {
    Locale.setDefault(Locale.ROOT);
  }
}
