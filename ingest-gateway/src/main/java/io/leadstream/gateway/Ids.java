package io.leadstream.gateway;

import io.leadstream.schemas.IngestIds;
import java.util.regex.Pattern;

/**
 * Ingest ids (request ids are {@link io.leadstream.schemas.RequestIds}').
 *
 * <p>An ingest id is {@code in_} followed by 26 lower-case Crockford base32 characters: a 48-bit
 * millisecond timestamp then 80 random bits (the ULID layout), so ids sort by arrival, which helps
 * whoever reads {@code leads.raw} or {@code leads.dlq} by hand, and cannot collide in practice. The
 * layout is {@link IngestIds}', shared with imported leads' ids.
 */
final class Ids {

  static final String INGEST_PREFIX = IngestIds.INGEST_PREFIX;

  /** The shape of an ingest id (imported or received). */
  static final Pattern INGEST_ID = IngestIds.INGEST_ID;

  static String ingestId() {
    return INGEST_PREFIX + ulid(System.currentTimeMillis());
  }

  static String ulid(long epochMillis) {
    return IngestIds.randomUlid(epochMillis);
  }

  private Ids() {}
}
