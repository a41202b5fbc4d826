package io.leadstream.imports;

import io.leadstream.schemas.LeadIds;
import io.leadstream.support.Config;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ingest ids of imported leads. Deterministic, so that importing the same row again writes the same
 * id, which the processor's dedup recognises as a replay and ignores: {@code in_} + 26 lower-case
 * Crockford base32 characters in the layout of the gateway's ids (ULID: 48-bit millisecond time,
 * then 80 bits), where the time is the lead's creation time and the 80 bits are the first 80 of an
 * HMAC-SHA256 over the body and the creation time.
 *
 * <p>Keyed, because a plain hash of personal data is still personal data (anyone could hash a
 * guessed email and compare). The key is the processor's lead-id secret ({@value #SECRET_KEY}), so
 * operators keep one secret.
 */
public final class ImportIds {

  /** The config key of the secret: the same one the processor uses for lead ids. */
  public static final String SECRET_KEY = "processor.leadid.secret";

  /**
   * The shipped default of {@value #SECRET_KEY}, the same as the processor's; also in {@value
   * #DEFAULTS}.
   */
  public static final String DEFAULT_SECRET = LeadIds.DEV_SECRET;

  /** Classpath resource with the importer's shipped defaults. */
  public static final String DEFAULTS = "/lead-import-defaults.properties";

  /** The shape of an ingest id (the gateway's too). */
  public static final Pattern INGEST_ID = Pattern.compile("in_[0-7][0-9a-hjkmnp-tv-z]{25}");

  private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final String HMAC = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public ImportIds(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new Config.ConfigException(SECRET_KEY, "must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
  }

  /** Keyed with {@value #SECRET_KEY} from {@code config}, else the shipped default. */
  public static ImportIds fromConfig(Config config) {
    return new ImportIds(config.string(SECRET_KEY, DEFAULT_SECRET));
  }

  /** The ingest id of a lead with this body created at this time. */
  public String ingestId(byte[] body, Instant createdAt) {
    Mac mac = mac();
    mac.update(body);
    mac.update((byte) 0);
    mac.update(createdAt.toString().getBytes(StandardCharsets.US_ASCII));
    byte[] digest = mac.doFinal();
    return "in_" + ulid(createdAt.toEpochMilli(), digest);
  }

  /** A new id for one import run (the request-id header of its records): {@code im_} + ULID. */
  public static String runId() {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return "im_" + ulid(System.currentTimeMillis(), random);
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /**
   * The ULID layout of every ingest id (the gateway's too), in lower-case Crockford base32: the low
   * 48 bits of {@code epochMillis} in 10 characters (the first carries only 3 bits), then the first
   * 80 bits of {@code bits} (at least 10 bytes) in 16, most significant first, so ids sort by time.
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
