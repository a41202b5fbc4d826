package io.leadstream.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ULID encoder shared by imported and received ingest ids (the gateway's {@code Ids}). */
class ImportIdsTest {

  private static final String CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

  @Test
  void encodesTheTimeAsTheUlidSpecificationDoesInLowerCase() {
    // The ULID specification's example: encodeTime(1469918176385) is "01ARYZ6S41".
    assertThat(ImportIds.ulid(1469918176385L, new byte[10])).startsWith("01aryz6s41");
  }

  @Test
  void encodesTheExtremesOfTimeAndBits() {
    byte[] ones = new byte[10];
    Arrays.fill(ones, (byte) 0xFF);
    assertThat(ImportIds.ulid(0, new byte[10])).isEqualTo("0".repeat(26));
    assertThat(ImportIds.ulid(0xFFFF_FFFF_FFFFL, ones)).isEqualTo("7" + "z".repeat(25));
    // Only the low 48 bits of the time count.
    assertThat(ImportIds.ulid(-1L, new byte[10])).startsWith("7zzzzzzzzz");
  }

  @Test
  void agreesWithABigIntegerBase32EncodingOfTimeAndTheFirst80Bits() {
    Random random = new Random(20261121);
    for (int i = 0; i < 1000; i++) {
      long time = random.nextLong() & 0xFFFF_FFFF_FFFFL;
      byte[] bits = new byte[10 + random.nextInt(22)];
      random.nextBytes(bits);
      BigInteger value =
          BigInteger.valueOf(time).shiftLeft(80).or(new BigInteger(1, Arrays.copyOf(bits, 10)));
      StringBuilder expected = new StringBuilder();
      for (int c = 0; c < 26; c++) {
        expected.insert(0, CROCKFORD.charAt(value.intValue() & 31));
        value = value.shiftRight(5);
      }
      assertThat(ImportIds.ulid(time, bits)).isEqualTo(expected.toString());
    }
  }

  @Test
  void sortsByTimeWhateverTheBits() {
    byte[] ones = new byte[10];
    Arrays.fill(ones, (byte) 0xFF);
    assertThat(ImportIds.ulid(1_000, ones)).isLessThan(ImportIds.ulid(1_001, new byte[10]));
  }

  @Test
  void refusesFewerThan80Bits() {
    assertThatThrownBy(() -> ImportIds.ulid(0, new byte[9]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("80 bits");
  }

  @Test
  void runIdsAndIngestIdsUseTheLayout() {
    assertThat(ImportIds.runId()).matches("im_[0-7][0-9a-hjkmnp-tv-z]{25}");
    assertThat(
            new ImportIds("a-secret-of-at-least-16-bytes")
                .ingestId(new byte[] {1}, java.time.Instant.EPOCH))
        .matches(ImportIds.INGEST_ID)
        .startsWith("in_0000000000");
  }
}
