package io.leadstream.schemas;

import java.util.Objects;

/**
 * LeadEvent v1 {@code action}: the coded action and the action text exactly as the lead carried it
 * ({@code raw} is null when the lead had none).
 */
public record Action(ActionCode code, String raw) {
  public Action {
    Objects.requireNonNull(code, "code");
  }

  /** The action of a raw code: {@code INS}, {@code PLT}, {@code Create}, {@code StartTestDrive}. */
  public static Action of(String raw) {
    String cleaned = Text.clean(raw);
    return new Action(ActionCode.of(cleaned), cleaned);
  }
}
