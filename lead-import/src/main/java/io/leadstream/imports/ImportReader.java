package io.leadstream.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.leadstream.schemas.JsonBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an export into leads: decodes the bytes strictly, detects the format (unless given), maps
 * columns to fields by header, checks every row and builds each good row's Partner Center body.
 * Reads the whole file before anything is sent, so a file that cannot be read is not imported at
 * all ({@link ImportFileException}) and a bad row is a {@link Rejection} with its row number and
 * column, never its value.
 *
 * <ul>
 *   <li>CSV (Partner Center's Referrals export, or any CSV with a header row; separator {@code ,},
 *       {@code ;} or tab, detected from the header) and Azure Table exports (CSV with {@code
 *       PartitionKey}, {@code RowKey}, {@code CustomerInfo} as a JSON string): quoted values may
 *       hold separators, quotes ({@code ""}) and line breaks.
 *   <li>NDJSON: one Partner Center HTTPS body per line, written as it is; an optional top-level
 *       {@code CreatedTime} (any casing) gives its creation time, else the import time.
 * </ul>
 */
public final class ImportReader {

  /** The largest body one row may become (the gateway's default body limit). */
  public static final int MAX_BODY_BYTES = 65_536;

  /** Clock skew tolerated before a creation time counts as "in the future". */
  private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  /** Columns of an Azure Table export that are bookkeeping, not lead data: skipped silently. */
  private static final Set<String> BOOKKEEPING = Set.of("partitionkey", "rowkey", "etag");

  private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  private static final String DATE_HINT =
      "not a date-time this importer reads (write ISO-8601 such as 2026-11-20T10:15:30Z, or"
          + " 11/20/2026 10:15:30 AM)";

  private ImportReader() {}

  /**
   * Reads one file.
   *
   * @param importTime when the import runs: the creation time of NDJSON lines that carry none, and
   *     the bound beyond which a creation time is "in the future"
   * @throws ImportFileException when the file cannot be imported at all
   */
  public static ImportFile read(byte[] bytes, ImportOptions options, Instant importTime)
      throws ImportFileException {
    String text = TextDecoder.decode(bytes, options.charset());
    if (text.isBlank()) {
      throw new ImportFileException(
          bytes.length == 0
              ? "the file is empty"
              : "the file holds no data (only white space or a byte order mark)");
    }
    ImportFormat format = options.format().isPresent() ? options.format().get() : detect(text);
    return format == ImportFormat.NDJSON
        ? ndjson(text, options.zone(), importTime)
        : csv(text, format, options, importTime);
  }

  /** The format of a file's text: NDJSON when it starts with '{', Azure Table by its columns. */
  public static ImportFormat detect(String text) throws ImportFileException {
    String start = TextDecoder.stripBom(text).stripLeading();
    if (start.startsWith("{")) {
      return ImportFormat.NDJSON;
    }
    if (start.startsWith("[")) {
      throw new ImportFileException(
          "the file is a JSON array; write one JSON object per line (NDJSON) instead");
    }
    String header = firstLine(start);
    char separator = separator(header);
    List<String> names = new ArrayList<>();
    for (String column : header.split(java.util.regex.Pattern.quote(String.valueOf(separator)))) {
      names.add(LeadField.normalize(column));
    }
    boolean azure =
        names.contains("customerinfo")
            || (names.contains("partitionkey") && names.contains("rowkey"));
    return azure ? ImportFormat.AZURE_TABLE : ImportFormat.CSV;
  }

  // ---------------------------------------------------------------- CSV and Azure Table

  private static ImportFile csv(
      String text, ImportFormat format, ImportOptions options, Instant importTime)
      throws ImportFileException {
    String body = TextDecoder.stripBom(text);
    char separator = separator(firstLine(body.stripLeading()));
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
    List<ImportedLead> leads = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    int row = 0;
    int rowsRead = 0;
    Columns columns = null;
    try (MappingIterator<String[]> rows =
        CSV.readerFor(String[].class).with(schema).readValues(body)) {
      while (rows.hasNextValue()) {
        String[] values = rows.nextValue();
        row++;
        if (blank(values)) {
          continue;
        }
        if (columns == null) {
          columns = Columns.of(values, row, options.mapping());
          continue;
        }
        rowsRead++;
        Object outcome = columns.lead(values, row, options.zone(), importTime);
        if (outcome instanceof ImportedLead lead) {
          leads.add(lead);
        } else {
          rejections.add((Rejection) outcome);
        }
      }
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new ImportFileException(
          "row "
              + (row + 1)
              + (line > 0 ? " (line " + line + ")" : "")
              + ": the CSV is malformed there (a quoted value is not closed, or a quote is"
              + " misplaced); nothing of this file was imported");
    } catch (IOException e) {
      throw new ImportFileException(
          "row " + (row + 1) + ": cannot read the CSV (" + e.getClass().getSimpleName() + ")");
    }
    if (columns == null) {
      throw new ImportFileException("the file has no header row");
    }
    return new ImportFile(format, rowsRead, leads, rejections, columns.ignored);
  }

  /** The columns of a header row: which field each holds. */
  private static final class Columns {
    final String[] headers;
    final LeadField[] fields;
    final Map<LeadField, Integer> index = new EnumMap<>(LeadField.class);
    final List<String> ignored = new ArrayList<>();

    private Columns(String[] headers) {
      this.headers = headers;
      this.fields = new LeadField[headers.length];
    }

    static Columns of(String[] header, int row, ColumnMapping mapping) throws ImportFileException {
      Columns columns = new Columns(header);
      for (int i = 0; i < header.length; i++) {
        String name = header[i].strip();
        String normalized = LeadField.normalize(name);
        if (normalized.isEmpty()) {
          continue;
        }
        if (name.toLowerCase(Locale.ROOT).endsWith("@type")
            || (BOOKKEEPING.contains(normalized) && !mapping.mentions(name))) {
          continue; // Azure Storage Explorer's type columns and table bookkeeping
        }
        Optional<LeadField> field = mapping.fieldOf(name);
        if (field.isEmpty()) {
          if (!mapping.mentions(name)) {
            columns.ignored.add(name);
          }
          continue;
        }
        Integer before = columns.index.putIfAbsent(field.get(), i);
        if (before != null) {
          throw new ImportFileException(
              "row "
                  + row
                  + ": columns '"
                  + header[before].strip()
                  + "' and '"
                  + name
                  + "' both hold "
                  + field.get().mappingName()
                  + "; say which one to read in a mapping file ('"
                  + name
                  + " = ignore')");
        }
        columns.fields[i] = field.get();
      }
      if (!columns.index.containsKey(LeadField.CREATED_TIME)
          && !columns.index.containsKey(LeadField.TIMESTAMP)) {
        throw new ImportFileException(
            "no column holds the creation time (looked for "
                + String.join(", ", LeadField.CREATED_TIME.synonyms())
                + ", timestamp; case, spaces and punctuation ignored); name yours in a mapping"
                + " file: '<header> = createdTime'");
      }
      if (columns.index.keySet().stream().noneMatch(LeadField::isContact)) {
        throw new ImportFileException(
            "no column holds contact details (a name, email, phone, company or CustomerInfo);"
                + " found only "
                + columns.index.keySet().stream().map(LeadField::mappingName).toList()
                + "; map yours in a mapping file: '<header> = email'");
      }
      return columns;
    }

    /** The lead of a data row, or its rejection. */
    Object lead(String[] values, int row, ZoneId zone, Instant importTime) {
      if (values.length > headers.length) {
        for (int i = headers.length; i < values.length; i++) {
          if (!values[i].isBlank()) {
            return new Rejection(
                row,
                null,
                "has "
                    + values.length
                    + " values but the header has "
                    + headers.length
                    + " columns (an unquoted separator?)");
          }
        }
      }
      Map<LeadField, String> row0 = new EnumMap<>(LeadField.class);
      for (int i = 0; i < fields.length && i < values.length; i++) {
        if (fields[i] != null && !values[i].isBlank()) {
          row0.put(fields[i], values[i]);
        }
      }
      // Creation time: CreatedTime, else (Azure Table) the row's Timestamp.
      LeadField timeField =
          row0.containsKey(LeadField.CREATED_TIME) || !index.containsKey(LeadField.TIMESTAMP)
              ? LeadField.CREATED_TIME
              : LeadField.TIMESTAMP;
      String timeColumn = header(timeField);
      String timeText = row0.get(timeField);
      if (timeText == null) {
        return new Rejection(row, timeColumn, "blank; a lead needs its creation time");
      }
      Optional<Instant> created = DateTimes.parse(timeText, zone);
      if (created.isEmpty()) {
        return new Rejection(row, timeColumn, DATE_HINT);
      }
      if (created.get().isAfter(importTime.plus(FUTURE_TOLERANCE))) {
        return new Rejection(row, timeColumn, "in the future (after the import time)");
      }
      String info = row0.remove(LeadField.CUSTOMER_INFO);
      if (info != null) {
        Optional<String> problem = customerInfo(info, row0);
        if (problem.isPresent()) {
          return new Rejection(row, header(LeadField.CUSTOMER_INFO), problem.get());
        }
      }
      String fullName = row0.remove(LeadField.FULL_NAME);
      if (fullName != null
          && !row0.containsKey(LeadField.FIRST_NAME)
          && !row0.containsKey(LeadField.LAST_NAME)) {
        String name = fullName.strip();
        int space = name.lastIndexOf(' ');
        if (space < 0) {
          row0.put(LeadField.LAST_NAME, name);
        } else {
          row0.put(LeadField.FIRST_NAME, name.substring(0, space).strip());
          row0.put(LeadField.LAST_NAME, name.substring(space + 1));
        }
      }
      if (row0.keySet().stream().noneMatch(LeadField::isContact)) {
        return new Rejection(
            row, null, "no contact details (name, email, phone and company are all blank)");
      }
      byte[] body = LeadBody.of(row0);
      if (body.length > MAX_BODY_BYTES) {
        return new Rejection(row, null, "longer than " + MAX_BODY_BYTES + " bytes as a lead");
      }
      return new ImportedLead(row, body, created.get());
    }

    private String header(LeadField field) {
      Integer i = index.get(field);
      return i == null ? field.mappingName() : headers[i].strip();
    }
  }

  /**
   * Fills the contact fields from an Azure Table {@code CustomerInfo} JSON string (property names
   * in any casing) where the row has no column of its own for them; a problem when it is not a JSON
   * object.
   */
  private static Optional<String> customerInfo(String json, Map<LeadField, String> into) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Optional<JsonBodies.Rejection> rejection = JsonBodies.checkObject(bytes);
    if (rejection.isPresent()) {
      return Optional.of("not a JSON object: " + rejection.get().detail());
    }
    try (JsonParser parser = JsonBodies.factory().createParser(bytes)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = LeadField.normalize(parser.currentName());
        JsonToken value = parser.nextToken();
        if (value.isStructStart()) {
          parser.skipChildren();
          continue;
        }
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        for (LeadField field : LeadField.values()) {
          if (field.isUserDetail()
              && LeadField.normalize(field.jsonName()).equals(name)
              && !into.containsKey(field)
              && !parser.getText().isBlank()) {
            into.put(field, parser.getText());
          }
        }
      }
    } catch (IOException e) {
      return Optional.of("not a JSON object");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- NDJSON

  private static ImportFile ndjson(String text, ZoneId zone, Instant importTime) {
    String body = TextDecoder.stripBom(text);
    List<ImportedLead> leads = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    int rowsRead = 0;
    int lineNumber = 0;
    int start = 0;
    while (start <= body.length()) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = body.length();
      }
      lineNumber++;
      String line = body.substring(start, end);
      start = end + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank()) {
        continue;
      }
      rowsRead++;
      Object outcome = ndjsonLine(line, lineNumber, zone, importTime);
      if (outcome instanceof ImportedLead lead) {
        leads.add(lead);
      } else {
        rejections.add((Rejection) outcome);
      }
    }
    return new ImportFile(ImportFormat.NDJSON, rowsRead, leads, rejections, List.of());
  }

  /** One NDJSON line: its lead, or its rejection. Shared with the gateway's batch endpoint. */
  static Object ndjsonLine(String line, int lineNumber, ZoneId zone, Instant importTime) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BODY_BYTES) {
      return new Rejection(lineNumber, null, "longer than " + MAX_BODY_BYTES + " bytes");
    }
    Optional<JsonBodies.Rejection> rejection = JsonBodies.checkObject(bytes);
    if (rejection.isPresent()) {
      return new Rejection(
          lineNumber,
          null,
          rejection.get().problem().name().toLowerCase(Locale.ROOT).replace('_', '-')
              + ": "
              + rejection.get().detail().replace("at line 1, column", "at column"));
    }
    Instant created = importTime;
    try (JsonParser parser = JsonBodies.factory().createParser(bytes)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equalsIgnoreCase("CreatedTime") && value != JsonToken.VALUE_NULL) {
          Optional<Instant> parsed =
              value == JsonToken.VALUE_STRING
                  ? DateTimes.parse(parser.getText(), zone)
                  : Optional.empty();
          if (parsed.isEmpty()) {
            return new Rejection(lineNumber, name, DATE_HINT);
          }
          created = parsed.get();
          break;
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      return new Rejection(lineNumber, null, "malformed-json");
    }
    if (created.isAfter(importTime.plus(FUTURE_TOLERANCE))) {
      return new Rejection(lineNumber, "CreatedTime", "in the future (after the import time)");
    }
    return new ImportedLead(lineNumber, bytes, created);
  }

  // ---------------------------------------------------------------- helpers

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** The separator of a header line: whichever of , ; and tab occurs most outside quotes. */
  static char separator(String headerLine) {
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    boolean quoted = false;
    for (int i = 0; i < headerLine.length(); i++) {
      char c = headerLine.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == ',') {
          commas++;
        } else if (c == ';') {
          semicolons++;
        } else if (c == '\t') {
          tabs++;
        }
      }
    }
    if (tabs > commas && tabs > semicolons) {
      return '\t';
    }
    return semicolons > commas ? ';' : ',';
  }

  private static boolean blank(String[] values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return false;
      }
    }
    return true;
  }
}
