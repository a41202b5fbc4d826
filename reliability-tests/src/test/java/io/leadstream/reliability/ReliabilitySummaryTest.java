package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilitySummaryTest {

  @Test
  void tabulatesEveryTestsFiguresWithTheFuzzCampaignAndATotalRow(@TempDir Path root)
      throws Exception {
    Path own = Files.createDirectories(root.resolve("reliability-tests/target/reliability"));
    Files.writeString(
        own.resolve("crash.json"),
        "{\"leadsSent\": 200, \"acknowledged\": 196, \"outputs\": 150, \"lost\": 0,"
            + " \"duplicated\": 0, \"faultsInjected\": 3, \"fiveXx\": 0, \"peakHeapBytes\": 104857600,"
            + " \"processorPeakRssBytes\": 314572800}");
    Files.writeString(
        own.resolve("broker-single.json"),
        "{\"leadsSent\": 10, \"lost\": 0, \"processorPeakRssBytes\": 209715200}");
    Path fuzz = Files.createDirectories(root.resolve("ingest-gateway/target/reliability"));
    Files.writeString(
        fuzz.resolve("fuzz.json"),
        "{\"fuzzCases\": 5000, \"fiveXx\": 0, \"accepted\": 10, \"lost\": 0, \"duplicated\": 0,"
            + " \"peakHeapBytes\": 209715200}");

    Map<String, Map<String, Long>> rows = ReliabilitySummary.collect(root);
    String table = ReliabilitySummary.table(rows);

    assertThat(rows).containsOnlyKeys("broker-single", "crash", "fuzz (ingest-gateway)");
    assertThat(table)
        .contains("| crash | 200 | 196 | 150 | 0 | 0 | 3 | - | 0 | 100 | 300 | - | - |")
        .contains("| fuzz (ingest-gateway) | - | - | - | 0 | 0 | - | 5,000 | 0 | 200 | - | - | - |")
        .contains(
            "| **total** | **210** | **196** | **150** | **0** | **0** | **3** | **5,000** | **0** | **200** | **300** | - | - |");
  }

  @Test
  void tabulatesEachFaultOnARowOfItsOwnAndKeepsItOutOfTheRunsTotals(@TempDir Path root)
      throws Exception {
    Path own = Files.createDirectories(root.resolve("reliability-tests/target/reliability"));
    Files.writeString(own.resolve("process-faults.json"), "{\"leadsSent\": 900, \"lost\": 0}");
    Path faults = Files.createDirectories(own.resolve("faults"));
    Files.writeString(
        faults.resolve("broker-leader-sigkill.json"),
        "{\"leadsSent\": 400, \"acknowledged\": 380, \"lost\": 0, \"duplicated\": 0,"
            + " \"answers503\": 20, \"noAnswer\": 0, \"longestAnswerMillis\": 3012,"
            + " \"faultMillis\": 9000, \"recoveryMillis\": 10250}");

    Map<String, Map<String, Long>> rows = ReliabilitySummary.collect(root);
    Map<String, Map<String, Long>> faultRows = ReliabilitySummary.collectFaults(root);

    assertThat(rows).containsOnlyKeys("process-faults");
    assertThat(ReliabilitySummary.table(rows)).contains("| **total** | **900** |");
    assertThat(ReliabilitySummary.faultTable(faultRows))
        .contains(
            "| broker-leader-sigkill | 400 | 380 | 0 | 0 | 20 | 0 | 3,012 | 9,000 | 10,250 |");
  }
}
