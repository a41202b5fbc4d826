package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.localbroker.LocalCluster;
import io.leadstream.schemas.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to real processes in production, under load, on a cluster of three real broker
 * processes ({@link LocalCluster}) with the gateway and a processor each in a JVM of their own: the
 * leader of leads.raw's partitions is killed with SIGKILL and started again; a broker is frozen
 * with SIGSTOP (5 s in CI, 30 s in full mode) and resumed with SIGCONT; the gateway process is
 * killed with SIGKILL and started again; the processor is killed with SIGKILL while its
 * transactions are open. During each fault the gateway answers 202 only for durable leads and 503
 * with Retry-After otherwise (a killed gateway gives no answer at all), and no request waits past
 * the produce timeout's bound; at the end the checker proves every 202 exactly once on leads.raw
 * and every output exactly once.
 */
@Order(5)
class ProcessFaultIT {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessFaultIT.class);
  static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(3);

  /**
   * The bound on every answer as the client sees it: the gateway's own bound is the produce timeout
   * from a complete request; the client's clock adds HTTP and scheduling, which on a loaded 2-core
   * machine running five JVMs took answers to 5.4 s. Twice the produce timeout: a request that
   * hangs on a dead or frozen broker would wait far longer.
   */
  static final Duration ANSWER_BOUND = PRODUCE_TIMEOUT.multipliedBy(2);

  /** After each fault is healed, its phase lasts until this many 202s were seen. */
  private static final int PER_PHASE = Mode.pick(150, 3_000);

  /**
   * The brokers' session with the controller (Kafka's default is 9 s): a node that misses its
   * heartbeats this long is fenced and its leaderships move. Shorter than the default so that the
   * CI version fits its time budget (failover times scale with it); not much shorter, or brokers of
   * a loaded machine get fenced for their own slowness.
   */
  static final Map<String, String> BROKER_SESSION =
      Map.of("broker.session.timeout.ms", "6000", "broker.heartbeat.interval.ms", "1000");

  private static final Duration PAUSE = Mode.pick(Duration.ofSeconds(5), Duration.ofSeconds(30));
  private static final double POSTS_PER_SECOND = Mode.pick(150.0, 300.0);
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(120);

  private static final String PROCESSOR_KILL = "processor-sigkill-open-transactions";

  private final String raw = TopicNames.defaults().raw();

  /** Measured by the processor kill: until processing resumed, and what was open at the kill. */
  private long processingResumedMillis;

  private long openTransactionsAtKill;

  private long committedAtKill;
  private long processorKilledAt;

  @Test
  void brokersTheGatewayAndTheProcessorAreKilledOrFrozenAndEveryAcknowledgedLeadArrivesOnce(
      @TempDir Path dir) throws Exception {
    long begin = System.nanoTime();
    try (LocalCluster cluster =
        LocalCluster.builder()
            .dataDir(dir.resolve("kafka"))
            .serverProperties(BROKER_SESSION)
            .build()) {
      cluster.start();
      ProcessKafka kafka = ProcessKafka.of(cluster);
      try (HeapSampler heap = new HeapSampler();
          Processors processors =
              new Processors(kafka, dir.resolve("processors"), "process-faults", 3);
          GatewayProcess gateway =
              new GatewayProcess(
                  kafka,
                  dir,
                  "process-faults-gateway",
                  Map.of("gateway.produce.timeout", PRODUCE_TIMEOUT.toMillis() + "ms"))) {
        processors.start("a");
        Pipeline.awaitTopics(kafka, Duration.ofSeconds(60));
        awaitFullyReplicated(cluster);
        gateway.start(Duration.ofSeconds(60));
        PipelineChecker checker = new PipelineChecker(kafka, processors.settings());
        List<FaultPhase> phases = new ArrayList<>();
        try (LoadGenerator load =
            new LoadGenerator(gateway.url(), Pipeline.TOKENS, 8, Integer.MAX_VALUE, 13)
                .pace(POSTS_PER_SECOND)) {
          load.postFixtures();
          load.start();
          await().atMost(PHASE_TIMEOUT).until(() -> load.count(202) >= PER_PHASE);

          phases.add(killTheLeader(cluster, load));
          phases.add(freezeTheLeader(cluster, load));
          phases.add(killTheGateway(gateway, load));
          phases.add(killTheProcessor(kafka, processors, checker, load));

          load.stop();
          load.awaitDone(Duration.ofSeconds(60));
          List<String> died = List.copyOf(processors.dead().keySet());
          for (String instance : died) {
            LOG.warn("Processor {} ended by itself during the faults; starting it again", instance);
            processors.start(instance);
          }
          await()
              .atMost(Duration.ofMinutes(5))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> resumed(checker) && checker.processed());
          PipelineChecker.Report report =
              checker.check(load.acknowledged(), load.rejectedButKept(), Duration.ofMinutes(2));
          Map<String, Long> onRaw = checker.rawOccurrences();
          List<LoadGenerator.Answer> answers = load.answers();
          for (FaultPhase phase : phases) {
            Figures figures = phase.figures(answers, onRaw);
            if (phase.name().equals(PROCESSOR_KILL)) {
              figures.put(Figures.RECOVERY_MS, processingResumedMillis);
              figures.put("openTransactionsAtKill", openTransactionsAtKill);
            }
            figures.write();
          }
          new Figures("process-faults")
              .put(Figures.SENT, load.sent())
              .put(Figures.ACKNOWLEDGED, report.acknowledged())
              .put(Figures.OUTPUTS, report.outputs())
              .put(Figures.LOST, report.lost() + report.modelLost())
              .put(Figures.DUPLICATED, report.duplicated() + report.modelDuplicated())
              .put(Figures.FAULTS, phases.size())
              .put(Figures.FIVE_XX, answers.stream().filter(a -> a.status() >= 500).count())
              .put(Figures.PEAK_HEAP, heap.peak())
              .put("peakHeapUsedBytes", heap.peakUsed())
              .put("processorPeakRssBytes", processors.peakResidentBytes())
              .put("processorsRestartedAfterFaults", died.size())
              .put("seconds", (System.nanoTime() - begin) / 1_000_000_000L)
              .write();
          LOG.info("ProcessFaultIT: {}", report.summary());

          FaultPhase gatewayKill = phases.get(2);
          assertThat(answers)
              .as("answers other than 202, 400 (invalid body, kept) and 503 (cannot write now)")
              .filteredOn(a -> a.status() != -1)
              .allSatisfy(a -> assertThat(a.status()).isIn(202, 400, 503));
          assertThat(answers)
              .as("requests without an answer, outside the gateway's own death")
              .filteredOn(a -> a.status() == -1)
              .allSatisfy(
                  a ->
                      assertThat(
                              a.endNanos() >= gatewayKill.begin()
                                  && a.startNanos() < gatewayKill.healed())
                          .isTrue());
          assertThat(answers)
              .filteredOn(a -> a.status() == 503)
              .as("every 503 says when to retry")
              .allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
          for (FaultPhase phase : phases) {
            assertThat(Duration.ofMillis(phase.longestAnswerMillis(answers)))
                .as("the longest answer during " + phase.name())
                .isLessThan(ANSWER_BOUND);
          }
          assertThat(openTransactionsAtKill)
              .as("the processor's transactions left open by its SIGKILL")
              .isPositive();
          assertThat(phases.get(0).answers(answers))
              .as("SIGKILL of a leader: some 202s still, as the other leaders and the new one take")
              .anySatisfy(a -> assertThat(a.status()).isEqualTo(202));
          assertThat(report.problems()).as("problems").isEmpty();
          assertThat(report.lost()).as("lost").isZero();
          assertThat(report.duplicated()).as("duplicated").isZero();
          assertThat(report.modelLost()).as("lost (per-customer model)").isZero();
          assertThat(report.modelDuplicated()).as("duplicated (per-customer model)").isZero();
          assertThat(report.outputs()).isEqualTo(report.expectedOutputs()).isPositive();
        }
      }
    }
  }

  /**
   * SIGKILL for the leader of leads.raw's partition 0 (with three nodes it leads about a third of
   * the partitions); the phase holds until the cluster has elected another leader and the gateway
   * has acknowledged {@link #PER_PHASE} leads since, then the node is started again on its data.
   */
  private FaultPhase killTheLeader(LocalCluster cluster, LoadGenerator load) {
    int victim = cluster.leaderOf(raw, 0).orElseThrow();
    long begin = System.nanoTime();
    cluster.kill(victim);
    LOG.info("Fault: SIGKILL for node {}, leader of {}-0", cluster.nodeId(victim), raw);
    await()
        .atMost(PHASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> cluster.leaderOf(raw, 0).filter(l -> l != victim).isPresent());
    long failedOver = System.nanoTime();
    await().atMost(PHASE_TIMEOUT).until(() -> load.countSince(202, failedOver) >= PER_PHASE);
    cluster.start(victim);
    long healed = System.nanoTime();
    awaitFullyReplicated(cluster);
    return new FaultPhase("broker-leader-sigkill", begin, healed, System.nanoTime());
  }

  /**
   * SIGSTOP for the leader of leads.raw's partition 0: a hung node, its sockets open, answering
   * nothing. Held for {@link #PAUSE}, then SIGCONT. Until its session ({@link #BROKER_SESSION})
   * runs out it is not fenced, so every client must give up on it by its own timeouts (the whole CI
   * pause); then the controller fences it and moves its leaders (the full pause).
   */
  private FaultPhase freezeTheLeader(LocalCluster cluster, LoadGenerator load) {
    int victim = cluster.leaderOf(raw, 0).orElseThrow();
    long begin = System.nanoTime();
    cluster.pause(victim);
    LOG.info("Fault: SIGSTOP for node {} for {} s", cluster.nodeId(victim), PAUSE.toSeconds());
    await()
        .during(PAUSE)
        .atMost(PAUSE.plusSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> cluster.isPaused(victim));
    cluster.resume(victim);
    long healed = System.nanoTime();
    await().atMost(PHASE_TIMEOUT).until(() -> load.countSince(202, healed) >= PER_PHASE);
    awaitFullyReplicated(cluster);
    return new FaultPhase("broker-sigstop-" + PAUSE.toSeconds() + "s", begin, healed, nowNanos());
  }

  /** SIGKILL for the gateway process under load, then a new one on the same port. */
  private FaultPhase killTheGateway(GatewayProcess gateway, LoadGenerator load) {
    long begin = System.nanoTime();
    gateway.kill();
    LOG.info("Fault: SIGKILL for the gateway process");
    gateway.start(Duration.ofSeconds(60));
    long healed = System.nanoTime();
    await().atMost(PHASE_TIMEOUT).until(() -> load.countSince(202, healed) >= PER_PHASE);
    return new FaultPhase("gateway-sigkill", begin, healed, nowNanos());
  }

  /**
   * SIGKILL for the processor at a moment the cluster reports one of its transactions open
   * (ONGOING), counting its transactions still open right after the kill; then a new JVM on its
   * state folder. Recovery is the time until it has committed leads.raw offsets past those
   * committed when it died.
   */
  private FaultPhase killTheProcessor(
      ProcessKafka kafka, Processors processors, PipelineChecker checker, LoadGenerator load)
      throws Exception {
    long begin;
    try (Admin admin = kafka.admin()) {
      await()
          .atMost(PHASE_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !openTransactions(admin, processors.applicationId()).isEmpty());
      begin = System.nanoTime();
      processors.kill("a");
      // Still open after the kill: the dead producer's transactions, open until the new instance
      // fences them; none means the kill fell between two transactions.
      openTransactionsAtKill = openTransactions(admin, processors.applicationId()).size();
    }
    committedAtKill = checker.committedRaw();
    processors.start("a");
    long healed = System.nanoTime();
    processorKilledAt = begin;
    LOG.info(
        "Fault: SIGKILL for the processor with {} transaction(s) open", openTransactionsAtKill);
    await().atMost(PHASE_TIMEOUT).until(() -> load.countSince(202, healed) >= PER_PHASE);
    return new FaultPhase(PROCESSOR_KILL, begin, healed, nowNanos());
  }

  /**
   * Whether the restarted processor has committed leads.raw offsets past those committed at the
   * kill (noting when it first had): polled with the final wait, so measuring costs no time.
   */
  private boolean resumed(PipelineChecker checker) throws Exception {
    if (processingResumedMillis == 0 && checker.committedRaw() > committedAtKill) {
      processingResumedMillis = (System.nanoTime() - processorKilledAt) / 1_000_000;
    }
    return processingResumedMillis > 0;
  }

  private static List<TransactionListing> openTransactions(Admin admin, String applicationId)
      throws Exception {
    return admin
        .listTransactions(
            new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
        .all()
        .get()
        .stream()
        .filter(t -> t.transactionalId().startsWith(applicationId))
        .toList();
  }

  /**
   * Waits until every partition of leads.raw has all three replicas in sync, so that each fault
   * starts from a healthy cluster (a node still catching up would make the next fault two).
   */
  private void awaitFullyReplicated(LocalCluster cluster) {
    await()
        .atMost(PHASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              try (Admin admin = cluster.admin()) {
                return admin
                    .describeTopics(List.of(raw))
                    .allTopicNames()
                    .get()
                    .get(raw)
                    .partitions()
                    .stream()
                    .allMatch(p -> p.leader() != null && p.isr().size() == cluster.size());
              }
            });
  }

  private static long nowNanos() {
    return System.nanoTime();
  }
}
