package io.leadstream.imports;

import java.util.List;

/**
 * What a file held: the leads to write and the rows that were not imported.
 *
 * @param format the format read (given or detected)
 * @param rowsRead data rows (CSV) or non-blank lines (NDJSON) read, blank ones not counted
 * @param leads the rows that become leads, in file order
 * @param rejections the rows that do not, in file order
 * @param ignoredColumns headers of columns that were not read (neither recognised nor mapped)
 */
public record ImportFile(
    ImportFormat format,
    int rowsRead,
    List<ImportedLead> leads,
    List<Rejection> rejections,
    List<String> ignoredColumns) {

  /** {@code row} for CSV and Azure Table files, {@code line} for NDJSON. */
  public String unit() {
    return format == ImportFormat.NDJSON ? "line" : "row";
  }
}
