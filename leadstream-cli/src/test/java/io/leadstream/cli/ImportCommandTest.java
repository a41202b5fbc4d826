package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.config.Config;
import io.leadstream.imports.ImportIds;
import io.leadstream.schemas.LeadIds;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./leadstream import} without a broker: what it reports, and its exit codes. */
class ImportCommandTest {

  @TempDir Path dir;

  private static ImportRun run(Map<String, String> env, String... args) {
    return ImportRun.of(env, args);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void checksEveryFormatInADryRunAndListsRejectedRowsByRowAndColumnButNeverTheirValues()
      throws Exception {
    Path csv =
        file(
            "export.csv",
            "First name,Email,Created date,Status\n"
                + "Pat,pat@contoso.example.com,11/20/2026 10:15:30 AM,New\n"
                + "Sam,sam.private@contoso.example.com,not-a-date,New\n");
    Path azure =
        file(
            "table.csv",
            "PartitionKey,RowKey,Timestamp,CreatedTime,CustomerInfo,LeadSource\n"
                + "p,1,2026-11-02T10:00:00Z,2026-11-02T10:00:00Z,"
                + "\"{\"\"Email\"\":\"\"lee@fabrikam.example.com\"\"}\",AzureMarketplace\n");
    Path ndjson =
        file("bodies.ndjson", "{\"UserDetails\":{\"Email\":\"a@contoso.example.com\"}}\n");

    ImportRun run = run(Map.of(), "--dry-run", csv.toString(), azure.toString(), ndjson.toString());

    assertThat(run.exitCode()).isEqualTo(ImportCommand.EXIT_REJECTED);
    assertThat(run.out())
        .contains(csv + ": Partner Center CSV, 2 rows read, 1 good, 1 rejected")
        .contains("ignored columns (map them with --mapping if they hold lead data): Status")
        .contains("row 3, column 'Created date': not a date-time")
        .contains(azure + ": Azure Table export, 1 rows read, 1 good, 0 rejected")
        .contains(ndjson + ": NDJSON, 1 rows read, 1 good, 0 rejected")
        .contains("Checked 3 file(s) in ")
        .contains("4 rows read, 3 would be sent, 1 rejected")
        .doesNotContain("sam.private", "not-a-date");
  }

  @Test
  void skipsAFileItCannotReadSayingWhyAndStillChecksTheOthers() throws Exception {
    Path empty = file("empty.csv", "");
    Path noDate = file("no-date.csv", "Email\na@contoso.example.com\n");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(
        latin1,
        "Email,Created\nzoë@contoso.example.com,2026-11-02\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    Path good = file("good.csv", "Email,Created\na@contoso.example.com,2026-11-02\n");

    ImportRun run =
        run(
            Map.of(),
            "--dry-run",
            empty.toString(),
            noDate.toString(),
            latin1.toString(),
            good.toString(),
            dir.resolve("missing.csv").toString());

    assertThat(run.exitCode()).isEqualTo(ImportCommand.EXIT_REJECTED);
    assertThat(run.err())
        .contains(empty + ": skipped, nothing imported: the file is empty")
        .contains(noDate + ": skipped, nothing imported: no column holds the creation time")
        .contains(latin1 + ": skipped, nothing imported: not valid UTF-8 at line 2")
        .contains("missing.csv: skipped, cannot read it: no such file");
    assertThat(run.out()).contains("1 rows read, 1 would be sent, 0 rejected, 4 file(s) skipped");
  }

  @Test
  void readsColumnsNamedInAMappingFile() throws Exception {
    Path mapping = file("mapping.txt", "Erstellt am = createdTime\nE-Mail = email\n");
    Path csv = file("de.csv", "E-Mail,Erstellt am\na@contoso.example.com,2026-11-02\n");

    ImportRun run = run(Map.of(), "--dry-run", "--mapping", mapping.toString(), csv.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("1 rows read, 1 good, 0 rejected");
  }

  @Test
  void exitsWith3AndSaysNothingWasImportedWhenKafkaCannotBeReached() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path csv = file("export.csv", "Email,Created\na@contoso.example.com,2026-11-02\n");

    ImportRun run =
        run(
            Map.of(
                "LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:" + closedPort,
                "LEADSTREAM_KAFKA_MAX_BLOCK_MS",
                "1000"),
            csv.toString());

    assertThat(run.exitCode()).isEqualTo(ImportCommand.EXIT_NOT_SENT);
    assertThat(run.err()).contains("cannot write to leads.raw at 127.0.0.1:" + closedPort);
    assertThat(run.err()).contains("Nothing was imported");
    assertThat(run.out()).contains("0 sent, 0 rejected, 1 NOT acknowledged");
  }

  @Test
  void keysImportIdsWithImportIdSecretFromTheEnvironmentElseTheDevelopmentSecret() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Instant created = Instant.parse("2026-11-02T00:00:00Z");
    Config shipped = Config.load(ImportIds.DEFAULTS, Optional.empty(), Map.of(), Map.of());
    Config fromEnv =
        Config.load(
            ImportIds.DEFAULTS,
            Optional.empty(),
            Map.of("LEADSTREAM_IMPORT_ID_SECRET", "set-by-the-environment-123"),
            Map.of());

    assertThat(shipped.get(ImportIds.SECRET_KEY)).isEmpty();
    assertThat(ImportIds.fromConfig(shipped).ingestId(body, created))
        .isEqualTo(new ImportIds(LeadIds.DEV_SECRET).ingestId(body, created));
    assertThat(ImportIds.fromConfig(fromEnv).ingestId(body, created))
        .isEqualTo(new ImportIds("set-by-the-environment-123").ingestId(body, created))
        .isNotEqualTo(ImportIds.fromConfig(shipped).ingestId(body, created));
  }
}
