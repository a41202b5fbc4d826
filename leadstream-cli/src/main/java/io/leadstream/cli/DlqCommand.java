package io.leadstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.DeadLetter;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadNormalizer;
import io.leadstream.schemas.LeadParseException;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./leadstream dlq list|replay}: shows the dead-letter topic without personal data, and
 * re-submits dead letters to {@code leads.raw}, unchanged or repaired.
 *
 * <p>Replay is idempotent at two levels. The command marks each record it writes with {@link
 * #REPLAYED_FROM} (the dead letter's topic, partition and offset) and skips a dead letter whose
 * mark is already on {@code leads.raw}, so running it twice writes nothing the second time. And the
 * replayed record keeps its original ingest id as key and {@link RawHeaders#INGEST_ID}, so even two
 * concurrent runs cannot make a second output: the processor ignores an ingest id its
 * customer-offer has already counted. Consumes {@code leads.dlq} and {@code leads.raw}
 * (read_committed); produces to {@code leads.raw} (idempotent, acks=all).
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Shows and replays the dead-letter topic (leads.dlq).",
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Runnable {

  /** Header of a replayed raw record: {@code <dlq topic>/<partition>/<offset>} it came from. */
  static final String REPLAYED_FROM = "leadstream-replayed-from";

  /** Header of a replayed raw record whose body was repaired ({@code true}). */
  static final String REPAIRED = "leadstream-repaired";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code dlq list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Lists dead letters: ingest id, reason, stage, when, size, and whether already replayed.",
        "Never the body (personal data); `tail dlq --json` shows it."
      })
  static final class ListCommand implements Callable<Integer> {
    @Option(names = "--reason", description = "Only this reason (e.g. MALFORMED_JSON).")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--id", description = "Only this ingest id.")
    List<String> ids = new ArrayList<>();

    @Mixin KafkaOptions kafka;

    @Override
    public Integer call() {
      list(kafka.settings(), new Filter(Set.copyOf(reasons), Set.copyOf(ids)), System.out);
      return 0;
    }
  }

  /** {@code dlq replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Re-submits dead letters to leads.raw under their original ingest id: --all, or those of",
        "--reason/--id, or the repaired bodies of --repaired FILE (NDJSON of",
        "{\"id\": \"in_...\", \"body\": {...}}). A dead letter whose body is still not a lead is",
        "skipped unless repaired; one already replayed is skipped, so replaying twice is harmless."
      })
  static final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--all", description = "Every dead letter.")
    boolean all;

    @Option(names = "--reason", description = "Only this reason (repeatable).")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--id", description = "Only this ingest id (repeatable).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--repaired", paramLabel = "FILE", description = "Repaired bodies, NDJSON.")
    Path repaired;

    @Option(names = "--dry-run", description = "Say what would be replayed; write nothing.")
    boolean dryRun;

    @Mixin KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
      if (!all && reasons.isEmpty() && ids.isEmpty() && repaired == null) {
        throw new IllegalArgumentException(
            "say what to replay: --all, --reason REASON, --id ID or --repaired FILE");
      }
      Map<String, byte[]> bodies = repaired == null ? Map.of() : readRepaired(repaired);
      Summary summary =
          replay(
              kafka.settings(),
              all,
              new Filter(Set.copyOf(reasons), Set.copyOf(ids)),
              bodies,
              dryRun,
              System.out);
      return summary.failed() > 0 ? 1 : 0;
    }
  }

  /** Which dead letters a command looks at; empty sets select everything. */
  record Filter(Set<String> reasons, Set<String> ids) {
    boolean selects(DeadLetter letter, String ingestId) {
      return (reasons.isEmpty() || reasons.contains(String.valueOf(letter.reasonCode())))
          && (ids.isEmpty() || ids.contains(ingestId));
    }
  }

  /** What a replay did, by outcome. */
  record Summary(
      int replayed, int alreadyReplayed, int stillNotALead, int notSelected, int failed) {}

  static void list(Clients.Settings settings, Filter filter, PrintStream out) {
    TopicNames names = settings.topics();
    Set<String> replayed = replayMarks(settings);
    int[] shown = {0};
    readAll(
        settings,
        names.dlq(),
        record -> {
          DeadLetter letter = DeadLetters.read(record.key(), record.value(), record.headers());
          String id = ingestId(record);
          if (!filter.selects(letter, id)) {
            return;
          }
          shown[0]++;
          out.printf(
              "%s  %-30s %-16s %-9s %6d bytes%s%n",
              letter.failedAt() == null
                  ? TIME.format(Instant.ofEpochMilli(record.timestamp()))
                  : TIME.format(letter.failedAt()),
              id,
              letter.reasonCode(),
              letter.stage() == null
                  ? "-"
                  : letter.stage().name().toLowerCase(java.util.Locale.ROOT),
              record.value() == null ? 0 : record.value().length,
              replayed.contains(mark(record)) ? "  replayed" : "");
        });
    out.println(shown[0] + " dead letter(s) in " + names.dlq());
  }

  /**
   * Replays the dead letters selected by {@code everything}, {@code filter} (reason, id) or {@code
   * repaired} (their ids; the repaired body replaces the original); prints one line per replay and
   * a summary to {@code out}.
   */
  static Summary replay(
      Clients.Settings settings,
      boolean everything,
      Filter filter,
      Map<String, byte[]> repaired,
      boolean dryRun,
      PrintStream out) {
    TopicNames names = settings.topics();
    Set<String> replayed = replayMarks(settings);
    // The latest dead letter of each ingest id: a replay that failed again is dead-lettered anew,
    // and that newer record is the one to replay next.
    Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
    readAll(settings, names.dlq(), record -> latest.put(ingestId(record), record));

    int done = 0;
    int already = 0;
    int notALead = 0;
    int notSelected = 0;
    int failed = 0;
    List<String> stillBad = new ArrayList<>();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    List<String> sentIds = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        dryRun
            ? null
            : Clients.writer(
                settings,
                "leadstream-dlq-replay",
                StringSerializer.class,
                ByteArraySerializer.class)) {
      for (Map.Entry<String, ConsumerRecord<String, byte[]>> entry : latest.entrySet()) {
        String id = entry.getKey();
        ConsumerRecord<String, byte[]> record = entry.getValue();
        DeadLetter letter = DeadLetters.read(record.key(), record.value(), record.headers());
        boolean isRepaired = repaired.containsKey(id);
        boolean selectedByFilter =
            (!filter.reasons().isEmpty() || !filter.ids().isEmpty()) && filter.selects(letter, id);
        if (!(everything || isRepaired || selectedByFilter)) {
          notSelected++;
          continue;
        }
        if (replayed.contains(mark(record))) {
          already++;
          continue;
        }
        byte[] body = isRepaired ? repaired.get(id) : record.value();
        try {
          LeadNormalizer.parseAndNormalize(body);
        } catch (LeadParseException e) {
          notALead++;
          stillBad.add(id + " (" + e.reason() + ")");
          continue;
        }
        if (dryRun) {
          out.println("would replay " + id + (isRepaired ? " (repaired)" : ""));
          done++;
          continue;
        }
        sends.add(producer.send(rawRecord(names, record, id, body, isRepaired)));
        sentIds.add(id);
      }
      if (producer != null) {
        producer.flush();
      }
      for (int i = 0; i < sends.size(); i++) {
        try {
          sends.get(i).get();
          done++;
          out.println("replayed " + sentIds.get(i));
        } catch (ExecutionException e) {
          failed++;
          out.println(
              "could not replay "
                  + sentIds.get(i)
                  + ": "
                  + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while replaying", e);
        }
      }
    }
    out.printf(
        "%s %d dead letter(s) to %s; skipped %d already replayed, %d still not a lead%s, %d not"
            + " selected%s%n",
        dryRun ? "would replay" : "replayed",
        done,
        names.raw(),
        already,
        notALead,
        notALead == 0
            ? ""
            : " (repair them and pass --repaired FILE: " + String.join(", ", stillBad) + ")",
        notSelected,
        failed == 0 ? "" : "; " + failed + " failed (run again to retry them)");
    return new Summary(done, already, notALead, notSelected, failed);
  }

  /** The raw record of a replay: original key, time and raw headers, plus the replay marks. */
  private static ProducerRecord<String, byte[]> rawRecord(
      TopicNames names,
      ConsumerRecord<String, byte[]> letter,
      String ingestId,
      byte[] body,
      boolean repaired) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : letter.headers()) {
      if (!header.key().startsWith("leadstream-dlq-")
          && !header.key().equals(REPLAYED_FROM)
          && !header.key().equals(REPAIRED)
          && !header.key().equals(RawHeaders.INGEST_ID)) {
        headers.add(header);
      }
    }
    headers.add(header(RawHeaders.INGEST_ID, ingestId));
    headers.add(header(REPLAYED_FROM, mark(letter)));
    if (repaired) {
      headers.add(header(REPAIRED, "true"));
    }
    // The original receipt time: the dedup window is driven by record time.
    return new ProducerRecord<>(names.raw(), null, letter.timestamp(), ingestId, body, headers);
  }

  /** Repaired bodies by ingest id, from NDJSON lines {"id": "in_...", "body": {...}}. */
  static Map<String, byte[]> readRepaired(Path file) throws IOException {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = LeadJson.mapper().readTree(line);
      } catch (IOException e) {
        // Never quote the line: it holds personal data.
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a JSON object");
      }
      String id = node.path("id").asText("");
      JsonNode body = node.get("body");
      if (id.isBlank() || body == null || !(body.isObject() || body.isTextual())) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": needs \"id\" and \"body\" (an object, or a string)");
      }
      bodies.put(
          id,
          body.isTextual()
              ? body.asText().getBytes(StandardCharsets.UTF_8)
              : LeadJson.mapper().writeValueAsBytes(body));
    }
    return bodies;
  }

  /** The replay marks already on the raw topic. */
  private static Set<String> replayMarks(Clients.Settings settings) {
    Set<String> marks = new HashSet<>();
    readAll(
        settings,
        settings.topics().raw(),
        record -> {
          String mark = RawHeaders.read(record.headers(), REPLAYED_FROM);
          if (mark != null) {
            marks.add(mark);
          }
        });
    return marks;
  }

  private static String mark(ConsumerRecord<?, ?> record) {
    return record.topic() + "/" + record.partition() + "/" + record.offset();
  }

  private static String ingestId(ConsumerRecord<String, byte[]> record) {
    String id = RawHeaders.read(record.headers(), RawHeaders.INGEST_ID);
    return id != null ? id : record.key();
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads {@code topic} from its beginning to its current end, read_committed. */
  private static void readAll(
      Clients.Settings settings, String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> consumer = Clients.reader(settings)) {
      Map<TopicPartition, Long> end =
          Clients.fromBeginning(consumer, settings, topic, "no topic " + topic);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Clients.caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
        }
        Clients.poll(consumer, settings).forEach(each);
      }
    }
  }
}
