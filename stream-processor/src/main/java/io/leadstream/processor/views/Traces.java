package io.leadstream.processor.views;

import io.leadstream.processor.DedupOutcome;
import io.leadstream.processor.Route;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.TraceOutcome;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.Topics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The trace entries of the three places a received record can end: routed, dropped by dedup, or
 * dead-lettered. {@code at} is left to {@link TraceRecorder} (the record's time).
 */
final class Traces {

  private Traces() {}

  /** A routed event: the topic of its {@link Route}, under the ingest id that caused it. */
  static TraceEntry routed(LeadEvent event, Topics topics) {
    String ingestId = event.ingest() == null ? null : event.ingest().id();
    return new TraceEntry(
        ingestId,
        null,
        TraceOutcome.ROUTED,
        event.leadId(),
        Route.of(event).topic(topics).name(),
        null,
        null);
  }

  /** A lead the dedup step dropped: the leadId it was merged into or ignored for. */
  static TraceEntry dropped(String leadId, DedupOutcome outcome) {
    return new TraceEntry(
        outcome.droppedIngestId(),
        null,
        outcome.replay() ? TraceOutcome.REPLAY : TraceOutcome.DUPLICATE,
        leadId,
        null,
        null,
        null);
  }

  /** A dead letter: its reason and stage headers as written (the stage's code when known). */
  static TraceEntry deadLetter(FixedKeyRecord<String, byte[]> record, String topic) {
    String ingestId =
        record.key() != null
            ? record.key()
            : RawHeaders.read(record.headers(), RawHeaders.INGEST_ID);
    String stage = RawHeaders.read(record.headers(), RawHeaders.DLQ_STAGE);
    DeadLetterStage known = DeadLetterStage.parse(stage);
    return new TraceEntry(
        ingestId,
        null,
        TraceOutcome.DEAD_LETTER,
        null,
        topic,
        RawHeaders.read(record.headers(), RawHeaders.DLQ_REASON),
        known != null ? known.code() : stage);
  }

  /** The entry with its time set. */
  static TraceEntry at(TraceEntry entry, Instant at) {
    return new TraceEntry(
        entry.ingestId(),
        at,
        entry.outcome(),
        entry.leadId(),
        entry.topic(),
        entry.reason(),
        entry.stage());
  }
}
