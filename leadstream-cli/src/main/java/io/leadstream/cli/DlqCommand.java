package io.leadstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.DeadLetter;
import io.leadstream.schemas.DeadLetterReason;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
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
 * <p>Replay is idempotent at two levels. Each replayed raw record is written in one transaction
 * with its replay mark (the dead letter's topic, partition and offset) on the small compacted
 * {@code leads.dlq.replays}, keyed by ingest id; a dead letter whose mark is there is skipped, so
 * running it twice writes nothing the second time, and neither {@code list} nor {@code replay}
 * reads {@code leads.raw}, however large it is. Runs share one transactional id, so a second
 * concurrent run fences the first, and a run reads the marks again once it has fenced the run
 * before it (whose last marks are readable only then). And the replayed record keeps its original
 * ingest id as key and {@link RawHeaders#INGEST_ID} (plus the mark as {@link #REPLAYED_FROM}), so
 * even then no second output can come of it: the processor ignores an ingest id its customer-offer
 * has already counted. Consumes {@code leads.dlq} and {@code leads.dlq.replays} (read_committed);
 * produces to {@code leads.raw} and {@code leads.dlq.replays} (transactional, acks=all).
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

  /** Replays per transaction: a failed one is retried whole by the next run. */
  static final int REPLAYS_PER_TRANSACTION = 500;

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
  private static final String UNPROCESSABLE = DeadLetterReason.UNPROCESSABLE.name();

  record Summary(
      int replayed, int alreadyReplayed, int stillNotALead, int notSelected, int failed) {}

  static void list(Clients.Settings settings, Filter filter, PrintStream out) {
    TopicNames names = settings.topics();
    Map<String, String> replayed = replayMarks(settings, false);
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
              mark(record).equals(replayed.get(id)) ? "  replayed" : "");
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
    Map<String, String> replayed = replayMarks(settings, !dryRun);
    // The latest dead letter of each ingest id: a replay that failed again is dead-lettered anew,
    // and that newer record is the one to replay next.
    Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
    readAll(settings, names.dlq(), record -> latest.put(ingestId(record), record));

    int done = 0;
    int already = 0;
    int notALead = 0;
    int notSelected = 0;
    List<String> stillBad = new ArrayList<>();
    List<Replay> toReplay = new ArrayList<>();
    for (Map.Entry<String, ConsumerRecord<String, byte[]>> entry : latest.entrySet()) {
      String id = entry.getKey();
      ConsumerRecord<String, byte[]> record = entry.getValue();
      DeadLetter letter = DeadLetters.read(record.key(), record.value(), record.headers());
      boolean isRepaired = repaired.containsKey(id);
      boolean selectedByFilter =
          (!filter.reasons().isEmpty() || !filter.ids().isEmpty()) && filter.selects(letter, id);
      // An UNPROCESSABLE body is an internal record or an output, not a lead: kept to diagnose,
      // replayed only when asked for by its id or reason (or repaired), never by --all.
      boolean byAll = everything && !UNPROCESSABLE.equals(letter.reasonCode());
      if (!(byAll || isRepaired || selectedByFilter)) {
        notSelected++;
        continue;
      }
      if (mark(record).equals(replayed.get(id))) {
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
      toReplay.add(new Replay(id, record, body, isRepaired));
    }
    int failed = 0;
    if (!toReplay.isEmpty()) {
      try (KafkaProducer<String, byte[]> producer =
          Clients.transactionalWriter(
              settings,
              "leadstream-dlq-replay",
              "leadstream-dlq-replay-" + names.dlq(),
              StringSerializer.class,
              ByteArraySerializer.class)) {
        try {
          producer.initTransactions();
        } catch (org.apache.kafka.common.errors.AuthorizationException e) {
          throw Clients.refused(settings, e);
        }
        // The marks again, now: a commit returns before the broker has written its markers, so the
        // last marks of the run before this one may have been unreadable (read_committed) a moment
        // ago. initTransactions fenced that run and returned once its last transaction was
        // complete, so what is read now is all of them.
        Map<String, String> marks = replayMarks(settings, true);
        List<Replay> unmarked = new ArrayList<>();
        for (Replay r : toReplay) {
          if (mark(r.letter()).equals(marks.get(r.id()))) {
            already++;
          } else {
            unmarked.add(r);
          }
        }
        String fatal = null;
        for (int from = 0; from < unmarked.size(); from += REPLAYS_PER_TRANSACTION) {
          List<Replay> chunk =
              unmarked.subList(from, Math.min(unmarked.size(), from + REPLAYS_PER_TRANSACTION));
          // Once the producer cannot go on, the rest is not attempted: the next run replays it.
          String problem = fatal != null ? fatal : writeInOneTransaction(producer, names, chunk);
          if (problem == null) {
            chunk.forEach(r -> out.println("replayed " + r.id()));
            done += chunk.size();
          } else {
            chunk.forEach(r -> out.println("could not replay " + r.id() + ": " + problem));
            failed += chunk.size();
            if (problem.startsWith(FATAL)) {
              fatal = problem;
            }
          }
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

  /** A dead letter to replay with the body to write. */
  private record Replay(
      String id, ConsumerRecord<String, byte[]> letter, byte[] body, boolean repaired) {}

  private static final String FATAL = "fatal: ";

  /**
   * Writes each replay's raw record and its mark in one transaction; returns null once committed,
   * else what went wrong (starting with {@link #FATAL} when this producer cannot go on).
   */
  private static String writeInOneTransaction(
      KafkaProducer<String, byte[]> producer, TopicNames names, List<Replay> replays) {
    try {
      producer.beginTransaction();
      for (Replay r : replays) {
        producer.send(rawRecord(names, r.letter(), r.id(), r.body(), r.repaired()));
        producer.send(
            new ProducerRecord<>(
                names.dlqReplays(), r.id(), mark(r.letter()).getBytes(StandardCharsets.UTF_8)));
      }
      producer.commitTransaction();
      return null;
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      // Another replay run took over the transactional id: it replays the rest.
      return FATAL + "another replay is running (" + e.getClass().getSimpleName() + ")";
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException abort) {
        return FATAL + e.getClass().getSimpleName();
      }
      return e.getClass().getSimpleName();
    }
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
      if (!DeadLetters.isDlqHeader(header.key())
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

  /**
   * The mark of the dead letter last replayed under each ingest id, from {@code leads.dlq.replays}.
   * A cluster without that topic has no marks; replaying there needs it ({@code ./leadstream
   * topics} creates it).
   */
  private static Map<String, String> replayMarks(Clients.Settings settings, boolean required) {
    String topic = settings.topics().dlqReplays();
    Map<String, String> marks = new HashMap<>();
    try {
      readAll(
          settings,
          topic,
          record -> {
            if (record.value() == null) {
              marks.remove(record.key());
            } else {
              marks.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
            }
          });
    } catch (NoTopicException e) {
      if (required) {
        throw new IllegalArgumentException(
            "no topic "
                + topic
                + " (where replays are marked): run ./leadstream topics to create it, then"
                + " replay again");
      }
    }
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

  /** A topic that does not exist. */
  private static final class NoTopicException extends IllegalArgumentException {
    NoTopicException(String topic) {
      super("no topic " + topic);
    }
  }

  /**
   * Reads {@code topic} from its beginning to its current end, read_committed; fails when no record
   * arrives for the API timeout (a stalled read, not a large topic).
   */
  private static void readAll(
      Clients.Settings settings, String topic, Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> consumer = Clients.reader(settings)) {
      Map<TopicPartition, Long> end;
      try {
        end = Clients.fromBeginning(consumer, settings, topic, "no topic " + topic);
      } catch (IllegalArgumentException e) {
        throw new NoTopicException(topic);
      }
      long stall = settings.apiTimeout().toNanos();
      long deadline = System.nanoTime() + stall;
      while (!Clients.caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end: no progress for " + settings.apiTimeout());
        }
        var records = Clients.poll(consumer, settings);
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + stall;
        }
        records.forEach(each);
      }
    }
  }
}
