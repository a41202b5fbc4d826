package io.leadstream.schemas;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request id of every HTTP answer (the gateway's and the console's): the caller's {@code
 * X-Request-Id} when it is sane, else a new {@code rq_} id in the ULID layout of {@link IngestIds}.
 * It only correlates log lines and answers.
 */
public final class RequestIds {

  /** The request and response header that carries it. */
  public static final String HEADER = "X-Request-Id";

  /** The prefix of a request id Leadstream made up. */
  public static final String PREFIX = "rq_";

  /** What is accepted from a caller: short, printable, no separators (safe in logs). */
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /** The caller's request id when it is sane, else a new one. */
  public static String fromHeader(String fromHeader) {
    if (fromHeader != null && SANE.matcher(fromHeader).matches()) {
      return fromHeader;
    }
    // It need not be unpredictable, so it takes its bits from ThreadLocalRandom rather than the
    // SecureRandom of ingest ids.
    byte[] bits = new byte[10];
    ThreadLocalRandom.current().nextBytes(bits);
    return PREFIX + IngestIds.ulid(System.currentTimeMillis(), bits);
  }
}
