package io.leadstream.processor.lifecycle;

import io.leadstream.processor.InternalSerde;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the lifecycle step to a topology: it consumes the routed lead events (keyed by leadId, after
 * the leadId repartition) and {@code leads.activity} (keyed by leadId, so it must have as many
 * partitions as the repartition topic: provisioning checks), and produces {@code leads.status}
 * (compacted) and {@code leads.alerts}.
 *
 * <pre>
 * routed events --> lifecycle-event ---------------------------\
 * leads.activity --leads-activity-source--> lifecycle-activity -+--> lifecycle-inputs
 *   --> lifecycle (lead-lifecycle-store, lead-deadline-index, lead-state-counts; wall-clock
 *       punctuator; test leads passed on untracked)
 *   --> lifecycle-alert --> leads.alerts
 *     | lifecycle-change --> change-value (the changes returned) --> status-changed --> leads.status
 * </pre>
 */
public final class LifecycleStep {

  /** One {@link Tracked} per lead. */
  public static final String STORE = "lead-lifecycle-store";

  /** Leads by next due time: key {@code <due epoch ms, 19 digits>:<leadId>}, value the leadId. */
  public static final String INDEX = "lead-deadline-index";

  /** Tracked leads by state (and OVERDUE), per task, for the metrics. */
  public static final String COUNTS = "lead-state-counts";

  private LifecycleStep() {}

  /**
   * Adds the step; returns one {@link LeadChange} per input it processed (the statuses among them
   * are what it publishes on {@code leads.status}), for the steps that follow a lead's state.
   */
  public static KStream<String, LeadChange> addTo(
      StreamsBuilder builder,
      KStream<String, LeadEvent> routed,
      Topics topics,
      LifecycleSettings settings,
      LifecycleMetrics metrics) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STORE), Serdes.String(), InternalSerde.trackedLeads()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(INDEX), Serdes.String(), Serdes.String()));
    // Cached: a handful of keys, each rewritten by almost every lead; the cache writes each once
    // per commit (in the same transaction) instead of once per lead to the changelog.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(COUNTS), Serdes.String(), Serdes.Long())
            .withCachingEnabled());

    KStream<String, LifecycleInput> events =
        routed.mapValues(LifecycleInput::routed, Named.as("lifecycle-event"));
    KStream<String, LifecycleInput> activities =
        builder.stream(
                topics.activity().name(),
                Consumed.with(topics.activity().keySerde(), topics.activity().valueSerde())
                    .withName("leads-activity-source"))
            .mapValues(LifecycleInput::activity, Named.as("lifecycle-activity"));

    Map<String, KStream<String, LifecycleOutput>> outputs =
        events
            .merge(activities, Named.as("lifecycle-inputs"))
            .process(
                () -> new LifecycleProcessor(settings, metrics),
                Named.as("lifecycle"),
                STORE,
                INDEX,
                COUNTS)
            .split(Named.as("lifecycle-"))
            .branch((leadId, out) -> out.alert() != null, Branched.as("alert"))
            .defaultBranch(Branched.as("change"));
    outputs
        .get("lifecycle-alert")
        .mapValues(LifecycleOutput::alert, Named.as("alert-value"))
        .to(
            topics.alerts().name(),
            Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde())
                .withName("leads-alerts-sink"));
    KStream<String, LeadChange> changes =
        outputs
            .get("lifecycle-change")
            .mapValues(LifecycleOutput::change, Named.as("change-value"));
    changes
        .filter((leadId, change) -> change.status() != null, Named.as("status-changed"))
        .mapValues(LeadChange::status, Named.as("status-value"))
        .to(
            topics.status().name(),
            Produced.with(topics.status().keySerde(), topics.status().valueSerde())
                .withName("leads-status-sink"));
    return changes;
  }

  /**
   * Whether a lead's follow-up deadline passed without a contact, as the lifecycle last judged it:
   * an OPEN lead whose status was written at or after its deadline. The work queue's {@code
   * overdue} and the lifecycle's OVERDUE count.
   */
  public static boolean overdue(LeadStatus status) {
    return LifecycleProcessor.overdue(status);
  }

  /** The index key of a lead due at {@code dueAt} (epoch ms, not negative). */
  static String indexKey(long dueAt, String leadId) {
    return dueTime(dueAt) + ":" + leadId;
  }

  /** An upper bound (inclusive) of the index keys of every lead due at or before {@code at}. */
  static String indexUpTo(long at) {
    // ';' sorts right after ':', so this is above every "<at>:<leadId>" and below "<at + 1>:".
    return dueTime(at) + ";";
  }

  /**
   * A due time as 19 digits, zero-padded (as {@code %019d} writes it), so that keys sort as the
   * times do. Not String.format: it is called for every lead that changes, and it cost more than
   * the rest of the index's bookkeeping.
   */
  private static String dueTime(long at) {
    if (at < 0) {
      throw new IllegalArgumentException("a due time before 1970: " + at);
    }
    String digits = Long.toString(at);
    return "0".repeat(DUE_DIGITS - digits.length()) + digits;
  }

  /** Digits of the longest due time, {@link Long#MAX_VALUE}. */
  private static final int DUE_DIGITS = 19;
}
