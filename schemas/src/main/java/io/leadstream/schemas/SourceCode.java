package io.leadstream.schemas;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Where a lead came from, as coded in LeadEvent v1 {@code source.code}. */
public enum SourceCode {
  AZURE_MARKETPLACE,
  AZURE_PORTAL,
  /** AppSource, which Partner Center writes {@code SPZA}. */
  APPSOURCE,
  /** Test drive leads (2018-2020 versions of Partner Center). */
  TEST_DRIVE,
  /** Any source not listed above; the raw text is kept in {@code source.raw}. */
  @JsonEnumDefaultValue
  UNKNOWN;

  /**
   * The code of a LeadSource source token: case, spaces and punctuation do not matter ({@code
   * AzureMarketplace}, {@code Azure Marketplace}, {@code SPZA}, {@code AppSource (SPZA)}).
   */
  public static SourceCode of(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    return switch (Text.alphanumericLower(raw)) {
      case "azuremarketplace", "marketplace" -> AZURE_MARKETPLACE;
      case "azureportal" -> AZURE_PORTAL;
      case "spza", "appsource", "appsourcespza" -> APPSOURCE;
      case "testdrive" -> TEST_DRIVE;
      default -> UNKNOWN;
    };
  }
}
