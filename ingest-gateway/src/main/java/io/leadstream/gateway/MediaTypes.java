package io.leadstream.gateway;

import java.util.Locale;

/** The media types the gateway answers with, and which declared ones its write routes take. */
final class MediaTypes {

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = io.leadstream.support.ProblemJson.MEDIA_TYPE;
  static final String NDJSON = "application/x-ndjson";

  /**
   * {@code application/json} with any parameters (any charset: the gateway keeps the bytes, it does
   * not decode them), or no content type at all, which is what some senders send.
   */
  static boolean acceptedForLeads(String contentType) {
    return contentType == null || contentType.isBlank() || is(contentType, JSON);
  }

  /** {@code application/x-ndjson} with any parameters; batches must say what they are. */
  static boolean acceptedForBatches(String contentType) {
    return contentType != null && is(contentType, NDJSON);
  }

  /** {@code application/json} with any parameters: one activity; a CRM says what it sends. */
  static boolean isJson(String contentType) {
    return contentType != null && is(contentType, JSON);
  }

  private static boolean is(String contentType, String type) {
    int semicolon = contentType.indexOf(';');
    String declared = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return declared.toLowerCase(Locale.ROOT).equals(type);
  }

  private MediaTypes() {}
}
