package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadstream.gateway.Gateway;
import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Far more concurrent clients than the gateway's in-flight bound: slow senders that send their
 * headers and half a body and then wait hold every slot, while fast senders keep posting. Past the
 * bound the gateway answers 503 with Retry-After at once, never another 5xx; its heap stays
 * bounded; once the slow senders finish, leads are acknowledged normally again; every 202 is on
 * leads.raw exactly once.
 */
@KafkaCluster
@Order(3)
class OverloadIT {

  private static final Logger LOG = LoggerFactory.getLogger(OverloadIT.class);
  private static final int MAX_IN_FLIGHT = 16;
  private static final int SLOW = Mode.pick(200, 2_000);
  private static final int FAST = Mode.pick(32, 64);
  private static final Duration OVERLOAD = Duration.ofSeconds(Mode.pick(3, 20));
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(in_[0-9a-z]+)\"");

  @Test
  void answers503WithRetryAfterPastTheInFlightBoundKeepsItsHeapBoundedAndRecovers(RealKafka kafka)
      throws Exception {
    kafka.createTopic("leads.raw", 3, 1);
    kafka.createTopic("leads.dlq", 1, 1);
    long begin = System.nanoTime();
    List<String> acknowledged = new ArrayList<>();
    long fiveXx;
    long sent;
    long heapGrowth;
    try (HeapSampler heap = new HeapSampler();
        Gateway gateway =
            Pipeline.gateway(
                kafka,
                Map.of(
                    "gateway.max.in.flight",
                    String.valueOf(MAX_IN_FLIGHT),
                    "gateway.request.timeout",
                    "60s"))) {
      // Warm up (JIT, connections, producer metadata), then the baseline.
      try (LoadGenerator warmUp = new LoadGenerator(gateway.url(), Pipeline.TOKENS, 4, 500, 1)) {
        warmUp.start().awaitDone(Duration.ofSeconds(60));
        acknowledged.addAll(warmUp.acknowledged());
      }
      long baseline = HeapSampler.usedAfterGc();

      List<SlowSender> slow = new ArrayList<>();
      for (int i = 0; i < SLOW; i++) {
        slow.add(new SlowSender(gateway.url(), i));
      }
      long holding = 0;
      for (SlowSender s : slow) {
        holding += s.holdsSlot() ? 1 : 0;
      }
      assertThat(holding).as("slow senders holding a slot").isEqualTo(MAX_IN_FLIGHT);

      LoadGenerator overload =
          new LoadGenerator(gateway.url(), Pipeline.TOKENS, FAST, Integer.MAX_VALUE, 2).start();
      long overloadEnd = System.nanoTime() + OVERLOAD.toNanos();
      await()
          .atMost(OVERLOAD.plusSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> System.nanoTime() > overloadEnd && overload.count(503) > 0);
      long during = HeapSampler.usedAfterGc();
      heapGrowth = during - baseline;
      overload.stop();
      overload.awaitDone(Duration.ofSeconds(30));
      overload.close();

      for (SlowSender s : slow) {
        s.finish();
      }
      List<Integer> slowStatuses = slow.stream().map(SlowSender::status).toList();
      slow.stream().filter(s -> s.status() == 202).forEach(s -> acknowledged.add(s.id()));

      try (LoadGenerator after =
          new LoadGenerator(gateway.url(), Pipeline.TOKENS, 8, 1_000, 3).start()) {
        after.awaitDone(Duration.ofSeconds(60));
        acknowledged.addAll(after.acknowledged());
        assertThat(after.answers())
            .as("after the overload")
            .allSatisfy(a -> assertThat(a.status()).isIn(202, 400));
        sent = 500 + SLOW + overload.sent() + after.sent();
      }

      List<LoadGenerator.Answer> answers = overload.answers();
      fiveXx =
          answers.stream().filter(a -> a.status() >= 500).count()
              + slowStatuses.stream().filter(s -> s >= 500).count();
      LOG.info(
          "Overload: {} fast answers ({} x 503, {} x 202), slow senders {}, heap after GC {} MB"
              + " before, {} MB during ({} MB growth), peak {} MB",
          answers.size(),
          overload.count(503),
          overload.count(202),
          slowStatuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())),
          baseline >> 20,
          during >> 20,
          heapGrowth >> 20,
          heap.peak() >> 20);

      assertThat(answers)
          .as("answers under overload")
          .allSatisfy(a -> assertThat(a.status()).isIn(202, 400, 503));
      assertThat(answers)
          .filteredOn(a -> a.status() == 503)
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
      assertThat(slowStatuses).containsOnly(202, 503);
      assertThat(slowStatuses.stream().filter(s -> s == 202).count()).isEqualTo(MAX_IN_FLIGHT);
      // Bodies in flight are bounded by max.in.flight x body limit (1 MiB here); connections and
      // answers cost little: the growth stays far below the heap.
      assertThat(heapGrowth).as("heap growth under overload").isLessThan(64L << 20);

      Map<String, Long> onRaw = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r :
          new PipelineChecker(kafka, Map.of("processor.application.id", "overload"))
              .readAll("leads.raw")) {
        onRaw.merge(r.key(), 1L, Long::sum);
      }
      assertThat(acknowledged).allSatisfy(id -> assertThat(onRaw.get(id)).isEqualTo(1L));
      assertThat(onRaw.values()).containsOnly(1L);
      new Figures("overload")
          .put(Figures.SENT, sent)
          .put(Figures.ACKNOWLEDGED, acknowledged.size())
          .put(Figures.OUTPUTS, 0)
          .put(Figures.LOST, acknowledged.stream().filter(id -> !onRaw.containsKey(id)).count())
          .put(
              Figures.DUPLICATED,
              onRaw.values().stream().mapToLong(n -> n - 1).filter(n -> n > 0).sum())
          .put(Figures.FAULTS, 0)
          .put(Figures.FIVE_XX, fiveXx)
          .put(Figures.PEAK_HEAP, heap.peak())
          .put("peakHeapUsedBytes", heap.peakUsed())
          .put("overload503", overload.count(503))
          .put("heapGrowthBytes", heapGrowth)
          .put("seconds", (System.nanoTime() - begin) / 1_000_000_000L)
          .write();
    }
  }

  /** A client that sends its headers and half its body, then waits until told to finish. */
  private static final class SlowSender {
    private final Socket socket = new Socket();
    private final byte[] body;
    private final OutputStream out;
    private final InputStream in;
    private int status;
    private String id;

    SlowSender(URI gateway, int n) throws IOException {
      body = LeadMix.utf8(LeadMix.lead(1_000_000 + n, "PLT"));
      socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 10_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
      String head =
          "POST /v1/leads HTTP/1.1\r\nHost: "
              + gateway.getHost()
              + "\r\nAuthorization: Bearer "
              + Pipeline.TOKENS.get(n % 2)
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
    }

    /**
     * Whether the gateway let this request in: a rejected one gets its 503 at once, an admitted one
     * hears nothing until its body is complete.
     */
    boolean holdsSlot() throws IOException {
      socket.setSoTimeout(300);
      try {
        readAnswer();
        return false;
      } catch (java.net.SocketTimeoutException waiting) {
        return true;
      } finally {
        socket.setSoTimeout(30_000);
      }
    }

    void finish() throws IOException {
      if (status == 0) {
        try {
          out.write(body, body.length / 2, body.length - body.length / 2);
          out.flush();
        } catch (IOException closedAfter503) {
          // The gateway closes a rejected request's connection; its answer is already read.
        }
        if (status == 0) {
          readAnswer();
        }
      }
      socket.close();
    }

    private void readAnswer() throws IOException {
      byte[] buffer = new byte[8192];
      StringBuilder answer = new StringBuilder();
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        int headerEnd = answer.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
          Matcher length =
              Pattern.compile("(?i)content-length:\\s*(\\d+)")
                  .matcher(answer.substring(0, headerEnd));
          if (!length.find()
              || answer.length() - headerEnd - 4 >= Integer.parseInt(length.group(1))) {
            break;
          }
        }
      }
      status = Integer.parseInt(answer.substring(9, 12));
      Matcher m = ID.matcher(answer);
      id = m.find() ? m.group(1) : null;
    }

    int status() {
      return status;
    }

    String id() {
      return id;
    }
  }
}
