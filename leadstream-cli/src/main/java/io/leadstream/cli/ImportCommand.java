package io.leadstream.cli;

import io.leadstream.config.Config;
import io.leadstream.imports.ColumnMapping;
import io.leadstream.imports.ImportFile;
import io.leadstream.imports.ImportFileException;
import io.leadstream.imports.ImportFormat;
import io.leadstream.imports.ImportIds;
import io.leadstream.imports.ImportOptions;
import io.leadstream.imports.ImportReader;
import io.leadstream.imports.ImportedLead;
import io.leadstream.imports.RawRecords;
import io.leadstream.imports.Rejection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./leadstream import FILE...}: reads Partner Center CSV exports, Azure Table exports and
 * NDJSON of HTTPS bodies, and writes each good row to {@code leads.raw} (channel {@code import},
 * its creation time as event time, a deterministic ingest id) with an idempotent {@code acks=all}
 * producer. Waits for every acknowledgement before the summary. See docs/import.md.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports leads exported from Partner Center (Referrals CSV), an Azure Table destination (CSV)"
          + " or NDJSON of HTTPS bodies into leads.raw, through the same processing and"
          + " de-duplication as leads posted to the gateway. Re-running an import writes nothing"
          + " new.",
      "Exit codes: 0 every row imported; 1 rows rejected or files skipped (the rest imported);"
          + " 2 usage error; 3 rows not acknowledged by Kafka (re-run the same import)."
    })
final class ImportCommand implements Callable<Integer> {

  static final int EXIT_REJECTED = 1;
  static final int EXIT_NOT_SENT = 3;

  /** Rejections listed one by one per file; the rest are counted by reason. */
  private static final int LISTED_REJECTIONS = 20;

  /** Without a terminal, one progress line per this many rows. */
  private static final int PROGRESS_EVERY = 1000;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, azure-table or ndjson (default: detected from each file's content).")
  String format;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description = "Column mapping file: one 'column header = field' per line (docs/import.md).")
  Path mapping;

  @Option(
      names = "--charset",
      paramLabel = "CHARSET",
      description = "The files' charset, e.g. windows-1252 (default: UTF-8, or UTF-16 with a BOM).")
  String charset;

  @Option(
      names = "--time-zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description = "Zone of creation times written without one (default: ${DEFAULT-VALUE}).")
  String timeZone;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Kafka (default: kafka.bootstrap.servers of --config or $LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS,"
              + " else the local broker).")
  String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file: import.id.secret, topics.raw, kafka.* (default:"
              + " $LEADSTREAM_CONFIG).")
  Path configFile;

  @Option(names = "--dry-run", description = "Read and check the files; send nothing.")
  boolean dryRun;

  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    Instant importTime = Instant.now();
    ImportOptions options = options();
    Config config = Config.load(ImportIds.DEFAULTS, Optional.ofNullable(configFile), env, Map.of());
    if (config.get(ImportIds.SECRET_KEY).isEmpty()) {
      // Unset: the local stack's own secret when there is one, as its gateway uses it.
      Optional<String> local = new Home(Home.defaultDir(env)).keptLeadIdSecret();
      if (local.isPresent()) {
        config = config.with(Map.of(ImportIds.SECRET_KEY, local.get()));
      }
    }
    RawRecords records =
        new RawRecords(ImportIds.fromConfig(config), config.string("topics.raw", "leads.raw"));
    String runId = ImportIds.runId();

    // Read every file first: nothing is sent from a file that cannot be read in full.
    List<Loaded> loaded = new ArrayList<>();
    int skippedFiles = 0;
    int rowsRead = 0;
    int rejected = 0;
    for (Path file : files) {
      try {
        ImportFile read = ImportReader.read(Files.readAllBytes(file), options, importTime);
        loaded.add(new Loaded(file, read));
        rowsRead += read.rowsRead();
        rejected += read.rejections().size();
      } catch (ImportFileException e) {
        skippedFiles++;
        err.printf("%s: skipped, nothing imported: %s%n", file, e.getMessage());
      } catch (IOException e) {
        skippedFiles++;
        err.printf("%s: skipped, cannot read it: %s%n", file, describe(e));
      }
    }
    int toSend = loaded.stream().mapToInt(l -> l.file().leads().size()).sum();

    Outcome outcome = new Outcome(0, 0, Map.of());
    if (!dryRun && toSend > 0) {
      outcome = send(config, records, runId, importTime, loaded, toSend, err);
    }

    for (Loaded file : loaded) {
      report(out, file);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(
        Locale.ROOT,
        "%s %d file(s) in %.1f s: %d rows read, %d %s, %d rejected%s%s (run %s).%n",
        dryRun ? "Checked" : "Imported",
        files.size(),
        seconds,
        rowsRead,
        dryRun ? toSend : outcome.acked(),
        dryRun ? "would be sent" : "sent",
        rejected,
        skippedFiles > 0 ? ", " + skippedFiles + " file(s) skipped" : "",
        outcome.failed() > 0 ? ", " + outcome.failed() + " NOT acknowledged" : "",
        runId);
    if (outcome.failed() > 0) {
      outcome.errors().forEach((error, count) -> out.printf("  %d x %s%n", count, error));
      out.println(
          "  Run the same import again: rows already written keep their ids and are not"
              + " processed twice.");
    }
    out.flush();
    if (outcome.failed() > 0) {
      return EXIT_NOT_SENT;
    }
    return rejected > 0 || skippedFiles > 0 ? EXIT_REJECTED : 0;
  }

  private ImportOptions options() throws ImportFileException {
    Optional<ImportFormat> fmt =
        format == null ? Optional.empty() : Optional.of(ImportFormat.ofFlag(format));
    ColumnMapping columns =
        mapping == null ? ColumnMapping.defaults() : ColumnMapping.load(mapping);
    Optional<Charset> cs =
        charset == null ? Optional.empty() : Optional.of(Charset.forName(charset));
    return new ImportOptions(fmt, columns, cs, ZoneId.of(timeZone));
  }

  private record Loaded(Path path, ImportFile file) {}

  private record Outcome(int acked, int failed, Map<String, Integer> errors) {}

  private Outcome send(
      Config config,
      RawRecords records,
      String runId,
      Instant importTime,
      List<Loaded> loaded,
      int total,
      PrintWriter err) {
    Clients.Settings settings = Clients.fromConfig(bootstrapServers, config, env);
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    Progress progress = new Progress(total, err);
    try (KafkaProducer<byte[], byte[]> producer =
        Clients.writer(
            settings, "leadstream-import", ByteArraySerializer.class, ByteArraySerializer.class)) {
      try {
        producer.partitionsFor(records.topic());
      } catch (RuntimeException e) {
        err.printf(
            "cannot write to %s at %s (%s): is Kafka up and the topic there (./leadstream"
                + " topics)? Nothing was imported.%n",
            records.topic(), settings.bootstrap(), e.getClass().getSimpleName());
        return new Outcome(0, total, Map.of("not sent: Kafka unreachable", total));
      }
      boolean stopped = false;
      for (Loaded file : loaded) {
        for (ImportedLead lead : file.file().leads()) {
          if (stopped) {
            failed.incrementAndGet();
            errors.merge("not sent after an earlier send failed", 1, Integer::sum);
            done.countDown();
            continue;
          }
          ProducerRecord<byte[], byte[]> record = records.record(lead, importTime, runId);
          try {
            producer.send(
                record,
                (metadata, error) -> {
                  if (error == null) {
                    acked.incrementAndGet();
                  } else {
                    failed.incrementAndGet();
                    errors.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                  }
                  done.countDown();
                });
          } catch (RuntimeException e) {
            stopped = true;
            failed.incrementAndGet();
            errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            done.countDown();
          }
          progress.show(acked.get() + failed.get());
        }
      }
      producer.flush();
      while (!done.await(100, TimeUnit.MILLISECONDS)) {
        progress.show(acked.get() + failed.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    progress.finish(acked.get() + failed.get());
    return new Outcome(acked.get(), failed.get(), errors);
  }

  private void report(PrintWriter out, Loaded loaded) {
    ImportFile file = loaded.file();
    out.printf(
        "%s: %s, %d rows read, %d %s, %d rejected%n",
        loaded.path(),
        file.format().title(),
        file.rowsRead(),
        file.leads().size(),
        dryRun ? "good" : "to send",
        file.rejections().size());
    if (!file.ignoredColumns().isEmpty()) {
      out.printf(
          "  ignored columns (map them with --mapping if they hold lead data): %s%n",
          String.join(", ", file.ignoredColumns()));
    }
    List<Rejection> rejections = file.rejections();
    for (int i = 0; i < rejections.size() && i < LISTED_REJECTIONS; i++) {
      out.printf("  %s%n", rejections.get(i).describe(file.unit()));
    }
    if (rejections.size() > LISTED_REJECTIONS) {
      Map<String, Integer> byReason = new LinkedHashMap<>();
      for (Rejection r : rejections.subList(LISTED_REJECTIONS, rejections.size())) {
        String key = (r.column() == null ? "" : "column '" + r.column() + "': ") + r.reason();
        byReason.merge(key, 1, Integer::sum);
      }
      out.printf("  ... and %d more:%n", rejections.size() - LISTED_REJECTIONS);
      byReason.forEach((reason, count) -> out.printf("    %d x %s%n", count, reason));
    }
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName();
  }

  /**
   * Rows acknowledged so far: a bar redrawn in place on a terminal, else a line every {@value
   * #PROGRESS_EVERY} rows (logs and pipes stay readable).
   */
  private static final class Progress {
    private static final int WIDTH = 30;
    private final int total;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private int lastShown = -1;
    private long lastDrawn;

    Progress(int total, PrintWriter err) {
      this.total = total;
      this.err = err;
    }

    void show(int count) {
      if (terminal) {
        long now = System.nanoTime();
        if (count != lastShown && (now - lastDrawn > 100_000_000L || count == total)) {
          lastDrawn = now;
          lastShown = count;
          int filled = total == 0 ? WIDTH : (int) ((long) count * WIDTH / total);
          err.printf(
              Locale.ROOT,
              "\r[%s%s] %d/%d rows  %.1f s",
              "#".repeat(filled),
              " ".repeat(WIDTH - filled),
              count,
              total,
              (now - started) / 1e9);
          err.flush();
        }
      } else if (count / PROGRESS_EVERY > Math.max(lastShown, 0) / PROGRESS_EVERY
          && count < total) {
        lastShown = count;
        err.printf("imported %d/%d rows%n", count / PROGRESS_EVERY * PROGRESS_EVERY, total);
        err.flush();
      }
    }

    void finish(int count) {
      if (terminal) {
        lastShown = -1;
        lastDrawn = 0;
        show(count);
        err.println();
      } else {
        err.printf("imported %d/%d rows%n", count, total);
      }
      err.flush();
    }
  }
}
