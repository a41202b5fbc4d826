package io.leadstream.schemas;

/** Whether a LeadEvent is the first for its leadId within the dedup window, or a merged update. */
public enum EventType {
  NEW,
  UPDATED
}
