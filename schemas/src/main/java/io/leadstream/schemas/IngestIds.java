package io.leadstream.schemas;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The one layout of Leadstream's ids: a prefix ({@code in_} for ingest ids, {@code rq_} for request
 * ids, {@code im_} for import runs) and 26 lower-case Crockford base32 characters in the ULID
 * layout (48-bit millisecond time, then 80 bits), so ids sort by time and cannot collide in
 * practice. Received leads get random bits; imported leads get keyed-hash bits (deterministic, so a
 * re-import is recognised as a replay).
 */
public final class IngestIds {

  /** The prefix of an ingest id. */
  public static final String INGEST_PREFIX = "in_";

  /** The shape of an ingest id (received or imported). */
  public static final Pattern INGEST_ID = Pattern.compile("in_[0-7][0-9a-hjkmnp-tv-z]{25}");

  private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  private IngestIds() {}

  /** A new random ingest id for a lead received now. */
  public static String newIngestId() {
    return INGEST_PREFIX + randomUlid(System.currentTimeMillis());
  }

  /** This time, then 80 random bits, in the ULID layout of {@link #ulid(long, byte[])}. */
  public static String randomUlid(long epochMillis) {
    byte[] random = new byte[10];
    RANDOM.get().nextBytes(random);
    return ulid(epochMillis, random);
  }

  /**
   * The ULID layout in lower-case Crockford base32: the low 48 bits of {@code epochMillis} in 10
   * characters (the first carries only 3 bits), then the first 80 bits of {@code bits} (at least 10
   * bytes) in 16, most significant first, so ids sort by time.
   */
  public static String ulid(long epochMillis, byte[] bits) {
    if (bits.length < 10) {
      throw new IllegalArgumentException("a ULID needs 80 bits, got " + bits.length * 8);
    }
    char[] out = new char[26];
    long time = epochMillis & 0xFFFF_FFFF_FFFFL;
    for (int i = 9; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (time & 31)];
      time >>>= 5;
    }
    long high = 0; // first 40 bits
    long low = 0; // last 40 bits
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (bits[i] & 0xFF);
      low = (low << 8) | (bits[i + 5] & 0xFF);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = CROCKFORD[(int) (high & 31)];
      high >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = CROCKFORD[(int) (low & 31)];
      low >>>= 5;
    }
    return new String(out);
  }
}
