package io.leadstream.processor;

import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.processor.LeadMerger.Merged;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.Ingest;
import io.leadstream.schemas.LeadEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The de-duplication step: merges the leads of one customer-offer (the record key is the leadId)
 * and emits a {@link LeadEvent} when the merged record is new or changed, and for a lead it drops
 * says so ({@link DedupOutcome}: duplicate or replay), so the console can trace it. Consumes the
 * {@code lead-by-id} repartition topic; reads and writes the window store {@value #STORE}. The
 * event it emits has no routing, qualification or follow-up deadline yet: the steps after it add
 * those.
 *
 * <p>Time semantics: record time drives the window. A raw record's timestamp is when the gateway
 * received the lead (or, for an import, when Partner Center created it). A customer-offer's window
 * opens at the earliest event time seen for it (firstSeenAt) and lasts {@code window}; a lead whose
 * event time is within {@code window} of an open window's firstSeenAt, before or after it, merges
 * into it, so a lead that arrives out of order merges as if it had come in order; the merge itself
 * is order-independent ({@link LeadMerger}). The store keeps a window for {@code window} of stream
 * time (retention = window), so a record later than that finds nothing and starts a NEW window. A
 * replayed raw record (an ingest id already counted) changes nothing and emits nothing.
 */
final class DedupProcessor implements FixedKeyProcessor<String, ParsedLead, DedupOutcome> {

  /** The dedup window store. */
  static final String STORE = "lead-dedup-store";

  private final long windowMs;
  private final LeadMetrics metrics;
  private FixedKeyProcessorContext<String, DedupOutcome> context;
  private WindowStore<String, DedupState> store;

  DedupProcessor(Duration window, LeadMetrics metrics) {
    this.windowMs = window.toMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, DedupOutcome> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    StorePriming.schedule(context, STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, ParsedLead> record) {
    ParsedLead parsed = record.value();
    String leadId = record.key();
    Contribution contribution =
        new Contribution(
            parsed.eventTime(),
            parsed.ingestId(),
            parsed.channel(),
            Digests.of(parsed.lead()),
            parsed.lead());

    KeyValue<Long, DedupState> open = findWindow(leadId, parsed.eventTime());
    if (open == null) {
      DedupState state = DedupState.first(contribution);
      Merged merged = LeadMerger.merge(state.contributions());
      // No emitted digest yet: what was emitted is the merge of the contributions as stored,
      // computed only if a later lead needs it (most customer-offers never send another).
      store.put(leadId, state, state.firstSeenAt());
      emit(record, leadId, EventType.NEW, state, merged);
      return;
    }
    DedupState state = open.value;
    if (state.counted(parsed.ingestId())) {
      metrics.replayIgnored();
      context.forward(record.withValue(DedupOutcome.replayed(parsed.ingestId())));
      return;
    }
    if (state.hasContent(contribution.digest())) {
      save(leadId, open.key, state.countedAgain(parsed.ingestId()));
      metrics.duplicateDropped();
      context.forward(record.withValue(DedupOutcome.duplicate(parsed.ingestId())));
      return;
    }
    DedupState next = state.with(contribution);
    Merged merged = LeadMerger.merge(next.contributions());
    String digest = Digests.of(merged);
    String emitted =
        state.emittedDigest() != null
            ? state.emittedDigest()
            : Digests.of(LeadMerger.merge(state.contributions()));
    if (digest.equals(emitted)) {
      save(leadId, open.key, next);
      metrics.duplicateDropped();
      context.forward(record.withValue(DedupOutcome.duplicate(parsed.ingestId())));
      return;
    }
    save(leadId, open.key, next.emitted(digest));
    emit(record, leadId, EventType.UPDATED, next, merged);
  }

  /**
   * The open window a lead at {@code eventTime} belongs to: the latest one that started at or
   * before it, else the earliest that started after it, within {@code window} either way.
   */
  private KeyValue<Long, DedupState> findWindow(String leadId, long eventTime) {
    long from = Math.max(0, eventTime - windowMs + 1);
    long to = eventTime + windowMs - 1;
    KeyValue<Long, DedupState> before = null;
    KeyValue<Long, DedupState> after = null;
    try (WindowStoreIterator<DedupState> windows = store.fetch(leadId, from, to)) {
      while (windows.hasNext()) {
        KeyValue<Long, DedupState> window = windows.next();
        if (window.key <= eventTime) {
          before = window;
        } else if (after == null) {
          after = window;
        }
      }
    }
    return before != null ? before : after;
  }

  /** Stores {@code state} under its firstSeenAt, moving it if a late lead moved that earlier. */
  private void save(String leadId, long storedAt, DedupState state) {
    if (state.firstSeenAt() != storedAt) {
      store.put(leadId, null, storedAt);
    }
    store.put(leadId, state, state.firstSeenAt());
  }

  private void emit(
      FixedKeyRecord<String, ParsedLead> record,
      String leadId,
      EventType type,
      DedupState state,
      Merged merged) {
    Instant firstSeenAt = Instant.ofEpochMilli(state.firstSeenAt());
    long lastSeen =
        state.contributions().stream().mapToLong(Contribution::eventTime).max().orElseThrow();
    ParsedLead parsed = record.value();
    LeadEvent event =
        LeadEvent.of(
            leadId,
            type,
            state.occurrences(),
            firstSeenAt,
            Instant.ofEpochMilli(lastSeen),
            merged.lead(),
            new Ingest(parsed.ingestId(), parsed.channel()));
    context.forward(record.withValue(DedupOutcome.emitted(event)));
  }
}
