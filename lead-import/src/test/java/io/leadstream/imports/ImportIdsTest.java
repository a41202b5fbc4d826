package io.leadstream.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.IngestIds;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Imported leads' ids: deterministic per body and creation time, in the ingest-id layout. */
class ImportIdsTest {

  private final ImportIds ids = new ImportIds("a-secret-of-at-least-16-bytes");

  @Test
  void runIdsAndIngestIdsUseTheLayout() {
    assertThat(ImportIds.runId()).matches("im_[0-7][0-9a-hjkmnp-tv-z]{25}");
    assertThat(ids.ingestId(new byte[] {1}, Instant.EPOCH))
        .matches(IngestIds.INGEST_ID)
        .startsWith("in_0000000000");
  }

  @Test
  void theSameBodyAndTimeGetTheSameIdAndAnyDifferenceAnother() {
    Instant at = Instant.parse("2026-11-20T10:15:30Z");
    String id = ids.ingestId(new byte[] {1, 2}, at);
    assertThat(ids.ingestId(new byte[] {1, 2}, at)).isEqualTo(id);
    assertThat(ids.ingestId(new byte[] {1, 3}, at)).isNotEqualTo(id);
    assertThat(ids.ingestId(new byte[] {1, 2}, at.plusMillis(1))).isNotEqualTo(id);
    assertThat(new ImportIds("another-secret-of-16-bytes").ingestId(new byte[] {1, 2}, at))
        .isNotEqualTo(id);
  }
}
