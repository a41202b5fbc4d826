package io.leadstream.bench;

import io.leadstream.config.Config;
import io.leadstream.localbroker.LocalBroker;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.StreamProcessor;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.processor.lifecycle.Tracked;
import io.leadstream.processor.views.LocalViews.FunnelFilter;
import io.leadstream.processor.views.LocalViews.WorkQueueFilter;
import io.leadstream.processor.views.StoreViews;
import io.leadstream.processor.views.ViewsStep;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.OfferCatalogEntry;
import io.leadstream.schemas.RawHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the console's questions cost with many leads in the stores: N leads (default 1,000,000) are
 * imported through the whole processor (lifecycle and views on) on a real broker process, then half
 * of the open leads are contacted; with everything processed, each question is asked through {@link
 * StoreViews} on the running KafkaStreams, in process, beside the same questions asked of a second
 * application on the same broker holding 1,000 leads of the same mix (the baseline).
 *
 * <p>The mix: 6 offers of 3 publishers (each offer's owner from the offer catalog, 3 owners), 60%
 * AppSource and 40% Azure Marketplace; 75% qualified, 20% nurture (free-mail, no company), 5%
 * do-not-contact; creation times spread evenly over the last 13 days (so most qualified leads are
 * past their 24 h deadline); 10% sent twice (a duplicate), 1% broken JSON (a dead letter). After
 * the load, each OPEN lead is contacted with probability 1/2, at a time up to 48 h after it was
 * first seen (so both SLA outcomes occur): the rest of the qualified leads older than a day are the
 * overdue work queue.
 *
 * <p>Then over HTTP, as a browser or a tool asks: a second instance of each application starts (its
 * own state folder, restored from the changelogs), and the console of the first instance is asked
 * for a lead whose key it owns, a lead the second owns (forwarded once), the funnel of the last 30
 * days (gathered from both; the leads span 13 days, so it holds all of them) and the work queue.
 * Both instances run in this JVM with their production wiring ({@link StreamProcessor}).
 *
 * <p>Each question is asked {@code -Dbench.queries} times (default 2,000) after a warm-up of a
 * tenth of that, or for at most {@code -Dbench.query.seconds} (default 120) per question and state,
 * whichever ends first; the table says how many were asked. {@code -Dbench.inprocess=false} asks
 * over HTTP only.
 *
 * <p>Run: {@code benchmarks/run console [leads=1000000]}.
 */
public final class ConsoleBenchmark {

  private static final int QUERIES = Integer.getInteger("bench.queries", 2000);
  private static final int QUERY_SECONDS = Integer.getInteger("bench.query.seconds", 120);

  /** Whether to ask the questions in process too ({@code -Dbench.inprocess}, default true). */
  private static final boolean IN_PROCESS =
      Boolean.parseBoolean(System.getProperty("bench.inprocess", "true"));

  /**
   * The lifecycle's punctuation interval while measured ({@code -Dbench.punctuate.interval},
   * default PT30S: the processor's own default). The console reads through the store API (IQv1), so
   * the punctuator's writes and the queries can run at once: with Kafka Streams 4.3.1, IQv2 key
   * queries and puts into the same RocksDB store can deadlock (KAFKA-19629); the watchdog stops the
   * run with the threads' stacks if they ever do.
   */
  private static final String PUNCTUATE = System.getProperty("bench.punctuate.interval", "PT30S");

  private static final int BASELINE_LEADS = 1000;
  private static final Duration SPREAD = Duration.ofDays(13);
  private static final int FUNNEL_DAYS = 14;

  /** Offer key, title, owner (the catalog's). */
  private static final String[][] OFFERS = {
    {"contoso.sales-insights", "Contoso Sales Insights", "team-east"},
    {"contoso.field-service", "Contoso Field Service", "team-east"},
    {"fabrikam.analytics", "Fabrikam Analytics", "team-west"},
    {"fabrikam.backup", "Fabrikam Backup", "team-west"},
    {"northwind.crm", "Northwind CRM", "team-partners"},
    {"northwind.erp", "Northwind ERP", "team-partners"},
  };

  private static final String OWNER_FILTER = "team-west";

  /** The console token of both instances (processor.console.tokens). */
  private static final String TOKEN = "bench-console-token-0123456789abcdef";

  private static final String OFFER_FILTER = "fabrikam.backup";

  public static void main(String[] args) throws Exception {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("leadstream-console-bench");
    LocalBroker broker = LoadedProcessor.startBroker(dir);
    watchForDeadlocks(broker);
    Instant now = Instant.now();
    try (Loaded small =
            Loaded.load(
                broker.bootstrapServers(), dir, "bench-console-small", BASELINE_LEADS, now);
        Loaded large = Loaded.load(broker.bootstrapServers(), dir, "bench-console", leads, now)) {
      LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
      FunnelFilter days = new FunnelFilter(today.minusDays(FUNNEL_DAYS - 1), today, null, null);
      FunnelFilter daysOffer =
          new FunnelFilter(today.minusDays(FUNNEL_DAYS - 1), today, OFFER_FILTER, null);
      List<Question> questions =
          List.of(
              new Question(
                  "lead(leadId), random known lead",
                  50,
                  l -> r -> l.views.lead(l.pick(l.leadIds, r)).isPresent() ? 1 : 0),
              new Question(
                  "workQueue(OPEN, overdue, limit 100)",
                  500,
                  l ->
                      r ->
                          l.views
                              .workQueue(new WorkQueueFilter(LeadState.OPEN, true, null, null), 100)
                              .items()
                              .size()),
              new Question(
                  "workQueue(OPEN, overdue, owner, limit 100)",
                  500,
                  l ->
                      r ->
                          l.views
                              .workQueue(
                                  new WorkQueueFilter(LeadState.OPEN, true, OWNER_FILTER, null),
                                  100)
                              .items()
                              .size()),
              new Question(
                  "workQueue(OPEN, overdue, offer, limit 100)",
                  500,
                  l ->
                      r ->
                          l.views
                              .workQueue(
                                  new WorkQueueFilter(LeadState.OPEN, true, null, OFFER_FILTER),
                                  100)
                              .items()
                              .size()),
              new Question(
                  "funnel(last " + FUNNEL_DAYS + " days)",
                  500,
                  l -> r -> l.views.funnel(days).items().size()),
              new Question(
                  "funnel(last " + FUNNEL_DAYS + " days, offer)",
                  500,
                  l -> r -> l.views.funnel(daysOffer).items().size()),
              new Question(
                  "trace(ingestId), random recent id",
                  0,
                  l -> r -> l.views.trace(l.pick(l.recentIngestIds, r)).items().size()));

      List<String[]> rows = new ArrayList<>();
      for (Question q : IN_PROCESS ? questions : List.<Question>of()) {
        Figures big = measure(q, large);
        Figures base = measure(q, small);
        rows.add(row(q, big, base));
        System.out.printf("  %s: %s | baseline %s%n", q.name, big.detail(), base.detail());
      }

      // Over HTTP, as a browser or a tool asks: two instances of each application, asked through
      // the first; a lead the second owns is forwarded once, the funnel gathered from both.
      LocalDate from30 = today.minusDays(29);
      String funnel30 = "/api/v1/funnel?from=" + from30 + "&to=" + today;
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      List<Question> overHttp =
          List.of(
              new Question(
                  "HTTP lead, key owned by the asked instance",
                  20,
                  l -> r -> get(http, l.first, "/api/v1/leads/" + l.pick(l.localLeadIds, r))),
              new Question(
                  "HTTP lead, key owned by the other (forwarded)",
                  50,
                  l -> r -> get(http, l.first, "/api/v1/leads/" + l.pick(l.forwardedLeadIds, r))),
              new Question(
                  "HTTP funnel, last 30 days", 200, l -> r -> get(http, l.first, funnel30)),
              new Question(
                  "HTTP work queue (OPEN, overdue)",
                  0,
                  l -> r -> get(http, l.first, "/api/v1/leads?state=OPEN&overdue=true")));
      for (Loaded l : List.of(large, small)) {
        l.startSecond(dir);
        System.out.printf(
            "%s: second instance running in %.1f s (restored from changelogs); of %,d known"
                + " leadIds the first instance owns %,d and forwards %,d%n",
            l.appId,
            l.secondStartSeconds,
            l.leadIds.size(),
            l.localLeadIds.size(),
            l.forwardedLeadIds.size());
      }
      for (Question q : overHttp) {
        Figures big = measure(q, large);
        Figures base = measure(q, small);
        rows.add(row(q, big, base));
        System.out.printf("  %s: %s | baseline %s%n", q.name, big.detail(), base.detail());
      }

      System.out.println();
      System.out.printf(
          "console queries through StoreViews (IQv1, in process) and over HTTP (2 instances of each"
              + " application in this JVM), real broker, %d partitions,"
              + " exactly_once_v2, lifecycle punctuation every %s; load average %.2f%n",
          ProcessorBenchmark.PARTITIONS,
          PUNCTUATE,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      for (Loaded l : List.of(large, small)) {
        l.printState();
      }
      String format = "%-44s %-30s %-30s %-10s %s%n";
      System.out.println();
      System.out.printf(
          format,
          "question",
          String.format("%,d leads: n p50/p99/max ms", large.leads),
          String.format("%,d leads: n p50/p99/max ms", small.leads),
          "p99 target",
          "");
      for (String[] row : rows) {
        System.out.printf(format, (Object[]) row);
      }
    } finally {
      broker.stop();
    }
  }

  private static String[] row(Question q, Figures big, Figures base) {
    return new String[] {
      q.name,
      big.toString(),
      base.toString(),
      q.targetP99Ms == 0 ? "-" : "< " + q.targetP99Ms,
      q.targetP99Ms == 0 ? "" : big.failed == 0 && big.p99 < q.targetP99Ms ? "met" : "MISSED"
    };
  }

  /**
   * GET {@code path} of {@code instance}'s console; 1 when answered 200, else {@link #FAILED} (not
   * timed: counted apart).
   */
  private static int get(HttpClient http, StreamProcessor instance, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.consolePort() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() == 200 ? 1 : FAILED;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the run, and says which threads, when threads of this JVM deadlock. */
  private static void watchForDeadlocks(LocalBroker broker) {
    Thread watchdog =
        new Thread(
            () -> {
              var threads = java.lang.management.ManagementFactory.getThreadMXBean();
              while (true) {
                long[] ids = threads.findDeadlockedThreads();
                if (ids != null) {
                  System.out.println("DEADLOCK between these threads; the run stops:");
                  for (var info : threads.getThreadInfo(ids, true, true)) {
                    System.out.print(info);
                  }
                  System.out.flush();
                  broker.stop();
                  Runtime.getRuntime().halt(3);
                }
                try {
                  TimeUnit.SECONDS.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "deadlock-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** One question of the console, asked of a loaded state; returns the size of its answer. */
  private record Question(String name, int targetP99Ms, Function<Loaded, Ask> ask) {}

  @FunctionalInterface
  private interface Ask {
    int ask(Random random);
  }

  private static Figures measure(Question q, Loaded state) {
    Ask ask = q.ask.apply(state);
    Random random = new Random(q.name.hashCode());
    for (int i = 0; i < Math.max(1, QUERIES / 10); i++) {
      ask.ask(random);
    }
    List<Double> ms = new ArrayList<>(QUERIES);
    long answered = 0;
    long sizes = 0;
    int failed = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUERY_SECONDS);
    while (ms.size() + failed < QUERIES && System.nanoTime() < end) {
      long start = System.nanoTime();
      int size = ask.ask(random);
      if (size == FAILED) {
        failed++;
        continue;
      }
      ms.add((System.nanoTime() - start) / 1e6);
      sizes += size;
      answered += size > 0 ? 1 : 0;
    }
    return new Figures(
        ms.size(),
        LoadedProcessor.percentile(ms, 50),
        LoadedProcessor.percentile(ms, 99),
        LoadedProcessor.percentile(ms, 100),
        answered,
        sizes,
        failed);
  }

  /** What a question answers when the console did not answer 200: counted, never timed. */
  private static final int FAILED = -1;

  /**
   * @param answered how many answers were not empty
   * @param sizes the answers' entries, summed
   * @param failed how many were not answered 200 (not in the times)
   */
  private record Figures(
      int n, double p50, double p99, double max, long answered, long sizes, int failed) {
    @Override
    public String toString() {
      return String.format("%,6d %7.2f %7.2f %7.2f", n, p50, p99, max)
          + (failed == 0 ? "" : String.format(" (%,d not 200)", failed));
    }

    String detail() {
      return String.format(
          "%,d timed, %,d answered, %.1f entries per answer, p50 %.2f ms p99 %.2f ms max %.2f ms;"
              + " %,d not answered 200",
          n, answered, n == 0 ? 0.0 : (double) sizes / n, p50, p99, max, failed);
    }
  }

  /** One application, its leads processed, and what to ask it. */
  private static final class Loaded implements AutoCloseable {
    final String appId;
    final int leads;
    final Path stateDir;
    final String bootstrap;
    final StreamProcessor first;
    final KafkaStreams streams;
    final StoreViews views;
    StreamProcessor second;
    double secondStartSeconds;
    final List<String> localLeadIds = new ArrayList<>();
    final List<String> forwardedLeadIds = new ArrayList<>();
    final List<String> leadIds = new ArrayList<>();
    final List<String> recentIngestIds = new ArrayList<>();
    final Map<LeadState, Long> states = new EnumMap<>(LeadState.class);
    int records;
    long contacted;
    long overdue;
    double produceSeconds;
    double loadSeconds;
    double contactSeconds;

    private Loaded(
        String appId, int leads, Path stateDir, String bootstrap, StreamProcessor first) {
      this.appId = appId;
      this.leads = leads;
      this.stateDir = stateDir;
      this.bootstrap = bootstrap;
      this.first = first;
      this.streams = first.streams();
      this.views = new StoreViews(streams, true);
    }

    /** The config of one instance of this application, its state under {@code stateDir}. */
    static Config instanceConfig(String bootstrap, String appId, Path stateDir) throws Exception {
      return LoadedProcessor.config(
          bootstrap,
          appId,
          appId.replace('-', '.'),
          stateDir,
          Map.of(
              "processor.lifecycle.punctuate.interval", PUNCTUATE,
              "processor.management.host", "127.0.0.1",
              "processor.management.port", "0",
              "processor.console.enabled", "true",
              "processor.console.host", "127.0.0.1",
              "processor.console.port", "0",
              "processor.console.tokens", TOKEN,
              // Every instance counts as caught up: a second one takes its share of the stateful
              // tasks at once and restores them, instead of warming up first and taking them over
              // at a probing rebalance up to 10 minutes later (the group leader's setting counts).
              "kafka.acceptable.recovery.lag", Long.toString(Long.MAX_VALUE)));
    }

    static Loaded load(String bootstrap, Path dir, String appId, int leads, Instant now)
        throws Exception {
      Path stateDir = dir.resolve("state-" + appId);
      Config config = instanceConfig(bootstrap, appId, stateDir);
      ProcessorSettings settings = ProcessorSettings.from(config);
      produceCatalog(bootstrap, settings.topics().offers());
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        Loaded loaded;
        long begin = System.nanoTime();
        List<String> recent = new ArrayList<>();
        int records = produceLeads(bootstrap, settings.topics().raw(), appId, leads, now, recent);
        double produceSeconds = (System.nanoTime() - begin) / 1e9;
        long start = System.nanoTime();
        StreamProcessor first = StreamProcessor.start(config);
        loaded = new Loaded(appId, leads, stateDir, bootstrap, first);
        loaded.records = records;
        loaded.recentIngestIds.addAll(recent);
        loaded.produceSeconds = produceSeconds;
        try {
          LoadedProcessor.awaitProcessed(admin, appId, settings);
          // Then its own dead letters, read back by the trace's dead-letter source.
          LoadedProcessor.awaitCommitted(admin, appId, settings.topics().dlq(), 1);
          loaded.loadSeconds = (System.nanoTime() - start) / 1e9;
          start = System.nanoTime();
          loaded.contact(bootstrap, settings.topics().activity(), now);
          LoadedProcessor.awaitCommitted(admin, appId, settings.topics().activity(), 0);
          loaded.contactSeconds = (System.nanoTime() - start) / 1e9;
        } catch (Exception | Error e) {
          loaded.close();
          throw e;
        }
        return loaded;
      }
    }

    /**
     * Starts a second instance of this application (its own state folder, restored from the
     * changelogs) and waits until both run with the partitions shared; then splits the known
     * leadIds by owner: those the first instance answers itself and those it forwards.
     */
    void startSecond(Path dir) throws Exception {
      long start = System.nanoTime();
      second =
          StreamProcessor.start(
              instanceConfig(bootstrap, appId, dir.resolve("state-" + appId + "-2")));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      while (!(first.state() == KafkaStreams.State.RUNNING
          && second.state() == KafkaStreams.State.RUNNING
          && sharesLeadStore())) {
        if (System.nanoTime() > deadline || first.failed() || second.failed()) {
          throw new IllegalStateException(
              appId
                  + ": two instances not running after 20 minutes: "
                  + first.state()
                  + ", "
                  + second.state());
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      secondStartSeconds = (System.nanoTime() - start) / 1e9;
      for (String leadId : leadIds) {
        KeyQueryMetadata owner =
            first
                .streams()
                .queryMetadataForKey(ViewsStep.LATEST_STORE, leadId, Serdes.String().serializer());
        (owner.activeHost().port() == first.consolePort() ? localLeadIds : forwardedLeadIds)
            .add(leadId);
      }
    }

    /** Whether both instances hold partitions of the single-lead store, as the first sees it. */
    private boolean sharesLeadStore() {
      return first.streams().streamsMetadataForStore(ViewsStep.LATEST_STORE).stream()
              .filter(m -> !m.topicPartitions().isEmpty())
              .count()
          == 2;
    }

    private static void produceCatalog(String bootstrap, String topic) {
      Properties props = ProcessorBenchmark.producerProps(bootstrap);
      try (KafkaProducer<String, OfferCatalogEntry> producer =
          new KafkaProducer<>(
              props, new StringSerializer(), LeadSerdes.offerCatalogEntry().serializer())) {
        for (String[] offer : OFFERS) {
          producer.send(
              new ProducerRecord<>(
                  topic, offer[0], new OfferCatalogEntry(offer[0], offer[1], offer[2], null)));
        }
        producer.flush();
      }
    }

    /** Produces the mix; returns the raw records written, adds the last tenth's ingest ids. */
    private static int produceLeads(
        String bootstrap,
        String topic,
        String appId,
        int leads,
        Instant now,
        List<String> recentIngestIds) {
      int records = 0;
      Random random = new Random(leads);
      long spread = SPREAD.toMillis();
      int recentFrom = leads - Math.max(1, leads / 10);
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(ProcessorBenchmark.producerProps(bootstrap))) {
        for (int c = 0; c < leads; c++) {
          String[] offer = OFFERS[random.nextInt(OFFERS.length)];
          boolean appSource = random.nextDouble() < 0.6;
          double kind = random.nextDouble();
          String action = kind < 0.05 ? "DNC" : appSource ? "PLT" : "INS";
          boolean nurture = kind >= 0.05 && kind < 0.25;
          String body =
              random.nextDouble() < 0.01
                  ? "{\"UserDetails\": ["
                  : ProcessorBenchmark.lead(
                      nurture
                          ? "someone" + c + "@gmail.com"
                          : "customer" + c + "@company" + (c % 5000) + ".example.com",
                      action,
                      (appSource ? "SPZA-" : "AzureMarketplace-") + action,
                      offer[0],
                      offer[1],
                      nurture ? null : "Company " + (c % 5000),
                      c);
          Instant created = now.minusMillis(spread - spread * c / leads);
          int copies = random.nextDouble() < 0.1 ? 2 : 1;
          for (int copy = 0; copy < copies; copy++) {
            String ingestId = "in_" + appId.hashCode() + "_" + records++;
            if (c >= recentFrom) {
              recentIngestIds.add(ingestId);
            }
            producer.send(
                new ProducerRecord<>(
                    topic,
                    null,
                    now.toEpochMilli(),
                    ingestId,
                    body.getBytes(StandardCharsets.UTF_8),
                    RawHeaders.of(
                        ingestId,
                        now,
                        RawHeaders.CHANNEL_IMPORT,
                        "application/json",
                        "bench",
                        created)));
          }
        }
        producer.flush();
      }
      return records;
    }

    /**
     * Reads every tracked lead once (the known leadIds to look up, the states) and contacts half of
     * the OPEN ones.
     */
    private void contact(String bootstrap, String topic, Instant now) throws Exception {
      ReadOnlyKeyValueStore<String, Tracked> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  LifecycleStep.STORE, QueryableStoreTypes.<String, Tracked>keyValueStore()));
      Random random = new Random(leads + 1);
      long window = Duration.ofHours(48).toMillis();
      try (KafkaProducer<String, LeadActivity> producer =
              new KafkaProducer<>(
                  ProcessorBenchmark.producerProps(bootstrap),
                  new StringSerializer(),
                  LeadSerdes.leadActivity().serializer());
          KeyValueIterator<String, Tracked> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, Tracked> entry = all.next();
          LeadStatus status = entry.value.status();
          if (status == null) {
            continue;
          }
          leadIds.add(entry.key);
          states.merge(status.state(), 1L, Long::sum);
          boolean wasOverdue = LifecycleStep.overdue(status);
          if (status.state() == LeadState.OPEN && random.nextBoolean()) {
            Instant at = status.firstSeenAt().plusMillis((long) (random.nextDouble() * window));
            at = at.isAfter(now) ? now : at;
            producer.send(
                new ProducerRecord<>(
                    topic,
                    entry.key,
                    LeadActivity.of(entry.key, ActivityType.CONTACTED, at, "bench", null)));
            contacted++;
          } else if (wasOverdue) {
            overdue++;
          }
        }
        producer.flush();
      }
    }

    <T> T pick(List<T> values, Random random) {
      return values.get(random.nextInt(values.size()));
    }

    void printState() throws Exception {
      System.out.printf(
          "%s: %,d leads (%,d raw records: 10%% sent twice, 1%% broken) produced in %.1f s;"
              + " processed in %.1f s (%,.0f raw records/s); %,d tracked %s; %,d contacted"
              + " (processed in %.1f s), %,d overdue%n",
          appId,
          leads,
          records,
          produceSeconds,
          loadSeconds,
          records / loadSeconds,
          leadIds.size(),
          states,
          contacted,
          contactSeconds,
          overdue);
      StringBuilder sizes = new StringBuilder("  stores on disk:");
      long total = 0;
      for (String store :
          List.of(
              ViewsStep.LATEST_STORE,
              ViewsStep.FUNNEL_LEAD_STORE,
              ViewsStep.FUNNEL_DAY_STORE,
              ViewsStep.TRACE_STORE,
              ViewsStep.DLQ_TRACE_STORE,
              LifecycleStep.STORE,
              LifecycleStep.INDEX,
              LifecycleStep.COUNTS)) {
        long bytes = LoadedProcessor.du(stateDir, store);
        total += bytes;
        sizes.append(String.format(" %s %.1f MB,", store, bytes / 1e6));
      }
      System.out.println(sizes.append(String.format(" total %.1f MB", total / 1e6)));
    }

    @Override
    public void close() {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  private ConsoleBenchmark() {}
}
