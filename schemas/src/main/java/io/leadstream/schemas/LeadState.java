package io.leadstream.schemas;

/** The lifecycle state of a tracked lead ({@link LeadStatus#state()}). */
public enum LeadState {
  /** Qualified, waiting for its first contact. */
  OPEN,
  /** Qualified and contacted. */
  CONTACTED,
  /** A nurture lead on its cadence. */
  NURTURING,
  WON,
  LOST,
  DISQUALIFIED,
  /** Never answered for {@code processor.lifecycle.expire.after} after its last deadline. */
  EXPIRED,
  /** A do-not-contact lead: never an alert but DNC_CONTACTED. */
  DO_NOT_CONTACT;

  /** Closed by the seller (WON, LOST, DISQUALIFIED): no alert until REOPENED. */
  public boolean closed() {
    return this == WON || this == LOST || this == DISQUALIFIED;
  }
}
