package io.leadstream.support;

import io.vertx.core.json.JsonObject;

/**
 * The one error shape of Leadstream's HTTP services (the gateway and the processor's console): RFC
 * 9457 problem details as {@code application/problem+json}, with members {@code type} (a URN naming
 * the problem), {@code title}, {@code status}, {@code detail}, {@code instance} (a URN naming this
 * request) and {@code requestId}. A service may add members of its own to the object.
 */
public final class ProblemJson {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** What a problem's {@code type} starts with; the rest is the problem's slug. */
  public static final String TYPE_PREFIX = "urn:leadstream:problem:";

  /** The members every problem has. */
  public static JsonObject of(
      String slug, int status, String title, String detail, String requestId) {
    return new JsonObject()
        .put("type", TYPE_PREFIX + slug)
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", "urn:leadstream:request:" + requestId)
        .put("requestId", requestId);
  }

  private ProblemJson() {}
}
