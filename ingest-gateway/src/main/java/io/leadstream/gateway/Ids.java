package io.leadstream.gateway;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Ingest ids and request ids.
 *
 * <p>An ingest id is {@code in_} followed by 26 lower-case Crockford base32 characters: a 48-bit
 * millisecond timestamp then 80 random bits (the ULID layout), so ids sort by arrival, which helps
 * whoever reads {@code leads.raw} or {@code leads.dlq} by hand, and cannot collide in practice.
 */
final class Ids {

  static final String INGEST_PREFIX = "in_";
  static final String REQUEST_PREFIX = "rq_";

  /** The shape of an ingest id. */
  static final Pattern INGEST_ID = Pattern.compile("in_[0-7][0-9a-hjkmnp-tv-z]{25}");

  /** What we accept from a caller's {@code X-Request-Id}: short, printable, no separators. */
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  static String ingestId() {
    return INGEST_PREFIX + ulid(System.currentTimeMillis());
  }

  /** The caller's request id when it is sane, else a new one. */
  static String requestId(String fromHeader) {
    if (fromHeader != null && SANE_REQUEST_ID.matcher(fromHeader).matches()) {
      return fromHeader;
    }
    return REQUEST_PREFIX + ulid(System.currentTimeMillis());
  }

  static String ulid(long epochMillis) {
    byte[] random = new byte[10];
    RANDOM.get().nextBytes(random);
    char[] out = new char[26];
    // 48-bit time in 10 characters (the first carries only 3 bits), most significant first.
    long time = epochMillis & 0xFFFF_FFFF_FFFFL;
    for (int i = 9; i >= 0; i--) {
      out[i] = CROCKFORD[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits in 16 characters.
    long high = 0; // first 40 bits
    long low = 0; // last 40 bits
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (random[i] & 0xFF);
      low = (low << 8) | (random[i + 5] & 0xFF);
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

  private Ids() {}
}
