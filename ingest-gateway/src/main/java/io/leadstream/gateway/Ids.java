package io.leadstream.gateway;

import io.leadstream.schemas.IngestIds;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Ingest ids and request ids.
 *
 * <p>An ingest id is {@code in_} followed by 26 lower-case Crockford base32 characters: a 48-bit
 * millisecond timestamp then 80 random bits (the ULID layout), so ids sort by arrival, which helps
 * whoever reads {@code leads.raw} or {@code leads.dlq} by hand, and cannot collide in practice. The
 * layout is {@link IngestIds}', shared with imported leads' ids.
 */
final class Ids {

  static final String INGEST_PREFIX = IngestIds.INGEST_PREFIX;
  static final String REQUEST_PREFIX = "rq_";

  /** The shape of an ingest id (imported or received). */
  static final Pattern INGEST_ID = IngestIds.INGEST_ID;

  /** What we accept from a caller's {@code X-Request-Id}: short, printable, no separators. */
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  static String ingestId() {
    return INGEST_PREFIX + ulid(System.currentTimeMillis());
  }

  /** The caller's request id when it is sane, else a new one. */
  static String requestId(String fromHeader) {
    if (fromHeader != null && SANE_REQUEST_ID.matcher(fromHeader).matches()) {
      return fromHeader;
    }
    // A request id only correlates log lines and answers; it need not be unpredictable, so it
    // takes its bits from ThreadLocalRandom rather than the SecureRandom of ingest ids.
    byte[] bits = new byte[10];
    ThreadLocalRandom.current().nextBytes(bits);
    return REQUEST_PREFIX + IngestIds.ulid(System.currentTimeMillis(), bits);
  }

  static String ulid(long epochMillis) {
    return IngestIds.randomUlid(epochMillis);
  }

  private Ids() {}
}
