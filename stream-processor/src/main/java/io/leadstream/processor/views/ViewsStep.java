package io.leadstream.processor.views;

import io.leadstream.processor.DedupOutcome;
import io.leadstream.processor.InternalSerde;
import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.lifecycle.LeadChange;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the console's steps to the topology: they fill the stores that {@link StoreViews} reads and
 * produce nothing. All stores are persistent and changelogged (so, exactly-once, written in the
 * task's transaction and rebuilt from their changelogs after a restart).
 *
 * <pre>
 * qualified events -+- lead-latest (lead-latest-store)
 *                   +- trace-routed --------------------\
 * dedup's dropped leads - trace-dropped -----------------+- trace-inputs - trace (lead-trace-store)
 * lifecycle changes - funnel-change (lifecycle off: qualified events - funnel-event)
 *                                              - funnel (funnel-lead-store, funnel-day-store)
 * leads.dlq - leads-dlq-source - trace-dead-letter (lead-trace-dlq-store)
 * </pre>
 *
 * The dead-letter topic is read by a source of its own, so the gateway's, the importer's and the
 * processor's own dead letters are all found; its store is a store of its own because a store
 * shared by two sub-topologies would join them into one.
 */
public final class ViewsStep {

  /** leadId to the latest {@link LeadEvent} routed for it (contact data included). */
  public static final String LATEST_STORE = "lead-latest-store";

  /** leadId to the lead's last contribution to the funnel ({@link FunnelLead}). */
  public static final String FUNNEL_LEAD_STORE = "funnel-lead-store";

  /** {@code <day>|<source>|<offer key>} to that part of the day's {@link FunnelDay}. */
  public static final String FUNNEL_DAY_STORE = "funnel-day-store";

  /** Window store, ingest id to ROUTED, DUPLICATE and REPLAY {@link LocalViews.TraceEntry}s. */
  public static final String TRACE_STORE = "lead-trace-store";

  /** Window store, ingest id to the DEAD_LETTER {@link LocalViews.TraceEntry}s of leads.dlq. */
  public static final String DLQ_TRACE_STORE = "lead-trace-dlq-store";

  private ViewsStep() {}

  /**
   * Adds the steps that follow the routed events. The funnel counts the lifecycle's {@code changes}
   * (each routed event with the status it caused, in one record, so a new lead is counted once, not
   * once for its event and again for its status); {@code changes} is null when the lifecycle is
   * off, and the funnel then counts the routed events by stage, branch, source and offer only.
   */
  public static void addTo(
      StreamsBuilder builder,
      KStream<String, LeadEvent> routed,
      KStream<String, LeadChange> changes,
      KStream<String, DedupOutcome> dropped,
      Topics topics,
      ProcessorSettings settings) {
    Duration window = settings.dedupWindow();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_STORE),
            Serdes.String(),
            InternalSerde.latestEvents()));
    // Cached, as the lifecycle's counts are: a lead's funnel entry is rewritten by its event and
    // again by the status it causes, and one day's figures by every lead of that day, so the cache
    // writes each key once per commit (in the same transaction) instead of once per change.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FUNNEL_LEAD_STORE),
                Serdes.String(),
                InternalSerde.funnelLeads())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FUNNEL_DAY_STORE),
                Serdes.String(),
                InternalSerde.funnelDays())
            .withCachingEnabled());
    for (String store : new String[] {TRACE_STORE, DLQ_TRACE_STORE}) {
      // Retention = the dedup window, by stream time; duplicates kept, because a replayed record
      // has the same ingest id and timestamp as the record it repeats.
      builder.addStateStore(
          Stores.windowStoreBuilder(
              Stores.persistentWindowStore(store, window, window, true),
              Serdes.String(),
              InternalSerde.traceEntries()));
    }

    routed.processValues(LatestEventProcessor::new, Named.as("lead-latest"), LATEST_STORE);

    routed
        .mapValues(event -> Traces.routed(event, topics), Named.as("trace-routed"))
        .merge(
            dropped.mapValues(Traces::dropped, Named.as("trace-dropped")), Named.as("trace-inputs"))
        .processValues(
            () -> new TraceRecorder<LocalViews.TraceEntry>(TRACE_STORE, r -> r.value()),
            Named.as("trace"),
            TRACE_STORE);

    builder.stream(
            topics.dlq().name(),
            Consumed.with(topics.dlq().keySerde(), topics.dlq().valueSerde())
                .withName("leads-dlq-source"))
        .processValues(
            () ->
                new TraceRecorder<byte[]>(
                    DLQ_TRACE_STORE, r -> Traces.deadLetter(r, topics.dlq().name())),
            Named.as("trace-dead-letter"),
            DLQ_TRACE_STORE);

    KStream<String, FunnelInput> inputs =
        changes == null
            ? routed.mapValues(FunnelInput::event, Named.as("funnel-event"))
            : changes.mapValues(FunnelInput::of, Named.as("funnel-change"));
    inputs.processValues(
        FunnelProcessor::new, Named.as("funnel"), FUNNEL_LEAD_STORE, FUNNEL_DAY_STORE);
  }
}
