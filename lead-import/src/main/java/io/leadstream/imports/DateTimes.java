package io.leadstream.imports;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Creation times as exports write them. With a zone or offset: ISO-8601 ({@code
 * 2026-11-20T10:15:30Z}, {@code 2026-11-20T10:15:30.1234567Z} as Azure Table writes it, {@code
 * 2026-11-20T11:15:30+01:00}). Without one, read in the given zone (UTC unless told): {@code
 * 2026-11-20T10:15:30}, {@code 2026-11-20 10:15:30}, US-style {@code 11/20/2026 10:15:30 AM} or
 * {@code 11/20/2026 10:15}, and a bare date ({@code 2026-11-20}, {@code 11/20/2026}) as midnight.
 * Day-first dates ({@code 20/11/2026}) are not guessed: they are ambiguous.
 */
final class DateTimes {

  private static final List<DateTimeFormatter> LOCAL_DATE_TIMES =
      List.of(
          new DateTimeFormatterBuilder()
              .append(DateTimeFormatter.ISO_LOCAL_DATE)
              .optionalStart()
              .appendLiteral('T')
              .optionalEnd()
              .optionalStart()
              .appendLiteral(' ')
              .optionalEnd()
              .append(DateTimeFormatter.ISO_LOCAL_TIME)
              .toFormatter(Locale.ROOT),
          pattern("M/d/uuuu h:mm[:ss] a"),
          pattern("M/d/uuuu H:mm[:ss]"));

  private static final List<DateTimeFormatter> DATES =
      List.of(DateTimeFormatter.ISO_LOCAL_DATE, pattern("M/d/uuuu"));

  private DateTimes() {}

  /** The instant {@code text} names, or empty when it is not a date-time this reads. */
  static Optional<Instant> parse(String text, ZoneId zone) {
    String value = text.strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeException e) {
      // next
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeException e) {
      // next
    }
    String upper = value.toUpperCase(Locale.ROOT);
    for (DateTimeFormatter formatter : LOCAL_DATE_TIMES) {
      try {
        return Optional.of(LocalDateTime.parse(upper, formatter).atZone(zone).toInstant());
      } catch (DateTimeException e) {
        // next
      }
    }
    for (DateTimeFormatter formatter : DATES) {
      try {
        return Optional.of(LocalDate.parse(upper, formatter).atStartOfDay(zone).toInstant());
      } catch (DateTimeException e) {
        // next
      }
    }
    return Optional.empty();
  }

  private static DateTimeFormatter pattern(String pattern) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
        .parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
        .toFormatter(Locale.US);
  }
}
