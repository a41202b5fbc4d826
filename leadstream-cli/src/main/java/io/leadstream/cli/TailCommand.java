package io.leadstream.cli;

import io.leadstream.schemas.DeadLetter;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./leadstream tail TOPIC}: prints a topic's events readably, as downstream sees them. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the events of a topic from the beginning (read_committed), one line each; contact",
      "details stay out unless --json. TOPIC is a name (leads.qualified) or a short one (qualified)."
    })
final class TailCommand implements Callable<Integer> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Parameters(
      paramLabel = "TOPIC",
      description = "qualified, nurture, dnc, test, dlq, raw, or a topic name.")
  String topic;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new events until Ctrl-C.")
  boolean follow;

  @Option(
      names = "--json",
      description = "Print each event as its full JSON (includes contact details).")
  boolean json;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() throws Exception {
    Clients.Settings settings = kafka.settings();
    TopicNames names = settings.topics();
    String name = names.asMap().getOrDefault(topic, topic);
    return tail(settings, name, follow, json, System.out);
  }

  static int tail(
      Clients.Settings settings, String topic, boolean follow, boolean json, PrintStream out) {
    TopicNames names = settings.topics();
    try (KafkaConsumer<String, byte[]> consumer = Clients.reader(settings)) {
      Map<TopicPartition, Long> end =
          Clients.fromBeginning(
              consumer,
              settings,
              topic,
              "no topic " + topic + " (topics: " + String.join(", ", names.asMap().values()) + ")");
      int printed = 0;
      while (true) {
        for (ConsumerRecord<String, byte[]> record : Clients.poll(consumer, settings)) {
          out.println(format(record, names, json));
          printed++;
        }
        out.flush();
        if (!follow && Clients.caughtUp(consumer, end)) {
          if (printed == 0) {
            out.println("(no events in " + topic + " yet)");
          }
          return 0;
        }
      }
    }
  }

  static String format(ConsumerRecord<String, byte[]> record, TopicNames names, boolean json) {
    String when = TIME.format(Instant.ofEpochMilli(record.timestamp()));
    String topic = record.topic();
    if (topic.equals(names.dlq())) {
      DeadLetter letter = DeadLetters.read(record.key(), record.value(), record.headers());
      if (json) {
        return toJson(letter);
      }
      return String.format(
          "%s  %-10s %s  %s (%s): %s",
          when,
          shortName(topic, names),
          letter.ingestId(),
          letter.reasonCode(),
          letter.stage(),
          letter.detail());
    }
    if (topic.equals(names.raw())) {
      String channel = RawHeaders.read(record.headers(), RawHeaders.CHANNEL);
      if (json) {
        return new String(record.value(), StandardCharsets.UTF_8);
      }
      return String.format(
          "%s  %-10s %s  %s, %d bytes",
          when, "raw", record.key(), channel, record.value() == null ? 0 : record.value().length);
    }
    LeadEvent event;
    try {
      event = LeadSerdes.leadEvent().deserialize(topic, record.value());
    } catch (RuntimeException e) {
      return String.format(
          "%s  %-10s %s  (not a LeadEvent: %s)",
          when, shortName(topic, names), record.key(), e.getMessage());
    }
    if (json) {
      return toJson(event);
    }
    return String.format(
        "%s  %-10s %-7s %s  x%d  %s %s via %s  offer=%s  country=%s region=%s  score=%d%s  follow up by %s",
        when,
        shortName(topic, names),
        event.eventType(),
        event.leadId(),
        event.occurrences(),
        event.stage(),
        event.action().code(),
        event.source().code(),
        event.offer() == null ? "-" : orDash(event.offer().key()),
        event.customer() == null ? "-" : orDash(event.customer().country()),
        event.routing() == null ? "-" : orDash(event.routing().region()),
        event.qualification() == null ? 0 : event.qualification().score(),
        event.test() ? "  TEST" : "",
        event.followUpBy() == null ? "-" : TIME.format(event.followUpBy()));
  }

  private static String shortName(String topic, TopicNames names) {
    return names.asMap().entrySet().stream()
        .filter(e -> e.getValue().equals(topic))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(topic);
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

  private static String toJson(Object value) {
    try {
      return LeadJson.mapper().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "(cannot print: " + e.getClass().getSimpleName() + ")";
    }
  }
}
