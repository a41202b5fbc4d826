package io.leadstream.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code key=value} line per request on the logger {@code io.leadstream.gateway.access}.
 *
 * <p>What it never holds, by construction (it is given no request object): the body, the query
 * string (it carries the token), the Authorization header, any other header but the request id, and
 * the path of unmatched requests (it could be anything a caller typed).
 */
final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger("io.leadstream.gateway.access");

  static void write(
      String requestId,
      String method,
      String route,
      int status,
      long nanos,
      long bodyBytes,
      String ingestId,
      String outcome) {
    if (LOG.isInfoEnabled()) {
      LOG.info(line(requestId, method, route, status, nanos, bodyBytes, ingestId, outcome));
    }
  }

  static String line(
      String requestId,
      String method,
      String route,
      int status,
      long nanos,
      long bodyBytes,
      String ingestId,
      String outcome) {
    StringBuilder line = new StringBuilder(160);
    line.append("request_id=")
        .append(requestId)
        .append(" method=")
        .append(method)
        .append(" route=")
        .append(route)
        .append(" status=")
        .append(status)
        .append(" latency_ms=");
    appendMillis(line, nanos);
    line.append(" body_bytes=").append(bodyBytes);
    if (ingestId != null) {
      line.append(" ingest_id=").append(ingestId);
    }
    if (outcome != null) {
      line.append(" outcome=").append(outcome);
    }
    return line.toString();
  }

  /** {@code nanos} as milliseconds with three decimals, without a Formatter per request. */
  private static void appendMillis(StringBuilder line, long nanos) {
    long micros = Math.max(0, (nanos + 500) / 1000);
    long fraction = micros % 1000;
    line.append(micros / 1000).append('.');
    if (fraction < 100) {
      line.append('0');
    }
    if (fraction < 10) {
      line.append('0');
    }
    line.append(fraction);
  }

  private AccessLog() {}
}
