package io.leadstream.schemas;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The call to action behind a lead, as coded in LeadEvent v1 {@code action.code}. */
public enum ActionCode {
  /** Installation: the customer acquired the product (Get it now). */
  INS,
  /** Partner-led trial: the customer selected Contact me. */
  PLT,
  /** Do not contact: a cross-listed partner notification. */
  DNC,
  /** Azure portal: the customer purchased (created) the offer. */
  CREATE,
  /** The customer started a test drive. */
  START_TEST_DRIVE,
  /** Any action not listed above; the raw text is kept in {@code action.raw}. */
  @JsonEnumDefaultValue
  UNKNOWN;

  /**
   * The code of an action as Partner Center writes it: case, spaces and punctuation do not matter
   * ({@code INS}, {@code ins}, {@code Create}, {@code StartTestDrive}, {@code START_TEST_DRIVE}).
   */
  public static ActionCode of(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    return switch (Text.alphanumericLower(raw)) {
      case "ins" -> INS;
      case "plt" -> PLT;
      case "dnc" -> DNC;
      case "create" -> CREATE;
      case "starttestdrive" -> START_TEST_DRIVE;
      default -> UNKNOWN;
    };
  }

  /** The funnel stage this action means; see {@link Stage#of(ActionCode)}. */
  public Stage stage() {
    return Stage.of(this);
  }
}
