package io.leadstream.processor;

import io.leadstream.schemas.LeadEvent;

/**
 * What the dedup step made of one parsed lead: the event it emits, or, for a lead it dropped, why
 * (so that the console can say where a received record went).
 *
 * @param event the NEW or UPDATED event; null when the lead was dropped
 * @param droppedIngestId the ingest id of the dropped lead; null when an event was emitted
 * @param replay true when the drop was a replayed raw record (an ingest id already counted), false
 *     for a duplicate (a lead that added nothing)
 */
public record DedupOutcome(LeadEvent event, String droppedIngestId, boolean replay) {

  static DedupOutcome emitted(LeadEvent event) {
    return new DedupOutcome(event, null, false);
  }

  static DedupOutcome duplicate(String ingestId) {
    return new DedupOutcome(null, ingestId, false);
  }

  static DedupOutcome replayed(String ingestId) {
    return new DedupOutcome(null, ingestId, true);
  }

  /** Whether the dedup step emitted an event. */
  public boolean isEmitted() {
    return event != null;
  }
}
