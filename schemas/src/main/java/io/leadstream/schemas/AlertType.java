package io.leadstream.schemas;

/** Why a lead needs a person now ({@link LeadAlert#type()}). */
public enum AlertType {
  FOLLOW_UP_DUE_SOON,
  FOLLOW_UP_OVERDUE,
  NURTURE_TOUCH_DUE,
  DNC_CONTACTED,
  EXPIRED
}
