package io.leadstream.schemas;

import java.util.Objects;

/**
 * LeadEvent v1 {@code source}: the coded source and the source token exactly as LeadSource carried
 * it ({@code raw} is null when the lead had no LeadSource).
 */
public record Source(SourceCode code, String raw) {
  public Source {
    Objects.requireNonNull(code, "code");
  }

  /** The source of a raw token: {@code AzureMarketplace}, {@code SPZA}, {@code TestDrive}, ... */
  public static Source of(String raw) {
    String cleaned = Text.clean(raw);
    return new Source(SourceCode.of(cleaned), cleaned);
  }
}
