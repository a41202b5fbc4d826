package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ULID layout shared by received and imported ingest ids, request ids and import runs. */
class IngestIdsTest {

  private static final String CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

  @Test
  void encodesTheTimeAsTheUlidSpecificationDoesInLowerCase() {
    // The ULID specification's example: encodeTime(1469918176385) is "01ARYZ6S41".
    assertThat(IngestIds.ulid(1469918176385L, new byte[10])).startsWith("01aryz6s41");
  }

  @Test
  void encodesTheExtremesOfTimeAndBits() {
    byte[] ones = new byte[10];
    Arrays.fill(ones, (byte) 0xFF);
    assertThat(IngestIds.ulid(0, new byte[10])).isEqualTo("0".repeat(26));
    assertThat(IngestIds.ulid(0xFFFF_FFFF_FFFFL, ones)).isEqualTo("7" + "z".repeat(25));
    // Only the low 48 bits of the time count.
    assertThat(IngestIds.ulid(-1L, new byte[10])).startsWith("7zzzzzzzzz");
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
      assertThat(IngestIds.ulid(time, bits)).isEqualTo(expected.toString());
    }
  }

  @Test
  void sortsByTimeWhateverTheBits() {
    byte[] ones = new byte[10];
    Arrays.fill(ones, (byte) 0xFF);
    assertThat(IngestIds.ulid(1_000, ones)).isLessThan(IngestIds.ulid(1_001, new byte[10]));
  }

  @Test
  void refusesFewerThan80Bits() {
    assertThatThrownBy(() -> IngestIds.ulid(0, new byte[9]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("80 bits");
  }

  @Test
  void newIngestIdsHaveTheLayoutAndTheCurrentTime() {
    long before = System.currentTimeMillis();
    String id = IngestIds.newIngestId();
    assertThat(id).matches(IngestIds.INGEST_ID);
    assertThat(id.substring(3, 13))
        .isBetween(
            IngestIds.ulid(before, new byte[10]).substring(0, 10),
            IngestIds.ulid(System.currentTimeMillis(), new byte[10]).substring(0, 10));
    assertThat(IngestIds.newIngestId()).isNotEqualTo(id);
  }
}
