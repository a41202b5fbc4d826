package io.leadstream.processor.console;

import io.leadstream.support.ProblemJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An error answer of the console, in Leadstream's one problem shape ({@link ProblemJson}); {@code
 * missing} (store name to partitions) when a gathered answer was incomplete. The detail never
 * quotes a token, a cookie or contact data.
 */
record ConsoleProblem(
    String slug, int status, String title, String detail, Map<String, Set<Integer>> missing) {

  ConsoleProblem(String slug, int status, String title, String detail) {
    this(slug, status, title, detail, Map.of());
  }

  static ConsoleProblem unauthorized() {
    return new ConsoleProblem(
        "unauthorized",
        401,
        "Unauthorized",
        "a console token is required: Authorization: Bearer <token>, or sign in at /");
  }

  static ConsoleProblem notFound() {
    return new ConsoleProblem("not-found", 404, "Not Found", "no such resource");
  }

  static ConsoleProblem unknownLead() {
    return new ConsoleProblem("unknown-lead", 404, "Not Found", "no lead with this leadId");
  }

  static ConsoleProblem methodNotAllowed(String allow) {
    return new ConsoleProblem(
        "method-not-allowed", 405, "Method Not Allowed", "use " + allow + " here");
  }

  static ConsoleProblem badRequest(String detail) {
    return new ConsoleProblem("bad-request", 400, "Bad Request", detail);
  }

  /** The key's partition is on this instance but cannot be read now. */
  static ConsoleProblem notQueryable(String reason) {
    return new ConsoleProblem(
        "not-queryable",
        503,
        "Service Unavailable",
        "the lead's partition cannot be read now (" + reason + "); retry after Retry-After");
  }

  /** No instance owns the key (a rebalance is under way), or its owner did not answer. */
  static ConsoleProblem noOwner(String reason) {
    return new ConsoleProblem(
        "rebalancing", 503, "Service Unavailable", reason + "; retry after Retry-After");
  }

  static ConsoleProblem starting() {
    return new ConsoleProblem(
        "starting",
        503,
        "Service Unavailable",
        "the processor is starting; retry after Retry-After");
  }

  /** A gathered answer that does not cover every partition: never a partial answer. */
  static ConsoleProblem incomplete(String reason, Map<String, Set<Integer>> missing) {
    return new ConsoleProblem(
        "incomplete",
        503,
        "Service Unavailable",
        "the answer would be incomplete: " + reason + "; retry after Retry-After",
        missing);
  }

  static ConsoleProblem internal() {
    return new ConsoleProblem(
        "internal", 500, "Internal Server Error", "an unexpected error; it was logged");
  }

  Buffer toJson(String requestId) {
    JsonObject json = ProblemJson.of(slug, status, title, detail, requestId);
    if (!missing.isEmpty()) {
      JsonObject stores = new JsonObject();
      new TreeMap<>(missing)
          .forEach(
              (store, parts) ->
                  stores.put(store, new JsonArray(new ArrayList<>(new TreeSet<>(parts)))));
      json.put("missing", stores);
    }
    return json.toBuffer();
  }
}
