package io.leadstream.imports;

import java.util.Locale;

/** The file formats the importer reads. */
public enum ImportFormat {
  /** Partner Center's Referrals workspace export (or any CSV with a header). */
  CSV("csv", "Partner Center CSV"),
  /** Rows of the Azure Table lead destination, exported as CSV (CustomerInfo a JSON string). */
  AZURE_TABLE("azure-table", "Azure Table export"),
  /** One Partner Center HTTPS body (a JSON object) per line. */
  NDJSON("ndjson", "NDJSON");

  private final String flag;
  private final String title;

  ImportFormat(String flag, String title) {
    this.flag = flag;
    this.title = title;
  }

  /** The name on the command line: {@code csv}, {@code azure-table}, {@code ndjson}. */
  public String flag() {
    return flag;
  }

  /** A name for people, e.g. {@code Azure Table export}. */
  public String title() {
    return title;
  }

  /** The format a command-line name gives. */
  public static ImportFormat ofFlag(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (ImportFormat format : values()) {
      if (format.flag.equals(wanted) || format.name().equalsIgnoreCase(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + name + "'; use csv, azure-table or ndjson");
  }
}
