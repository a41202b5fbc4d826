package io.leadstream.schemas;

/** What a sales tool or CRM reports about a lead ({@link LeadActivity#type()}). */
public enum ActivityType {
  CONTACTED,
  MEETING_BOOKED,
  NURTURE_TOUCH,
  WON,
  LOST,
  DISQUALIFIED,
  REOPENED,
  ASSIGNED;

  /** The first such activity ends a qualified lead's follow-up clock ({@code firstContactAt}). */
  public boolean endsFollowUpClock() {
    return this == CONTACTED
        || this == MEETING_BOOKED
        || this == WON
        || this == LOST
        || this == DISQUALIFIED;
  }

  /** Reaching out to the customer: for a do-not-contact lead, this raises DNC_CONTACTED. */
  public boolean contactsTheCustomer() {
    return this == CONTACTED || this == MEETING_BOOKED || this == NURTURE_TOUCH;
  }

  /** Counts as a touch of the nurture cadence ({@code touches}, the minimum gap). */
  public boolean isTouch() {
    return this == CONTACTED || this == NURTURE_TOUCH;
  }

  /** Closes the lead. */
  public boolean closes() {
    return this == WON || this == LOST || this == DISQUALIFIED;
  }
}
