package io.leadstream.gateway;

import io.leadstream.schemas.ActivityException;
import io.leadstream.schemas.JsonBodies;
import io.leadstream.support.ProblemJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The one error shape of the gateway: RFC 9457 problem details, {@code application/problem+json}.
 *
 * <p>Members: {@code type} (a URN naming the problem), {@code title}, {@code status}, {@code
 * detail} (never input text, never which part of a credential was wrong), {@code instance} (a URN
 * naming this request), {@code requestId}, {@code id} when the body was kept anyway (a 400 whose
 * bytes went to {@code leads.dlq}), and {@code field} when one property of the body is at fault (a
 * refused activity).
 */
record Problem(
    String slug, int status, String title, String detail, String ingestId, String field) {

  static final String TYPE_PREFIX = ProblemJson.TYPE_PREFIX;

  Problem(String slug, int status, String title, String detail, String ingestId) {
    this(slug, status, title, detail, ingestId, null);
  }

  /**
   * A LeadActivity report refused by its checks; {@code field} names the property at fault (null
   * when the body as a whole is wrong: not JSON, or an unknown property whose name is not a plain
   * identifier, so it is not repeated).
   */
  static Problem invalidActivity(ActivityException e) {
    return new Problem(
        "invalid-activity", 400, "Invalid activity", e.getMessage(), null, e.field());
  }

  static Problem unauthorized() {
    return new Problem(
        "unauthorized",
        401,
        "Unauthorized",
        "a valid token is required: ?code=<token> or Authorization: Bearer <token>",
        null);
  }

  static Problem notFound() {
    return new Problem("not-found", 404, "Not Found", "no such resource", null);
  }

  static Problem methodNotAllowed(String allow) {
    return new Problem(
        "method-not-allowed", 405, "Method Not Allowed", "use " + allow + " here", null);
  }

  static Problem tooLarge(int limit) {
    return new Problem(
        "body-too-large",
        413,
        "Content Too Large",
        "the body is larger than the limit of " + limit + " bytes",
        null);
  }

  static Problem requestTimeout(java.time.Duration limit) {
    String within =
        limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    return new Problem(
        "request-timeout",
        408,
        "Request Timeout",
        "the body did not arrive within " + within + "; nothing was kept, send it again",
        null);
  }

  static Problem unsupportedMediaType(String detail) {
    return new Problem("unsupported-media-type", 415, "Unsupported Media Type", detail, null);
  }

  static Problem badRequestLine(int status, String detail) {
    return new Problem("bad-request", status, "Bad Request", detail, null);
  }

  /**
   * A body that is not one JSON object; its bytes were kept in the dead-letter topic as {@code id}.
   */
  static Problem rejected(JsonBodies.Rejection rejection, String ingestId) {
    String slug = rejection.problem().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String title =
        switch (rejection.problem()) {
          case EMPTY_BODY -> "Empty body";
          case MALFORMED_JSON -> "Malformed JSON";
          case NOT_AN_OBJECT -> "Not a JSON object";
          case TRAILING_CONTENT -> "Content after the JSON object";
          case TOO_DEEP -> "JSON nested too deep";
        };
    return new Problem(
        slug,
        400,
        title,
        rejection.detail() + "; the body was kept for repair as " + ingestId,
        ingestId);
  }

  static Problem overloaded() {
    return new Problem(
        "overloaded",
        503,
        "Service Unavailable",
        "too many requests in flight; retry after the delay in Retry-After",
        null);
  }

  static Problem notDurable() {
    return new Problem(
        "kafka-unavailable",
        503,
        "Service Unavailable",
        "the lead could not be made durable in time and was not accepted; retry after the delay in"
            + " Retry-After",
        null);
  }

  static Problem shuttingDown() {
    return new Problem(
        "shutting-down",
        503,
        "Service Unavailable",
        "the gateway is shutting down; retry after the delay in Retry-After",
        null);
  }

  static Problem internal() {
    return new Problem(
        "internal", 500, "Internal Server Error", "an unexpected error; it was logged", null);
  }

  String type() {
    return TYPE_PREFIX + slug;
  }

  Buffer toJson(String requestId) {
    JsonObject json = ProblemJson.of(slug, status, title, detail, requestId);
    if (ingestId != null) {
      json.put("id", ingestId);
    }
    if (field != null) {
      json.put("field", field);
    }
    return json.toBuffer();
  }
}
