package io.leadstream.schemas;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which component dead-lettered a record; the {@link RawHeaders#DLQ_STAGE} header value. */
public enum DeadLetterStage {
  GATEWAY,
  PROCESSOR;

  /** The header and JSON value: {@code gateway} or {@code processor}. */
  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stage of a header value, or null when unknown. */
  public static DeadLetterStage parse(String code) {
    if (code == null) {
      return null;
    }
    for (DeadLetterStage stage : values()) {
      if (stage.code().equalsIgnoreCase(code.trim())) {
        return stage;
      }
    }
    return null;
  }
}
