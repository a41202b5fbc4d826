package io.leadstream.schemas;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Funnel stage of a lead, derived from its action only. */
public enum Stage {
  INITIAL_INTEREST,
  ACTIVE,
  TRIAL,
  DO_NOT_CONTACT,
  @JsonEnumDefaultValue
  UNKNOWN;

  /**
   * PLT is initial interest; INS and CREATE are active; START_TEST_DRIVE is a trial; DNC is do not
   * contact; anything else is unknown (the source alone never decides the stage).
   */
  public static Stage of(ActionCode action) {
    if (action == null) {
      return UNKNOWN;
    }
    return switch (action) {
      case PLT -> INITIAL_INTEREST;
      case INS, CREATE -> ACTIVE;
      case START_TEST_DRIVE -> TRIAL;
      case DNC -> DO_NOT_CONTACT;
      case UNKNOWN -> UNKNOWN;
    };
  }
}
