package io.leadstream.support;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A set of access tokens (the gateway's {@code gateway.tokens} and {@code gateway.activity.tokens},
 * the processor's {@code processor.console.tokens}). Several are valid at once so that a token can
 * be rotated: add the new one, move its users to it, remove the old one.
 *
 * <p>Comparison takes the same time whichever token matched, how much of it matched, and how long
 * it is: both sides are hashed to SHA-256 first and every configured token is compared, with no
 * early exit.
 */
public final class Tokens {

  /** The shortest token a service accepts in its configuration: shorter ones are guessable. */
  public static final int MIN_LENGTH = 16;

  /** Accepts no token at all: a route whose tokens are not configured refuses everyone with 401. */
  public static final Tokens NONE = new Tokens();

  private final List<byte[]> digests;

  private Tokens() {
    this.digests = List.of();
  }

  public Tokens(List<String> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("at least one token is required");
    }
    this.digests = tokens.stream().map(Tokens::digest).toList();
  }

  /** Whether {@code presented} (may be null) is one of the tokens. */
  public boolean accepts(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] candidate = digest(presented);
    boolean match = false;
    for (byte[] digest : digests) {
      match |= MessageDigest.isEqual(digest, candidate);
    }
    return match;
  }

  /**
   * Whether {@code request} carries one of the tokens, as a bearer token or as the {@code code}
   * query parameter.
   */
  public boolean authorizes(HttpServerRequest request) {
    String bearer = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
    String code;
    try {
      code = request.getParam("code");
    } catch (RuntimeException malformedQuery) {
      code = null;
    }
    // Both are checked, whichever is present, so the time taken does not depend on which was sent.
    return accepts(bearer) | accepts(code);
  }

  /** The token of an {@code Authorization: Bearer <token>} header, else null. */
  public static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
