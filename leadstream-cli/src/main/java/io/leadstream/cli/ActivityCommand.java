package io.leadstream.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadstream.schemas.ActivityException;
import io.leadstream.schemas.LeadActivities;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.Topic;
import io.leadstream.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./leadstream activity LEAD_ID TYPE}: reports what sales did with a lead, as a sales tool
 * would. The report is checked by {@link LeadActivities#parse} (the checks and messages of the
 * gateway's {@code POST /v1/activity}) and written to {@code leads.activity}, keyed by its leadId,
 * with an idempotent {@code acks=all} producer; the command waits for the acknowledgement.
 */
@Command(
    name = "activity",
    mixinStandardHelpOptions = true,
    description = {
      "Reports an activity on a lead (CONTACTED, MEETING_BOOKED, NURTURE_TOUCH, WON, LOST,"
          + " DISQUALIFIED, REOPENED, ASSIGNED) to leads.activity, as a CRM or sales tool does.",
      "Exit codes: 0 written; 1 Kafka refused it; 2 usage error (a bad leadId, type or time);"
          + " 3 not acknowledged by Kafka within the timeout (default.api.timeout.ms, 10 s)."
    })
final class ActivityCommand implements Callable<Integer> {

  static final int EXIT_NOT_ACKNOWLEDGED = 3;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LEAD_ID", description = "The lead's leadId (ld_...).")
  String leadId;

  @Parameters(index = "1", paramLabel = "TYPE", description = "What happened, e.g. CONTACTED.")
  String type;

  @Option(
      names = "--at",
      paramLabel = "T",
      description =
          "When it happened, an ISO-8601 instant such as 2026-12-01T09:30:00Z (default: now).")
  String at;

  @Option(names = "--by", paramLabel = "WHO", description = "Who did it (an owner id).")
  String by;

  @Option(
      names = "--owner",
      paramLabel = "WHO",
      description = "The new owner (an owner id); required for ASSIGNED.")
  String owner;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    LeadActivity activity = activity(Instant.now());
    Clients.Settings settings = kafka.settings();
    Topic<String, LeadActivity> topic = new Topics(settings.topics()).activity();
    Duration timeout = settings.apiTimeout();
    PrintWriter err = spec.commandLine().getErr();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic.name(),
            topic.keySerde().serializer().serialize(topic.name(), activity.leadId()),
            topic.valueSerde().serializer().serialize(topic.name(), activity));
    KafkaProducer<byte[], byte[]> producer =
        Clients.writer(
            withMaxBlock(settings, timeout),
            "leadstream-activity",
            ByteArraySerializer.class,
            ByteArraySerializer.class);
    try {
      Future<RecordMetadata> ack = producer.send(record);
      ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
      return notAcknowledged(err, settings, topic, timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        return notAcknowledged(err, settings, topic, timeout);
      }
      throw refused(settings, topic, e.getCause());
    } catch (KafkaException e) {
      throw refused(settings, topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notAcknowledged(err, settings, topic, timeout);
    } finally {
      producer.close(Duration.ofSeconds(1));
    }
    System.out.printf(
        "%s %s at %s written to %s%n",
        activity.leadId(), activity.type(), activity.at(), topic.name());
    System.out.flush();
    return 0;
  }

  /**
   * The checked activity of these arguments, {@code at} defaulting to {@code now}.
   *
   * @throws CommandLine.ParameterException (exit 2) with the checker's message, which names the
   *     field and never quotes the value
   */
  LeadActivity activity(Instant now) {
    ObjectNode json = LeadJson.mapper().createObjectNode();
    json.put("leadId", leadId);
    json.put("type", type);
    json.put("at", at);
    json.put("by", by);
    json.put("owner", owner);
    try {
      return LeadActivities.parse(LeadJson.mapper().writeValueAsBytes(json), now);
    } catch (ActivityException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the activity as JSON", e);
    }
  }

  /** Sending waits for the topic's metadata no longer than for the acknowledgement. */
  private static Clients.Settings withMaxBlock(Clients.Settings settings, Duration timeout) {
    if (settings.kafka().containsKey(ProducerConfig.MAX_BLOCK_MS_CONFIG)) {
      return settings;
    }
    Map<String, String> kafka = new java.util.HashMap<>(settings.kafka());
    kafka.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    return new Clients.Settings(settings.bootstrap(), kafka, settings.topics());
  }

  private static int notAcknowledged(
      PrintWriter err, Clients.Settings settings, Topic<?, ?> topic, Duration timeout) {
    err.printf(
        "leadstream: the activity was not acknowledged by Kafka at %s within %d ms: is the topic"
            + " %s there (./leadstream topics)? %s%n",
        settings.bootstrap(), timeout.toMillis(), topic.name(), settings.hint());
    err.flush();
    return EXIT_NOT_ACKNOWLEDGED;
  }

  private static IllegalStateException refused(
      Clients.Settings settings, Topic<?, ?> topic, Throwable e) {
    if (e instanceof KafkaException kafkaError
        && (e instanceof org.apache.kafka.common.errors.AuthenticationException
            || e instanceof org.apache.kafka.common.errors.AuthorizationException)) {
      return Clients.refused(settings, kafkaError);
    }
    return new IllegalStateException(
        "cannot write to "
            + topic.name()
            + " at "
            + settings.bootstrap()
            + " ("
            + e.getClass().getSimpleName()
            + ": "
            + settings.redact(e.getMessage())
            + ")");
  }
}
