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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Gateway throughput and latency next to Kafka's own producer, on one real local broker.
 *
 * <ol>
 *   <li>Starts a {@link LocalBroker} (its own JVM) and creates {@code leads.raw} and {@code perf}
 *       with the same partition count.
 *   <li>Runs {@code org.apache.kafka.tools.ProducerPerformance} (its own JVM) on {@code perf}:
 *       acks=all, idempotent, same record size, unthrottled.
 *   <li>Starts the gateway (its own JVM, {@code GatewayMain}) and drives it with single-lead POSTs:
 *       first closed-loop with many connections (maximum throughput), then open-loop at half of
 *       that rate (latency measured from each request's scheduled start, so a stall counts).
 *   <li>Prints both side by side, and the gateway's peak RSS.
 * </ol>
 *
 * <p>Arguments (all optional): {@code --record-size 700 --records 300000 --seconds 20 --connections
 * 64 --partitions 3 --gateway-heap 128m}.
 */
public final class GatewayBenchmark {

  private static final String TOKEN = "bench-token-0123456789abcdef";

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("leadstream-bench");
    int brokerPort = freePort();
    int controllerPort = freePort();
    int gatewayPort = freePort();
    LocalBroker broker =
        LocalBroker.builder()
            .dataDir(work.resolve("broker"))
            .port(brokerPort)
            .controllerPort(controllerPort)
            .build();
    Process gateway = null;
    try {
      broker.start();
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap, options.partitions);

      System.out.printf(
          "%nKafka ProducerPerformance: %d records of %d bytes, acks=all, idempotent...%n",
          options.records, options.recordSize);
      ProducerResult producer = producerPerformance(bootstrap, options, work);

      gateway = startGateway(bootstrap, gatewayPort, options, work);
      URI base = URI.create("http://127.0.0.1:" + gatewayPort);
      awaitReady(base);
      byte[] body = leadOfSize(options.recordSize);

      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      try {
        HttpClientAgent client =
            vertx.createHttpClient(
                new HttpClientOptions()
                    .setDefaultHost("127.0.0.1")
                    .setDefaultPort(gatewayPort)
                    .setKeepAlive(true)
                    .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(Math.max(options.connections, 256)));
        Load load = new Load(vertx, client, body);
        System.out.printf(
            "Gateway, closed loop, %d connections, %d s (after %d s warm-up)...%n",
            options.connections, options.seconds, 5);
        load.closedLoop(options.connections, 5);
        LoadResult max = load.closedLoop(options.connections, options.seconds);
        double halfRate = max.throughput / 2;
        System.out.printf(
            "Gateway, open loop at %.0f requests/s, %d s (after 5 s warm-up at that rate)...%n",
            halfRate, options.seconds);
        load.openLoop(halfRate, 5);
        LoadResult half = load.openLoop(halfRate, options.seconds);
        long rssKb = rssKb(gateway.pid(), "VmHWM");
        long rssNowKb = rssKb(gateway.pid(), "VmRSS");
        client.close().await(10, TimeUnit.SECONDS);

        System.out.println();
        System.out.println(
            "=== Ingest gateway vs Kafka ProducerPerformance (same broker, acks=all) ===");
        System.out.printf(
            "record size %d B, %d partition(s), %d cores, gateway heap -Xmx%s%n",
            options.recordSize,
            options.partitions,
            Runtime.getRuntime().availableProcessors(),
            options.gatewayHeap);
        System.out.printf(
            "%-42s %12s %9s %9s %9s%n", "", "records/s", "p50 ms", "p99 ms", "errors");
        System.out.printf(
            "%-42s %12.0f %9.2f %9.2f %9s%n",
            "ProducerPerformance (async, unthrottled)",
            producer.recordsPerSecond,
            producer.p50,
            producer.p99,
            "-");
        System.out.printf(
            "%-42s %12.0f %9.2f %9.2f %9d%n",
            "gateway, max (closed loop, " + options.connections + " conns)",
            max.throughput,
            max.p50,
            max.p99,
            max.errors);
        System.out.printf(
            "%-42s %12.0f %9.2f %9.2f %9d%n",
            "gateway, half of max (open loop)", half.throughput, half.p50, half.p99, half.errors);
        System.out.printf(
            "gateway / producer throughput: %.0f%% (target >= 30%%)%n",
            100 * max.throughput / producer.recordsPerSecond);
        System.out.printf("gateway p99 at half load: %.2f ms (target < 25 ms)%n", half.p99);
        System.out.printf(
            "gateway RSS: peak %d MB, at end %d MB (target < 256 MB)%n",
            rssKb / 1024, rssNowKb / 1024);
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      if (gateway != null) {
        gateway.destroy(); // SIGTERM: graceful shutdown
        if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
          gateway.destroyForcibly();
        }
      }
      broker.stop();
      deleteRecursively(work);
    }
  }

  private static ProducerResult producerPerformance(String bootstrap, Options options, Path work)
      throws Exception {
    List<String> command =
        javaCommand(
            "-Xmx512m",
            "org.apache.kafka.tools.ProducerPerformance",
            "--topic",
            "perf",
            "--num-records",
            Long.toString(options.records),
            "--record-size",
            Integer.toString(options.recordSize),
            "--throughput",
            "-1",
            "--producer-props",
            "bootstrap.servers=" + bootstrap,
            "acks=all",
            "enable.idempotence=true");
    Path log = work.resolve("producer-performance.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "ProducerPerformance failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    // "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, P50 ms 50th,
    // P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
    Pattern summary =
        Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec .*?, ([\\d.]+) ms 50th, ([\\d.]+) ms 95th,"
                + " ([\\d.]+) ms 99th");
    String last = null;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (summary.matcher(line).find()) {
        last = line;
      }
    }
    if (last == null) {
      throw new IllegalStateException(
          "no summary from ProducerPerformance:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    System.out.println("  " + last.trim());
    Matcher m = summary.matcher(last);
    m.find();
    return new ProducerResult(
        Double.parseDouble(m.group(2)),
        Double.parseDouble(m.group(3)),
        Double.parseDouble(m.group(5)));
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
    Path log = work.resolve("gateway.log");
    List<String> command =
        javaCommand(
            "-Xmx" + options.gatewayHeap,
            "io.leadstream.gateway.GatewayMain",
            "--config",
            file.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("LEADSTREAM_"));
    return builder.start();
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

  private static void awaitReady(URI base) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling a process we do not control; no event to wait on
    }
    throw new IllegalStateException("gateway not ready within 60 s");
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
                  new NewTopic("perf", partitions, (short) 1)))
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

  record ProducerResult(double recordsPerSecond, double p50, double p99) {}

  record LoadResult(double throughput, double p50, double p99, long errors) {}

  /** Drives the gateway from one event loop; every latency is recorded, none sampled. */
  static final class Load {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Buffer body;
    private final RequestOptions request;

    Load(Vertx vertx, HttpClientAgent client, byte[] body) {
      this.vertx = vertx;
      this.client = client;
      this.body = Buffer.buffer(body);
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setURI("/v1/leads?code=" + TOKEN)
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
      long begin = System.nanoTime();
      double intervalNanos = 1e9 / rate;
      CompletableFuture<Void> done = new CompletableFuture<>();
      long[] issued = {0};
      long[] answered = {0};
      vertx.runOnContext(
          v ->
              vertx.setPeriodic(
                  1,
                  timer -> {
                    long now = System.nanoTime();
                    while (issued[0] < total && begin + (long) (issued[0] * intervalNanos) <= now) {
                      long scheduled = begin + (long) (issued[0] * intervalNanos);
                      issued[0]++;
                      send(recorder, scheduled)
                          .onComplete(
                              ar -> {
                                if (++answered[0] == total) {
                                  done.complete(null);
                                }
                              });
                    }
                    if (issued[0] >= total) {
                      vertx.cancelTimer(timer);
                    }
                  }));
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
          (double) count / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), errors);
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, index)] / 1e6;
    }
  }

  /** Command-line options. */
  static final class Options {
    int recordSize = 700;
    long records = 300_000;
    int seconds = 20;
    int connections = 64;
    int partitions = 3;
    String gatewayHeap = "128m";

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i + 1 < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--record-size" -> o.recordSize = Integer.parseInt(value);
          case "--records" -> o.records = Long.parseLong(value);
          case "--seconds" -> o.seconds = Integer.parseInt(value);
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
