package io.leadstream.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-11-20T10:15:30Z|2026-11-20T10:15:30Z",
        "2026-11-20T10:15:30.1234567Z|2026-11-20T10:15:30.1234567Z",
        "2026-11-20T11:15:30+01:00|2026-11-20T10:15:30Z",
        "2026-11-20T10:15:30|2026-11-20T10:15:30Z",
        "2026-11-20 10:15:30|2026-11-20T10:15:30Z",
        "2026-11-20 10:15:30.250|2026-11-20T10:15:30.250Z",
        "11/20/2026 10:15:30 AM|2026-11-20T10:15:30Z",
        "11/20/2026 10:15:30 pm|2026-11-20T22:15:30Z",
        "1/2/2026 9:05 AM|2026-01-02T09:05:00Z",
        "11/20/2026 22:15|2026-11-20T22:15:00Z",
        "2026-11-20|2026-11-20T00:00:00Z",
        "11/20/2026|2026-11-20T00:00:00Z",
      })
  void readsTheDateTimesExportsWrite(String text, String expected) {
    assertThat(DateTimes.parse(text, ZoneOffset.UTC)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "yesterday", "20/11/2026", "2026-13-01", "11/20/26 10:00"})
  void readsNothingFromTextThatIsNotADateTimeOrIsAmbiguous(String text) {
    assertThat(DateTimes.parse(text, ZoneOffset.UTC)).isEmpty();
  }
}
