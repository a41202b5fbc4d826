package io.leadstream.imports;

import io.leadstream.config.Config;
import io.leadstream.schemas.IngestIds;
import io.leadstream.schemas.LeadIds;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
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
 * guessed email and compare). The key is {@value #SECRET_KEY}: the importer's and the gateway's
 * batch endpoint's (the same rows give the same ids whichever way they come in); unset, the
 * published development secret {@link LeadIds#DEV_SECRET}, for laptops and tests only.
 */
public final class ImportIds {

  /** The config key of the secret (of the importer and of the gateway's batch endpoint). */
  public static final String SECRET_KEY = "import.id.secret";

  /** Classpath resource with the importer's shipped defaults. */
  public static final String DEFAULTS = "/lead-import-defaults.properties";

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;

  public ImportIds(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new Config.ConfigException(SECRET_KEY, "must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
  }

  /** Keyed with {@value #SECRET_KEY} from {@code config}, else the development secret. */
  public static ImportIds fromConfig(Config config) {
    return new ImportIds(config.string(SECRET_KEY, LeadIds.DEV_SECRET));
  }

  /** The ingest id of a lead with this body created at this time. */
  public String ingestId(byte[] body, Instant createdAt) {
    Mac mac = mac();
    mac.update(body);
    mac.update((byte) 0);
    mac.update(createdAt.toString().getBytes(StandardCharsets.US_ASCII));
    byte[] digest = mac.doFinal();
    return IngestIds.INGEST_PREFIX + IngestIds.ulid(createdAt.toEpochMilli(), digest);
  }

  /** A new id for one import run (the request-id header of its records): {@code im_} + ULID. */
  public static String runId() {
    return "im_" + IngestIds.randomUlid(System.currentTimeMillis());
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
}
