package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadstream.gateway.Gateway;
import io.leadstream.localbroker.LocalBroker;
import io.leadstream.localbroker.LocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's log directory fills up under load: a real broker process ({@link LocalBroker}) whose
 * only log dir is a small tmpfs the test mounts (root only; skipped with the reason elsewhere), a
 * file filling it to the last byte. What Kafka 4.3 does then: the first append that fails takes the
 * log dir offline, and with its only log dir offline the broker shuts itself down. So the test
 * proves: the gateway answers 503, not 202, from then on (no request waits past its bound); once
 * the space is back, leads are acknowledged again without anything restarted by hand (the broker's
 * keeper, {@link LocalBroker#keepRunning()}, as in the local stack, starts it again until it stays
 * up; gateway and processor ride it out), and every acknowledged lead comes out exactly once.
 */
@Order(6)
class DiskFullIT {

  private static final Logger LOG = LoggerFactory.getLogger(DiskFullIT.class);

  /** As in {@link ProcessFaultIT}, whose answer bound applies here too. */
  private static final Duration PRODUCE_TIMEOUT = ProcessFaultIT.PRODUCE_TIMEOUT;

  private static final int PER_PHASE = Mode.pick(150, 3_000);
  private static final String DISK = "64m";

  @Test
  void aFullLogDiskMakesTheGatewayAnswer503AndEveryAcknowledgedLeadArrivesExactlyOnce(
      @TempDir Path dir) throws Exception {
    Path brokerDir = dir.resolve("broker");
    Path data = Files.createDirectories(brokerDir.resolve("data"));
    mountTmpfs(data);
    long begin = System.nanoTime();
    Path filler = data.resolve("filler");
    LocalBroker broker =
        LocalBroker.builder()
            .dataDir(brokerDir)
            .host("127.0.0.1")
            .port(freePort())
            .controllerPort(freePort())
            .jvmOptions(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"))
            .serverProperties(
                Map.of(
                    "log.cleaner.dedupe.buffer.size",
                    Integer.toString(LocalCluster.DEDUPE_BUFFER_BYTES)))
            .build();
    try {
      broker.start();
      // As the local stack does: a broker that ends on its own is started again by its keeper.
      broker.keepRunning();
      ProcessKafka kafka = ProcessKafka.of(broker);
      try (HeapSampler heap = new HeapSampler();
          Processors processors =
              new Processors(kafka, dir.resolve("processors"), "disk-full", 1)) {
        processors.start("a");
        Pipeline.awaitTopics(kafka, Duration.ofSeconds(60));
        PipelineChecker checker = new PipelineChecker(kafka, processors.settings());
        try (Gateway gateway =
                Pipeline.gateway(
                    kafka, Map.of("gateway.produce.timeout", PRODUCE_TIMEOUT.toMillis() + "ms"));
            LoadGenerator load =
                new LoadGenerator(gateway.url(), Pipeline.TOKENS, 8, Integer.MAX_VALUE, 17)
                    .pace(Mode.pick(150.0, 300.0))) {
          load.postFixtures();
          load.start();
          await().atMost(Duration.ofSeconds(60)).until(() -> load.count(202) >= PER_PHASE);

          long filled = System.nanoTime();
          long fillerBytes = fill(filler);
          LOG.info("Fault: the broker's log dir is full ({} filler bytes)", fillerBytes);
          await().atMost(Duration.ofSeconds(60)).until(() -> load.countSince(503, filled) >= 16);
          long first503 =
              load.answers().stream()
                  .filter(a -> a.status() == 503 && a.startNanos() > filled)
                  .mapToLong(LoadGenerator.Answer::endNanos)
                  .min()
                  .orElseThrow();
          // Kafka 4.3 takes a log dir offline on an IOException; with no log dir left, the broker
          // shuts itself down ("Shutdown broker because all log dirs ... have failed").
          await().atMost(Duration.ofSeconds(60)).until(() -> !broker.isRunning());
          long exited = System.nanoTime();
          String brokerLog = Files.readString(brokerDir.resolve("broker.log"));
          long full503 = load.countSince(503, first503);
          long freed = System.nanoTime();
          assertThat(
                  load.answers().stream()
                      .filter(a -> a.startNanos() > first503 && a.endNanos() < freed)
                      .filter(a -> a.kind() != LeadMix.Kind.INVALID)
                      .toList())
              .as("answers after the first 503 while the disk is full")
              .isNotEmpty()
              .allSatisfy(a -> assertThat(a.status()).isEqualTo(503));

          // Nothing is restarted by hand: freeing the space is all it takes (the keeper's next
          // start of the broker, at most 30 s later, stays up).
          Files.delete(filler);
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> load.countSince(202, freed) >= PER_PHASE);
          long end = System.nanoTime();
          long restarted =
              load.answers().stream()
                  .filter(a -> a.status() == 202 && a.startNanos() > freed)
                  .mapToLong(LoadGenerator.Answer::endNanos)
                  .min()
                  .orElseThrow();
          LOG.info(
              "Space freed; leads acknowledged again after {} ms", (restarted - freed) / 1_000_000);

          load.stop();
          load.awaitDone(Duration.ofSeconds(60));
          List<String> died = List.copyOf(processors.dead().keySet());
          for (String instance : died) {
            LOG.warn("Processor {} ended while the broker was down; starting it again", instance);
            processors.start(instance);
          }
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(500))
              .until(checker::processed);
          PipelineChecker.Report report =
              checker.check(load.acknowledged(), load.rejectedButKept(), Duration.ofMinutes(2));
          List<LoadGenerator.Answer> answers = load.answers();
          FaultPhase phase = new FaultPhase("broker-disk-full", filled, restarted, end);
          phase
              .figures(answers, checker.rawOccurrences())
              .put("answers503WhileFull", full503)
              .put("brokerExitedAfterMillis", (exited - filled) / 1_000_000)
              .put("firstAckAfterSpaceFreedMillis", (restarted - freed) / 1_000_000)
              .write();
          new Figures("disk-full")
              .put(Figures.SENT, load.sent())
              .put(Figures.ACKNOWLEDGED, report.acknowledged())
              .put(Figures.OUTPUTS, report.outputs())
              .put(Figures.LOST, report.lost() + report.modelLost())
              .put(Figures.DUPLICATED, report.duplicated() + report.modelDuplicated())
              .put(Figures.FAULTS, 1)
              .put(Figures.FIVE_XX, answers.stream().filter(a -> a.status() >= 500).count())
              .put(Figures.PEAK_HEAP, heap.peak())
              .put("peakHeapUsedBytes", heap.peakUsed())
              .put("processorPeakRssBytes", processors.peakResidentBytes())
              .put("processorsRestartedAfterOutage", died.size())
              .put("seconds", (System.nanoTime() - begin) / 1_000_000_000L)
              .write();
          LOG.info("DiskFullIT: {}", report.summary());

          assertThat(brokerLog)
              .as("what Kafka does when its only log dir fails: it shuts the broker down")
              .contains("java.io.IOException: No space left on device")
              .contains("Shutdown broker because all log dirs in " + data + " have failed");
          assertThat(answers)
              .as("answers other than 202, 400 (invalid body, kept) and 503 (cannot write now)")
              .allSatisfy(a -> assertThat(a.status()).isIn(202, 400, 503));
          assertThat(answers)
              .filteredOn(a -> a.status() == 503)
              .as("every 503 says when to retry")
              .allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
          assertThat(Duration.ofMillis(phase.longestAnswerMillis(answers)))
              .as("the longest answer while the disk was full or the broker down")
              .isLessThan(ProcessFaultIT.ANSWER_BOUND);
          assertThat(report.problems()).as("problems").isEmpty();
          assertThat(report.lost()).as("lost").isZero();
          assertThat(report.duplicated()).as("duplicated").isZero();
          assertThat(report.modelLost()).as("lost (per-customer model)").isZero();
          assertThat(report.modelDuplicated()).as("duplicated (per-customer model)").isZero();
          assertThat(report.outputs()).isEqualTo(report.expectedOutputs()).isPositive();
        }
      }
    } finally {
      broker.stop();
      unmount(data);
    }
  }

  /** Writes {@code file} until the filesystem has no byte left; returns how many it took. */
  private static long fill(Path file) throws IOException {
    long written = 0;
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int size = chunk.length; size >= 512; size /= 4) {
        try {
          while (true) {
            out.write(chunk, 0, size);
            out.flush();
            written += size;
          }
        } catch (IOException full) {
          // No room for a chunk this size: try a smaller one, down to the last block.
        }
      }
    } catch (IOException closing) {
      // Closing a file on a full disk may fail too; what was written stays.
    }
    return written;
  }

  /** Mounts a tmpfs of {@link #DISK} on {@code dir}, or skips the test saying why it cannot. */
  private static void mountTmpfs(Path dir) throws Exception {
    Run mount = run("mount", "-t", "tmpfs", "-o", "size=" + DISK, "tmpfs", dir.toString());
    assumeTrue(
        mount.exit() == 0,
        () ->
            "DiskFullIT needs to mount a small filesystem (root or CAP_SYS_ADMIN, mount(8));"
                + " here `mount -t tmpfs` failed: "
                + mount.output().strip());
  }

  private static void unmount(Path dir) {
    try {
      Run umount = run("umount", dir.toString());
      if (umount.exit() != 0) {
        LOG.warn("umount {} failed ({}); detaching it lazily", dir, umount.output().strip());
        run("umount", "-l", dir.toString());
      }
    } catch (Exception e) {
      LOG.warn("Could not unmount {}: {}", dir, e.toString());
    }
  }

  private record Run(int exit, String output) {}

  private static Run run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Run(-1, e.toString());
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, String.join(" ", command) + " did not finish within 30 s");
    }
    return new Run(p.exitValue(), output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
