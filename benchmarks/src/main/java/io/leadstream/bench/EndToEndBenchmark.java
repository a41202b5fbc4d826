package io.leadstream.bench;

import io.leadstream.cli.LocalStack;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * POST to committed output on the real local stack, beside Kafka's own one-hop floor on the same
 * broker, with the footprint of each process; then the same load under other commit intervals.
 *
 * <ol>
 *   <li>Starts {@code ./leadstream up} itself (its own process, which starts the broker's) on a
 *       temporary data folder and free ports, and waits for its banner ("Press Ctrl-C to stop.").
 *   <li>Posts real-format single leads to {@code /v1/leads} open loop (each request has a scheduled
 *       send time on a fixed timetable, whatever the answers do, and every latency is measured from
 *       it, so a stall counts for every request it delays), at each rate (default 200 and 1,000
 *       leads/s). Every lead is a new customer, so none is dropped as a duplicate.
 *   <li>A read_committed consumer on the outputs ({@code leads.qualified}, {@code .nurture}, {@code
 *       .dnc}, {@code .test}, and {@code leads.dlq} to tell a dead letter from a lost lead) matches
 *       each output to its POST by the ingest id the 202 answered; a lead not out within the drain
 *       time is counted missing.
 *   <li>While each rate runs, samples VmRSS of the stack JVM and of the broker JVM from {@code
 *       /proc/PID/status} and reads their VmHWM (reset at the phase's start where the kernel
 *       allows); after it, with the stack idle, runs {@code org.apache.kafka.tools.EndToEndLatency}
 *       (acks=all, the leads' size) on the same broker: the floor one produce-and-fetch costs.
 *   <li>Restarts the stack with each other {@code kafka.commit.interval.ms} (by {@code
 *       LEADSTREAM_KAFKA_COMMIT_INTERVAL_MS}, as a user sets it) and measures the interval rate.
 * </ol>
 *
 * <p>Arguments (all optional): {@code --seconds 30 --warmup 60 --rates 200,1000 --intervals
 * 25,50,100,500 --interval-rate 1000 --drain 30 --sweep 120 --floor-records 2000 --stack-java-opts
 * '...'} (default: the {@code leadstream} script's own JVM options).
 */
public final class EndToEndBenchmark {

  private static final String TOKEN = "e2e-bench-token-0123456789abcdef";
  private static final String READY = "Press Ctrl-C to stop.";
  private static final String COMMIT_INTERVAL_ENV = "LEADSTREAM_KAFKA_COMMIT_INTERVAL_MS";

  /** The local stack's own commit.interval.ms, which a stack started without one uses. */
  private static final int DEFAULT_COMMIT_INTERVAL_MS = LocalStack.COMMIT_INTERVAL_MS;

  /** The target for the p99 of POST to committed output, at each rate. */
  private static final long TARGET_P99_MS = 300;

  private static final Pattern FLOOR_PERCENTILES =
      Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");
  private static final Pattern FLOOR_AVERAGE = Pattern.compile("Avg latency: ([0-9.]+) ms");

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path root = Path.of("").toAbsolutePath();
    Path script = root.resolve("leadstream");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("run from the repository root: no ./leadstream in " + root);
    }
    Path work = Files.createTempDirectory("leadstream-e2e");
    String runId = UUID.randomUUID().toString().substring(0, 8);
    AtomicLong sequence = new AtomicLong();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    List<RatePhase> rates = new ArrayList<>();
    Map<Integer, PhaseResult> byInterval = new TreeMap<>();
    try {
      Stack stack = Stack.start(script, work, options, Optional.empty(), "up-default");
      try {
        Load load = new Load(vertx, stack, runId, sequence);
        System.out.printf(
            "stack ready in %.1f s (stack JVM pid %d, broker pid %d); warm-up %d s at %d leads/s%n",
            stack.readyMillis / 1000.0,
            stack.jvm.pid(),
            stack.broker.pid(),
            options.warmup,
            options.rates.get(0));
        load.run(options.rates.get(0), options.warmup, options.drain);
        for (int rate : options.rates) {
          Footprint footprint = new Footprint(stack.jvm.pid(), stack.broker.pid());
          PhaseResult result = load.run(rate, options.seconds, options.drain);
          footprint.stop();
          System.out.printf(
              "%d leads/s, %d s: %s; machine load average %s%n",
              rate, options.seconds, result.summary(), loadAverage());
          Floor floor = Floor.run(stack.bootstrap, work, options.floorRecords, load.bodySize());
          System.out.printf(
              "Kafka EndToEndLatency, %d records, stack idle: %s%n", options.floorRecords, floor);
          rates.add(new RatePhase(rate, result, floor, footprint));
          if (rate == options.intervalRate) {
            byInterval.put(DEFAULT_COMMIT_INTERVAL_MS, result);
          }
        }
        load.sweep(options.sweep);
        load.close();
      } finally {
        stack.stop();
      }
      for (int interval : options.intervals) {
        if (byInterval.containsKey(interval)) {
          continue;
        }
        Stack other =
            Stack.start(script, work, options, Optional.of(interval), "up-commit-" + interval);
        try {
          Load load = new Load(vertx, other, runId, sequence);
          load.run(options.intervalRate, options.warmup, options.drain);
          PhaseResult result = load.run(options.intervalRate, options.seconds, options.drain);
          System.out.printf(
              "commit.interval.ms=%d, %d leads/s, %d s: %s; machine load average %s%n",
              interval, options.intervalRate, options.seconds, result.summary(), loadAverage());
          byInterval.put(interval, result);
          load.sweep(options.sweep);
          load.close();
        } finally {
          other.stop();
        }
      }
      print(options, rates, byInterval);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (Boolean.getBoolean("bench.keep")) {
        System.out.println("the stacks' logs and data are kept in " + work);
      } else {
        deleteRecursively(work);
      }
    }
  }

  private static void print(
      Options options, List<RatePhase> rates, Map<Integer, PhaseResult> byInterval) {
    System.out.println();
    System.out.println(
        "=== End to end: POST /v1/leads to committed output (read_committed), ./leadstream up ===");
    System.out.printf(
        "%s, %d cores, %d MB RAM, load average %s at the end (other builds share this machine"
            + " when it is above the core count); open loop, %d s per rate, latency from each request's scheduled"
            + " send; floor: Kafka's EndToEndLatency on the same broker, acks=all, %d records of the"
            + " leads' size, one at a time, stack idle (it prints p99.9, not max; ms truncated);"
            + " missing: a 202 whose output was not committed within %d s after the last answer%n",
        Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
        Runtime.getRuntime().availableProcessors(),
        totalMemoryMb(),
        loadAverage(),
        options.seconds,
        options.floorRecords,
        options.drain);
    System.out.printf(
        "%-10s %-30s %8s %8s %8s %8s %7s %9s %7s %5s %6s%n",
        "rate/s",
        "measure",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "sent",
        "delivered",
        "missing",
        "dup",
        "errors");
    for (RatePhase r : rates) {
      PhaseResult p = r.result;
      System.out.printf(
          "%-10d %-30s %8.1f %8.1f %8.1f %8.1f %7d %9d %7d %5d %6d%n",
          r.rate,
          "POST to committed output",
          p.output.p50(),
          p.output.p99(),
          p.output.p999(),
          p.output.max(),
          p.sent,
          p.delivered,
          p.missing,
          p.duplicated,
          p.errors);
      System.out.printf(
          "%-10s %-30s %8.1f %8.1f %8.1f %8.1f%n",
          "", "202 alone", p.accepted.p50(), p.accepted.p99(), p.accepted.p999(), p.accepted.max());
      System.out.printf(
          "%-10s %-30s %8s %8s %8s %8s%n",
          "", "Kafka EndToEndLatency (floor)", r.floor.p50, r.floor.p99, r.floor.p999, "n/a");
    }
    System.out.println();
    System.out.printf(
        "%-10s %16s %14s %16s %14s %14s %12s %12s %12s %12s%n",
        "rate/s",
        "broker peak RSS",
        "broker VmHWM",
        "stack peak RSS",
        "stack VmHWM",
        "sum peak RSS",
        "sum VmHWM",
        "broker CPU",
        "stack CPU",
        "load gen CPU");
    for (RatePhase r : rates) {
      Footprint f = r.footprint;
      System.out.printf(
          "%-10d %13d MB %11d MB %13d MB %11d MB %11d MB %9d MB %6.0f%% core %6.0f%% core %6.0f%% core%n",
          r.rate,
          f.brokerPeakKb / 1024,
          f.brokerHwmKb / 1024,
          f.stackPeakKb / 1024,
          f.stackHwmKb / 1024,
          (f.brokerPeakKb + f.stackPeakKb) / 1024,
          (f.brokerHwmKb + f.stackHwmKb) / 1024,
          100 * f.brokerCores,
          100 * f.stackCores,
          100 * f.selfCores);
    }
    String hwmNote =
        rates.isEmpty() || rates.get(0).footprint.hwmReset
            ? "VmHWM reset at each rate's start"
            : "VmHWM since the process started (this kernel refused a reset)";
    System.out.println("(" + hwmNote + ")");
    System.out.println();
    System.out.printf(
        "commit interval at %d leads/s, %d s each (the processor's kafka.commit.interval.ms;"
            + " the local stack's default %d)%n",
        options.intervalRate, options.seconds, DEFAULT_COMMIT_INTERVAL_MS);
    System.out.printf(
        "%-12s %8s %8s %8s %14s %9s %7s%n",
        "interval ms", "p50 ms", "p99 ms", "max ms", "delivered/s", "202/s", "missing");
    byInterval.forEach(
        (interval, p) ->
            System.out.printf(
                "%-12s %8.1f %8.1f %8.1f %14.0f %9.0f %7d%n",
                interval + (interval == DEFAULT_COMMIT_INTERVAL_MS ? " (default)" : ""),
                p.output.p50(),
                p.output.p99(),
                p.output.max(),
                p.deliveredPerSecond,
                p.acceptedPerSecond,
                p.missing));
    System.out.println();
    double worstP99 = rates.stream().mapToDouble(r -> r.result.output.p99()).max().orElse(0);
    long missing = rates.stream().mapToLong(r -> r.result.missing).sum();
    System.out.printf(
        "p99 POST to committed output, worst rate: %.1f ms (target < %d ms); missing outputs: %d%n",
        worstP99, TARGET_P99_MS, missing);
    rates.stream()
        .filter(r -> r.rate == 1000)
        .findFirst()
        .ifPresent(
            r ->
                System.out.printf(
                    "whole stack at 1000 leads/s: %d MB peak RSS, %d MB VmHWM (target < 768 MB)%n",
                    (r.footprint.brokerPeakKb + r.footprint.stackPeakKb) / 1024,
                    (r.footprint.brokerHwmKb + r.footprint.stackHwmKb) / 1024));
  }

  record RatePhase(int rate, PhaseResult result, Floor floor, Footprint footprint) {}

  /** One {@code ./leadstream up}: its JVM (the script execs java), its broker, its ports. */
  static final class Stack {
    final Process process;
    final ProcessHandle jvm;
    final ProcessHandle broker;
    final String bootstrap;
    final int gatewayPort;
    final long readyMillis;
    final Path log;

    private Stack(
        Process process,
        ProcessHandle jvm,
        ProcessHandle broker,
        String bootstrap,
        int gatewayPort,
        long readyMillis,
        Path log) {
      this.process = process;
      this.jvm = jvm;
      this.broker = broker;
      this.bootstrap = bootstrap;
      this.gatewayPort = gatewayPort;
      this.readyMillis = readyMillis;
      this.log = log;
    }

    static Stack start(
        Path script, Path work, Options options, Optional<Integer> commitInterval, String name)
        throws IOException, InterruptedException {
      Path home = work.resolve("home");
      Path log = work.resolve(name + ".log");
      int gatewayPort = freePort();
      int brokerPort = freePortPair();
      ProcessBuilder builder =
          new ProcessBuilder(script.toString(), "up")
              .directory(script.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(k -> k.startsWith("LEADSTREAM_"));
      env.put("LEADSTREAM_HOME", home.toString());
      env.put("LEADSTREAM_GATEWAY_PORT", Integer.toString(gatewayPort));
      env.put("LEADSTREAM_BROKER_PORT", Integer.toString(brokerPort));
      env.put("LEADSTREAM_PROCESSOR_MANAGEMENT_PORT", Integer.toString(freePort()));
      env.put("LEADSTREAM_PROCESSOR_CONSOLE_PORT", Integer.toString(freePort()));
      env.put("LEADSTREAM_GATEWAY_TOKENS", TOKEN);
      options.stackJavaOpts.ifPresent(o -> env.put("LEADSTREAM_JAVA_OPTS", o));
      commitInterval.ifPresent(i -> env.put(COMMIT_INTERVAL_ENV, Integer.toString(i)));
      long begin = System.nanoTime();
      Process process = builder.start();
      long deadline = begin + Duration.ofMinutes(10).toNanos(); // a first run builds the CLI
      while (!read(log).contains(READY)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "./leadstream up did not get ready; its output:\n" + read(log));
        }
        TimeUnit.MILLISECONDS.sleep(50); // polling another process's output; no event to wait on
      }
      long readyMillis = (System.nanoTime() - begin) / 1_000_000;
      long brokerPid =
          Long.parseLong(
              Files.readAllLines(home.resolve("broker").resolve("broker.pid")).get(0).trim());
      return new Stack(
          process,
          jvm(process.toHandle()),
          ProcessHandle.of(brokerPid).orElseThrow(),
          "localhost:" + brokerPort,
          gatewayPort,
          readyMillis,
          log);
    }

    /** Fails the run when the stack stopped under it (its own crash, or a signal from outside). */
    void requireAlive() {
      if (!jvm.isAlive() || !broker.isAlive()) {
        String out = read(log);
        throw new IllegalStateException(
            "the stack stopped during the phase; the end of its output:\n"
                + out.substring(Math.max(0, out.length() - 4000)));
      }
    }

    /** SIGTERM, as Ctrl-C: the stack stops in order, the broker last. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        jvm.destroyForcibly();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      broker.onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).join();
    }

    /** The script execs java; should a shell stay in between, its java child. */
    private static ProcessHandle jvm(ProcessHandle handle) {
      Function<ProcessHandle, Boolean> isJava =
          h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false);
      if (isJava.apply(handle)) {
        return handle;
      }
      return handle.children().filter(isJava::apply).findFirst().orElse(handle);
    }
  }

  /** What one phase measured. */
  record PhaseResult(
      long sent,
      long errors,
      Map<Integer, Long> statuses,
      long delivered,
      long deadLettered,
      long missing,
      long duplicated,
      Latencies accepted,
      Latencies output,
      double acceptedPerSecond,
      double deliveredPerSecond) {

    String summary() {
      return String.format(
          "sent %d, answers %s, delivered %d (%.0f/s), dead letters %d, missing %d, duplicated %d;"
              + " 202 p50 %.1f p99 %.1f max %.1f ms; output p50 %.1f p99 %.1f max %.1f ms",
          sent,
          statuses,
          delivered,
          deliveredPerSecond,
          deadLettered,
          missing,
          duplicated,
          accepted.p50(),
          accepted.p99(),
          accepted.max(),
          output.p50(),
          output.p99(),
          output.max());
    }
  }

  /** Percentiles in milliseconds of every latency recorded (none sampled). */
  record Latencies(double p50, double p99, double p999, double max) {
    static Latencies of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Latencies(
          Percentiles.millis(sorted, 0.50),
          Percentiles.millis(sorted, 0.99),
          Percentiles.millis(sorted, 0.999),
          sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
    }
  }

  /**
   * Open-loop load on one stack and the read_committed consumer that matches its outputs. The
   * consumer runs for the stack's life; each phase keeps its own sent ids.
   */
  static final class Load {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final RequestOptions request;
    private final String runId;
    private final AtomicLong sequence;
    private final TopicNames topics = TopicNames.defaults();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, Integer> seenCount = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deadLetter = new ConcurrentHashMap<>();
    private final java.util.Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread consumerThread;
    private final CompletableFuture<Void> consumerReady = new CompletableFuture<>();

    private final Stack stack;

    Load(Vertx vertx, Stack stack, String runId, AtomicLong sequence) throws Exception {
      this.vertx = vertx;
      this.stack = stack;
      this.runId = runId;
      this.sequence = sequence;
      this.client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setDefaultHost("localhost")
                  .setDefaultPort(stack.gatewayPort)
                  .setKeepAlive(true)
                  .setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(256));
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setURI("/v1/leads?code=" + TOKEN)
              .putHeader("Content-Type", "application/json");
      this.consumerThread = new Thread(() -> consume(stack.bootstrap), "e2e-output-consumer");
      consumerThread.setDaemon(true);
      consumerThread.start();
      consumerReady.get(60, TimeUnit.SECONDS);
    }

    int bodySize() {
      return lead(0).length;
    }

    /** A real-format lead (as Partner Center posts it) of a customer no other lead has. */
    private byte[] lead(long n) {
      return ("{\"UserDetails\":{\"FirstName\":\"Pat\",\"LastName\":\"Example\",\"Email\":\"e2e-"
              + runId
              + "-"
              + n
              + "@contoso.example.com\",\"Phone\":\"+1 425 555 0100\",\"Country\":\"US\","
              + "\"Company\":\"Contoso\",\"Title\":\"Buyer\"},\"ActionCode\":\"PLT\","
              + "\"LeadSource\":\"SPZA-PLT|contoso.sales-insights\","
              + "\"OfferTitle\":\"Contoso Sales Insights\","
              + "\"Description\":\"Please call about pricing. mktcmpid=spring-campaign\"}")
          .getBytes(StandardCharsets.UTF_8);
    }

    private void consume(String bootstrap) {
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // An empty fetch waits on the broker this long: a bound on what waiting adds to a latency.
      props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      List<String> outputs =
          List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test(), topics.dlq());
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : outputs) {
          consumer
              .partitionsFor(topic, Duration.ofSeconds(30))
              .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        consumerReady.complete(null);
        while (!stopping.get()) {
          var records = consumer.poll(Duration.ofMillis(20));
          long now = System.nanoTime();
          for (ConsumerRecord<String, byte[]> r : records) {
            String id;
            boolean dlq = r.topic().equals(topics.dlq());
            if (dlq) {
              String header = RawHeaders.read(r.headers(), RawHeaders.INGEST_ID);
              id = header != null ? header : r.key();
            } else {
              id = LeadSerdes.leadEvent().deserialize(r.topic(), r.value()).ingest().id();
            }
            firstSeen.putIfAbsent(id, now);
            seenCount.merge(id, 1, Integer::sum);
            if (dlq) {
              deadLetter.put(id, true);
            }
          }
        }
      } catch (RuntimeException e) {
        consumerReady.completeExceptionally(e);
        if (!stopping.get()) {
          throw e;
        }
      }
    }

    /** {@code rate} leads/s for {@code seconds}, then up to {@code drain} s for the outputs. */
    PhaseResult run(int rate, int seconds, int drain) throws Exception {
      long total = (long) rate * seconds;
      Map<String, Long> sent = new ConcurrentHashMap<>(); // ingest id -> scheduled send (nanos)
      long[] acceptedNanos = new long[(int) total];
      int[] acceptedCount = {0};
      Map<Integer, Long> statuses = new TreeMap<>();
      Map<String, Long> failures = new TreeMap<>(); // requests with no answer (-1), by cause
      long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
      Instant beganAt = Instant.now().plusMillis(5);
      CompletableFuture<Void> done =
          OpenLoop.run(
              vertx,
              rate,
              total,
              begin,
              scheduled ->
                  send(Buffer.buffer(lead(sequence.incrementAndGet())))
                      .onComplete(
                          ar -> {
                            long at = System.nanoTime();
                            int status = ar.succeeded() ? ar.result().status : -1;
                            statuses.merge(status, 1L, Long::sum);
                            if (ar.failed()) {
                              failures.merge(String.valueOf(ar.cause()), 1L, Long::sum);
                            }
                            if (status == 202) {
                              acceptedNanos[acceptedCount[0]++] = at - scheduled;
                              sent.put(ar.result().id, scheduled);
                              acknowledged.add(ar.result().id);
                            }
                          }));
      done.get(seconds + 120L, TimeUnit.SECONDS);
      stack.requireAlive();
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drain);
      while (!firstSeen.keySet().containsAll(sent.keySet()) && System.nanoTime() < drainDeadline) {
        TimeUnit.MILLISECONDS.sleep(20); // the consumer thread fills firstSeen
      }
      if (!failures.isEmpty()) {
        System.out.println("  requests without an answer (-1), by the client's error: " + failures);
      }
      List<Long> outputNanos = new ArrayList<>();
      long missing = 0;
      long duplicated = 0;
      long deadLettered = 0;
      long lastOut = begin;
      Map<Long, Long> worstBySecond = new TreeMap<>();
      for (Map.Entry<String, Long> e : sent.entrySet()) {
        Long seen = firstSeen.get(e.getKey());
        if (seen == null) {
          missing++;
          continue;
        }
        if (deadLetter.containsKey(e.getKey())) {
          deadLettered++;
        }
        if (seenCount.getOrDefault(e.getKey(), 0) > 1) {
          duplicated++;
        }
        outputNanos.add(seen - e.getValue());
        lastOut = Math.max(lastOut, seen);
        worstBySecond.merge(
            (e.getValue() - begin) / 1_000_000_000L, seen - e.getValue(), Math::max);
      }
      System.out.println(
          "  the phase's slowest seconds (second of the phase, which began at "
              + beganAt
              + ": slowest output): "
              + slowest(worstBySecond, 6)
              + settled(worstBySecond));
      long[] out = outputNanos.stream().mapToLong(Long::longValue).toArray();
      long errors =
          statuses.entrySet().stream()
              .filter(s -> s.getKey() != 202)
              .mapToLong(Map.Entry::getValue)
              .sum();
      double window = Math.max(seconds, (lastOut - begin) / 1e9);
      return new PhaseResult(
          total,
          errors,
          new LinkedHashMap<>(statuses),
          out.length,
          deadLettered,
          missing,
          duplicated,
          Latencies.of(Arrays.copyOf(acceptedNanos, acceptedCount[0])),
          Latencies.of(out),
          acceptedCount[0] / (double) seconds,
          out.length / window);
    }

    /**
     * The {@code n} seconds with the slowest outputs, in time order ({@code "12 s: 688 ms"}), so a
     * periodic stall (a timer, a collection) shows as a period.
     */
    private static String slowest(Map<Long, Long> worstBySecond, int n) {
      return worstBySecond.entrySet().stream()
          .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
          .limit(n)
          .sorted(Map.Entry.comparingByKey())
          .map(e -> e.getKey() + " s: " + e.getValue() / 1_000_000 + " ms")
          .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * From which second of the phase on every lead that came out took less than the p99 target
     * ({@code "; all under 300 ms from second 9 on"}): how long a cold start took to catch up.
     * Leads that never came out are counted as missing elsewhere; a phase that never settled prints
     * its last second + 1.
     */
    private static String settled(Map<Long, Long> worstBySecond) {
      long target = Duration.ofMillis(TARGET_P99_MS).toNanos();
      long from = 0;
      for (Map.Entry<Long, Long> e : worstBySecond.entrySet()) {
        if (e.getValue() >= target) {
          from = e.getKey() + 1;
        }
      }
      return "; all under " + TARGET_P99_MS + " ms from second " + from + " on";
    }

    private record Answer(int status, String id) {}

    private Future<Answer> send(Buffer body) {
      return client
          .request(request)
          .compose(req -> req.send(body))
          .compose(
              resp ->
                  resp.body()
                      .map(
                          b ->
                              new Answer(
                                  resp.statusCode(),
                                  resp.statusCode() == 202
                                      ? new JsonObject(b).getString("id")
                                      : null)));
    }

    /**
     * Waits up to {@code seconds} for every lead this stack acknowledged (warm-up included) to come
     * out, and says how many did: a lead missing from a phase may only have been late.
     */
    void sweep(int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!firstSeen.keySet().containsAll(acknowledged) && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50); // the consumer thread fills firstSeen
      }
      long never = acknowledged.stream().filter(id -> !firstSeen.containsKey(id)).count();
      long twice = acknowledged.stream().filter(id -> seenCount.getOrDefault(id, 0) > 1).count();
      System.out.printf(
          "this stack acknowledged %d leads; %d never came out (waited up to %d s more), %d came"
              + " out more than once%n",
          acknowledged.size(), never, seconds, twice);
    }

    void close() throws Exception {
      stopping.set(true);
      consumerThread.join(10_000);
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * VmRSS sampled every 100 ms for the stack JVM and the broker JVM while a phase runs, and their
   * VmHWM at its end (reset at its start through {@code clear_refs}, where the kernel allows).
   */
  static final class Footprint {
    final long stackPid;
    final long brokerPid;
    final boolean hwmReset;
    volatile long stackPeakKb;
    volatile long brokerPeakKb;
    long stackHwmKb;
    long brokerHwmKb;
    private final Thread sampler;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private final long begin = System.nanoTime();
    private final long stackCpuBegin;
    private final long brokerCpuBegin;
    private final long selfCpuBegin = cpuTicks(ProcessHandle.current().pid());
    double stackCores;
    double brokerCores;
    double selfCores;

    Footprint(long stackPid, long brokerPid) {
      this.stackPid = stackPid;
      this.brokerPid = brokerPid;
      this.stackCpuBegin = cpuTicks(stackPid);
      this.brokerCpuBegin = cpuTicks(brokerPid);
      this.hwmReset = resetHwm(stackPid) & resetHwm(brokerPid);
      this.sampler =
          new Thread(
              () -> {
                while (!stopped.get()) {
                  stackPeakKb = Math.max(stackPeakKb, statusKb(stackPid, "VmRSS"));
                  brokerPeakKb = Math.max(brokerPeakKb, statusKb(brokerPid, "VmRSS"));
                  try {
                    TimeUnit.MILLISECONDS.sleep(100); // the sampling period
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "e2e-rss-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    void stop() throws InterruptedException {
      stopped.set(true);
      sampler.join();
      stackHwmKb = statusKb(stackPid, "VmHWM");
      brokerHwmKb = statusKb(brokerPid, "VmHWM");
      double seconds = (System.nanoTime() - begin) / 1e9;
      stackCores = (cpuTicks(stackPid) - stackCpuBegin) / TICKS_PER_SECOND / seconds;
      brokerCores = (cpuTicks(brokerPid) - brokerCpuBegin) / TICKS_PER_SECOND / seconds;
      selfCores =
          (cpuTicks(ProcessHandle.current().pid()) - selfCpuBegin) / TICKS_PER_SECOND / seconds;
    }

    /** USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** utime + stime of the process, in clock ticks ({@code /proc/PID/stat} fields 14 and 15). */
    private static long cpuTicks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException gone) {
        return 0;
      }
    }

    /** Writing 5 to clear_refs resets the peak RSS to the current RSS (Linux 4.0+). */
    private static boolean resetHwm(long pid) {
      try {
        Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    static long statusKb(long pid, String field) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith(field + ":")) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | UncheckedIOException gone) {
        // the process ended
      }
      return 0;
    }
  }

  /** Kafka's EndToEndLatency (kafka-tools) in its own JVM, and the figures it printed. */
  record Floor(String p50, String p99, String p999, String average) {
    static Floor run(String bootstrap, Path work, int records, int size)
        throws IOException, InterruptedException {
      Path log = work.resolve("end-to-end-latency.log");
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              "org.apache.kafka.tools.EndToEndLatency",
              "--bootstrap-server",
              bootstrap,
              "--topic",
              "e2e.floor",
              "--num-records",
              Integer.toString(records),
              "--producer-acks",
              "all",
              "--record-size",
              Integer.toString(size));
      Process tool =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!tool.waitFor(300, TimeUnit.SECONDS)) {
        tool.destroyForcibly();
        throw new IllegalStateException("EndToEndLatency took over 300 s:\n" + read(log));
      }
      String output = read(log);
      Matcher percentiles = FLOOR_PERCENTILES.matcher(output);
      Matcher average = FLOOR_AVERAGE.matcher(output);
      if (tool.exitValue() != 0 || !percentiles.find() || !average.find()) {
        throw new IllegalStateException(
            "EndToEndLatency failed (exit " + tool.exitValue() + "):\n" + output);
      }
      return new Floor(
          percentiles.group(1), percentiles.group(2), percentiles.group(3), average.group(1));
    }

    @Override
    public String toString() {
      return String.format(
          "p50 %s ms, p99 %s ms, p99.9 %s ms, average %s ms", p50, p99, p999, average);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The 1-minute load average: how much else wanted this machine's cores meanwhile. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static long totalMemoryMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A free port whose successor is free too: the local broker's controller takes port + 1. */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = freePort();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        next.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no two consecutive free ports after 50 tries");
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Command-line options. */
  static final class Options {
    int seconds = 30;
    // The JIT's warm-up: C2 compiles the hot paths during the first minute or so of load.
    int warmup = 60;
    List<Integer> rates = List.of(200, 1000);
    List<Integer> intervals = List.of(25, 50, 100, 500);
    int intervalRate = 1000;
    int drain = 30;
    int floorRecords = 2000;
    int sweep = 120;
    Optional<String> stackJavaOpts = Optional.empty();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i + 1 < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--seconds" -> o.seconds = Integer.parseInt(value);
          case "--warmup" -> o.warmup = Integer.parseInt(value);
          case "--rates" -> o.rates = ints(value);
          case "--intervals" -> o.intervals = ints(value);
          case "--interval-rate" -> o.intervalRate = Integer.parseInt(value);
          case "--drain" -> o.drain = Integer.parseInt(value);
          case "--floor-records" -> o.floorRecords = Integer.parseInt(value);
          case "--sweep" -> o.sweep = Integer.parseInt(value);
          case "--stack-java-opts" -> o.stackJavaOpts = Optional.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return o;
    }

    private static List<Integer> ints(String csv) {
      return Stream.of(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
  }

  private EndToEndBenchmark() {}

  static {
    Locale.setDefault(Locale.ROOT);
  }
}
