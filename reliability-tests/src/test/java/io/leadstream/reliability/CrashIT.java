package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.gateway.Gateway;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leads posted over HTTP by concurrent senders while the stream processors (two instances, each in
 * its own JVM) are killed with SIGKILL and restarted again and again. Every acknowledged lead must
 * produce exactly the outputs of an uninterrupted run: nothing lost, nothing twice. CI: 20,000
 * leads, 3 kills; full ({@code -Dleadstream.full=true}): 200,000 leads, 20 kills.
 */
@KafkaCluster
@Order(1)
class CrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(CrashIT.class);

  @Test
  void everyAcknowledgedLeadProducesItsOutputsExactlyOnceWhileProcessorsAreKilledAndRestarted(
      RealKafka kafka, @TempDir Path dir) throws Exception {
    int leads = Mode.pick(20_000, 200_000);
    int kills = Mode.pick(3, 20);
    long begin = System.nanoTime();
    try (HeapSampler heap = new HeapSampler();
        Processors processors = new Processors(kafka, dir, "crash-it", 1)) {
      processors.start("a");
      processors.start("b");
      Pipeline.awaitTopics(kafka, Duration.ofSeconds(60));
      PipelineChecker checker = new PipelineChecker(kafka, processors.settings());
      try (Gateway gateway = Pipeline.gateway(kafka, Map.of());
          LoadGenerator load = new LoadGenerator(gateway.url(), Pipeline.TOKENS, 16, leads, 7)) {
        load.postFixtures();
        load.start();
        // Kill by processing progress, so that every kill hits a processor in the middle of work.
        long step = (long) (leads * 0.9 / (kills + 1));
        for (int k = 1; k <= kills; k++) {
          long target = k * step;
          await()
              .atMost(Duration.ofMinutes(5))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> checker.committedRaw() >= target);
          String victim = k % 2 == 1 ? "a" : "b";
          processors.killAndRestart(victim);
          LOG.info(
              "Kill {} of {}: processor {} killed at {} raw records committed",
              k,
              kills,
              victim,
              target);
        }
        load.awaitDone(Duration.ofMinutes(10));
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .until(checker::processed);
        assertThat(processors.dead()).as("processors that died by themselves").isEmpty();

        PipelineChecker.Report report =
            checker.check(load.acknowledged(), load.rejectedButKept(), Duration.ofMinutes(2));
        long fiveXx = load.answers().stream().filter(a -> a.status() >= 500).count();
        new Figures("crash")
            .put(Figures.SENT, load.sent())
            .put(Figures.ACKNOWLEDGED, report.acknowledged())
            .put(Figures.OUTPUTS, report.outputs())
            .put(Figures.LOST, report.lost() + report.modelLost())
            .put(Figures.DUPLICATED, report.duplicated() + report.modelDuplicated())
            .put(Figures.FAULTS, processors.kills())
            .put(Figures.FIVE_XX, fiveXx)
            .put(Figures.PEAK_HEAP, heap.peak())
            .put("peakHeapUsedBytes", heap.peakUsed())
            .put("processorPeakRssBytes", processors.peakResidentBytes())
            .put("seconds", (System.nanoTime() - begin) / 1_000_000_000L)
            .write();
        LOG.info("CrashIT: {}", report.summary());

        assertThat(processors.kills()).isEqualTo(kills);
        assertThat(load.answers())
            .as("answers other than 202 (lead) and 400 (invalid body, kept)")
            .allSatisfy(a -> assertThat(a.status()).isIn(202, 400));
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
