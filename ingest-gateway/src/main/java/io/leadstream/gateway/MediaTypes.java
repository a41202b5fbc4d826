package io.leadstream.gateway;

import java.util.Locale;

/** Which declared content types {@code POST /v1/leads} takes. */
final class MediaTypes {

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  /**
   * {@code application/json} with any parameters (any charset: the gateway keeps the bytes, it does
   * not decode them), or no content type at all, which is what some senders send.
   */
  static boolean acceptedForLeads(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.toLowerCase(Locale.ROOT).equals(JSON);
  }

  private MediaTypes() {}
}
