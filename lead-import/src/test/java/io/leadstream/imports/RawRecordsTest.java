package io.leadstream.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.config.Config;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.RawHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class RawRecordsTest {

  private static final byte[] BODY =
      "{\"UserDetails\":{\"Email\":\"a@contoso.example.com\"}}".getBytes(StandardCharsets.UTF_8);
  private static final Instant CREATED = Instant.parse("2026-11-02T09:30:00.123Z");
  private static final Instant IMPORTED = Instant.parse("2026-11-21T12:00:00Z");

  private final ImportIds ids = new ImportIds("a-secret-of-at-least-16-bytes");

  @Test
  void writesTheBodyUnderADeterministicIdWithImportHeadersAndTheCreationTime() {
    RawRecords records = new RawRecords(ids, "leads.raw");
    ProducerRecord<byte[], byte[]> record =
        records.record(new ImportedLead(2, BODY, CREATED), IMPORTED, "im_run");

    String id = RawRecords.ingestId(record);
    assertThat(record.topic()).isEqualTo("leads.raw");
    assertThat(record.value()).isEqualTo(BODY);
    assertThat(record.timestamp()).isEqualTo(IMPORTED.toEpochMilli());
    assertThat(id).matches(IngestIds.INGEST_ID);
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    assertThat(headers)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                RawHeaders.INGEST_ID, id,
                RawHeaders.RECEIVED_AT, "2026-11-21T12:00:00Z",
                RawHeaders.CHANNEL, "import",
                RawHeaders.CONTENT_TYPE, "application/json",
                RawHeaders.REQUEST_ID, "im_run",
                RawHeaders.CREATED_AT, "2026-11-02T09:30:00.123Z"));
    // Importing the same row again, in another run at another time, writes the same key.
    ProducerRecord<byte[], byte[]> again =
        records.record(new ImportedLead(9, BODY.clone(), CREATED), IMPORTED.plusSeconds(60), "x");
    assertThat(RawRecords.ingestId(again)).isEqualTo(id);
  }

  @Test
  void idsSortByCreationTimeAndDifferWithTheBodyTheTimeOrTheSecret() {
    String id = ids.ingestId(BODY, CREATED);
    Set<String> others = new TreeSet<>();
    others.add(ids.ingestId(BODY, CREATED.plusMillis(1)));
    others.add(ids.ingestId("{}".getBytes(StandardCharsets.UTF_8), CREATED));
    others.add(new ImportIds("another-secret-of-16-bytes").ingestId(BODY, CREATED));
    assertThat(others).hasSize(3).doesNotContain(id);
    assertThat(ids.ingestId(BODY, CREATED.plusSeconds(1))).isGreaterThan(id);
    assertThat(ids.ingestId(BODY, CREATED.minusSeconds(1))).isLessThan(id);
  }

  @Test
  void encodesTheCreationTimeInTheFirstTenCharactersAsTheGatewayDoes() {
    // 2026-11-02T09:30:00.123Z = 1_793_611_800_123 ms; first 10 Crockford characters of 48 bits.
    long millis = CREATED.toEpochMilli();
    StringBuilder expected = new StringBuilder();
    for (int shift = 45; shift >= 0; shift -= 5) {
      expected.append("0123456789abcdefghjkmnpqrstvwxyz".charAt((int) ((millis >>> shift) & 31)));
    }
    assertThat(ids.ingestId(BODY, CREATED)).startsWith("in_" + expected);
  }

  @Test
  void takesTheSecretFromImportIdSecretDefaultsToTheDevelopmentSecretAndRefusesAShortOne() {
    String configured =
        ImportIds.fromConfig(
                Config.of(Map.of(ImportIds.SECRET_KEY, "a-secret-of-at-least-16-bytes")))
            .ingestId(BODY, CREATED);
    assertThat(configured).isEqualTo(ids.ingestId(BODY, CREATED));
    assertThat(ImportIds.fromConfig(Config.of(Map.of())).ingestId(BODY, CREATED))
        .isEqualTo(new ImportIds(io.leadstream.schemas.LeadIds.DEV_SECRET).ingestId(BODY, CREATED));
    assertThatThrownBy(() -> new ImportIds("short"))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining(ImportIds.SECRET_KEY);
  }
}
