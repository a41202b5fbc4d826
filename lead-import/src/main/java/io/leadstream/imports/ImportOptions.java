package io.leadstream.imports;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * How to read a file.
 *
 * @param format the format, or empty to detect it from the content
 * @param mapping column headers to fields
 * @param charset the file's charset, or empty for UTF-8 (UTF-16 when it starts with a byte order
 *     mark)
 * @param zone the zone of creation times written without one
 */
public record ImportOptions(
    Optional<ImportFormat> format, ColumnMapping mapping, Optional<Charset> charset, ZoneId zone) {

  /** Detect the format, built-in column names, UTF-8, UTC. */
  public static ImportOptions defaults() {
    return new ImportOptions(
        Optional.empty(), ColumnMapping.defaults(), Optional.empty(), ZoneOffset.UTC);
  }

  public ImportOptions withFormat(ImportFormat format) {
    return new ImportOptions(Optional.of(format), mapping, charset, zone);
  }

  public ImportOptions withMapping(ColumnMapping mapping) {
    return new ImportOptions(format, mapping, charset, zone);
  }
}
