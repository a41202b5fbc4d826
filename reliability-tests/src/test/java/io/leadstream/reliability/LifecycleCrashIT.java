package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.gateway.Gateway;
import io.leadstream.schemas.TopicNames;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle under crashes: leads posted at a steady pace, with a follow-up SLA of a few seconds
 * so that their deadlines fall due all through the run, while the two processor JVMs are killed
 * with SIGKILL and restarted in turn; a {@link Contactor} answers one qualified lead in three at
 * once. Afterwards {@link LifecycleChecker} proves from {@code leads.alerts} and {@code
 * leads.status} (read_committed) that every deadline raised its alert exactly once with its
 * deterministic id, contacted leads none, and every lead's status ends right; {@link
 * PipelineChecker} proves the lead outputs exactly once as in {@link CrashIT}. CI: 24 s of leads, 3
 * kills; full: 180 s, 20 kills.
 */
@KafkaCluster
@Order(4)
class LifecycleCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleCrashIT.class);

  private static final Duration SLA = Duration.ofSeconds(12);
  private static final Duration WARNING = Duration.ofSeconds(4);

  @Test
  void everyFollowUpDeadlineRaisesItsAlertExactlyOnceWhileProcessorsAreKilledAndRestarted(
      RealKafka kafka, @TempDir Path dir) throws Exception {
    Duration sending = Duration.ofSeconds(Mode.pick(24, 180));
    int kills = Mode.pick(3, 20);
    double pace = Mode.pick(10.0, 20.0);
    long begin = System.nanoTime();
    Map<String, String> lifecycle =
        Map.of(
            "processor.followup.sla", SLA.toString(),
            "processor.lifecycle.followup.warning", WARNING.toString(),
            "processor.lifecycle.punctuate.interval", "PT1S");
    try (HeapSampler heap = new HeapSampler();
        Processors processors = new Processors(kafka, dir, "lifecycle-crash-it", 1, lifecycle)) {
      processors.start("a");
      processors.start("b");
      Pipeline.awaitTopics(kafka, Duration.ofSeconds(60));
      PipelineChecker checker = new PipelineChecker(kafka, processors.settings());
      LifecycleChecker lifecycleChecker = new LifecycleChecker(TopicNames.defaults(), SLA, WARNING);
      List<Instant> killedAt = new ArrayList<>();
      try (Gateway gateway =
              Pipeline.gateway(kafka, Map.of("gateway.activity.tokens", Pipeline.ACTIVITY_TOKEN));
          Contactor contactor = new Contactor(kafka, gateway.url());
          LoadGenerator load =
              new LoadGenerator(gateway.url(), Pipeline.TOKENS, 4, Integer.MAX_VALUE, 11)) {
        load.postFixtures();
        load.pace(pace).start();
        // Kill by the clock: deadlines fall due at a steady rate, so each kill lands among them.
        long start = System.nanoTime();
        long step = sending.toNanos() / (kills + 1);
        for (int k = 1; k <= kills; k++) {
          long at = start + k * step;
          await()
              .atMost(sending.plusSeconds(30))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> System.nanoTime() >= at);
          String victim = k % 2 == 1 ? "a" : "b";
          processors.killAndRestart(victim);
          killedAt.add(Instant.now());
          LOG.info("Kill {} of {}: processor {}", k, kills, victim);
        }
        await()
            .atMost(sending.plusSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> System.nanoTime() - start >= sending.toNanos());
        load.stop();
        load.awaitDone(Duration.ofSeconds(60));
        Instant lastDeadline = Instant.now().plus(SLA);
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    checker.processed()
                        && contactor.caughtUp()
                        && Instant.now().isAfter(lastDeadline.plusSeconds(2)));
        contactor.stop();
        AtomicReference<LifecycleChecker.Report> report = new AtomicReference<>();
        try {
          // The last punctuations and commits may still be on their way: settle, then judge.
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofSeconds(2))
              .until(
                  () -> {
                    report.set(lifecycleChecker.check(checker, contactor.contacted()));
                    return report.get().missing() == 0 && report.get().statusWrong() == 0;
                  });
        } catch (ConditionTimeoutException e) {
          LOG.warn("LifecycleCrashIT: the lifecycle did not settle; judging what is there");
        }
        assertThat(processors.dead()).as("processors that died by themselves").isEmpty();
        PipelineChecker.Report leads =
            checker.check(load.acknowledged(), load.rejectedButKept(), Duration.ofMinutes(1));
        LifecycleChecker.Report alerts = lifecycleChecker.check(checker, contactor.contacted());
        long duringRestart =
            killedAt.stream()
                .mapToLong(
                    k ->
                        alerts.deadlines().stream()
                            .filter(d -> !d.isBefore(k) && d.isBefore(k.plusSeconds(10)))
                            .count())
                .sum();
        new Figures("lifecycle-crash")
            .put(Figures.SENT, load.sent())
            .put(Figures.ACKNOWLEDGED, leads.acknowledged())
            .put(Figures.OUTPUTS, leads.outputs())
            .put(Figures.LOST, leads.lost() + leads.modelLost() + alerts.missing())
            .put(
                Figures.DUPLICATED,
                leads.duplicated() + leads.modelDuplicated() + alerts.duplicated())
            .put(Figures.FAULTS, processors.kills())
            .put(Figures.FIVE_XX, load.answers().stream().filter(a -> a.status() >= 500).count())
            .put(Figures.PEAK_HEAP, heap.peak())
            .put(Figures.ALERTS_EXPECTED, alerts.expected())
            .put(Figures.ALERTS_SEEN, alerts.seen())
            .put("alertsDuplicated", alerts.duplicated())
            .put("alertsMissing", alerts.missing())
            .put("alertsUnexpected", alerts.unexpected())
            .put("dueSoonSeen", alerts.dueSoonSeen())
            .put("dueSoonSkipped", alerts.dueSoonSkipped())
            .put("qualifiedLeads", alerts.qualified())
            .put("contactedLeads", alerts.contacted())
            .put("contactsProcessedLate", alerts.contactsProcessedLate())
            .put("deadlinesWithin10sAfterAKill", duringRestart)
            .put("processorPeakRssBytes", processors.peakResidentBytes())
            .put("seconds", (System.nanoTime() - begin) / 1_000_000_000L)
            .write();
        LOG.info("LifecycleCrashIT: leads {}; {}", leads.summary(), alerts.summary());

        assertThat(processors.kills()).isEqualTo(kills);
        assertThat(contactor.failedAnswers()).as("activity answers other than 202").isEmpty();
        assertThat(leads.problems()).as("lead problems").isEmpty();
        assertThat(leads.lost() + leads.modelLost()).as("leads lost").isZero();
        assertThat(leads.duplicated() + leads.modelDuplicated()).as("leads duplicated").isZero();
        assertThat(alerts.problems()).as("lifecycle problems").isEmpty();
        assertThat(alerts.missing()).as("alerts missing").isZero();
        assertThat(alerts.duplicated()).as("alerts duplicated").isZero();
        assertThat(alerts.unexpected()).as("alerts not allowed").isZero();
        assertThat(alerts.statusWrong()).as("wrong statuses").isZero();
        assertThat(alerts.expected()).as("deadlines that fell due").isGreaterThan(50);
        assertThat(duringRestart).as("deadlines due within 10 s after a kill").isPositive();
        assertThat(alerts.contacted()).as("contacted qualified leads").isPositive();
        // Not asserted: how many due-soon alerts a slow restart skipped and how many contacts came
        // only after an alert; both follow the machine's load, not the lifecycle's correctness.
      }
    }
  }
}
