package io.leadstream.imports;

/**
 * One row (CSV, Azure Table) or line (NDJSON) that was not imported, and why. Never holds a value
 * of the row: only where it is and what is wrong with it.
 *
 * @param row the row number (CSV: the header is row 1, as a spreadsheet shows it; NDJSON: the line
 *     number)
 * @param column the column's header as written in the file, or null when the whole row is at fault
 * @param reason what is wrong, without the value
 */
public record Rejection(int row, String column, String reason) {

  /** E.g. {@code row 7, column 'Created date': not a date-time}. */
  public String describe(String unit) {
    return unit + " " + row + (column == null ? "" : ", column '" + column + "'") + ": " + reason;
  }
}
