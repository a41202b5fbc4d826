package io.leadstream.processor.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions of the console: the value of the session cookie is {@code
 * v1.<expiry>.<nonce>.<signature>}, an HMAC-SHA256 over expiry and nonce keyed by a digest of the
 * configured tokens. It is never a token, it cannot be forged without one, every instance with the
 * same tokens accepts it (a browser may be sent to any of them), and removing a token from the
 * configuration ends every session at once.
 */
final class Sessions {

  /** The cookie's name. */
  static final String COOKIE = "leadstream_console";

  private static final String VERSION = "v1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final Duration ttl;
  private final Clock clock;

  Sessions(List<String> tokens, Duration ttl, Clock clock) {
    this.key = key(tokens);
    this.ttl = ttl;
    this.clock = clock;
  }

  Duration ttl() {
    return ttl;
  }

  /** A new session's cookie value. */
  String open() {
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String payload = VERSION + "." + expiry + "." + HexFormat.of().formatHex(nonce);
    return payload + "." + sign(payload);
  }

  /** Whether a cookie value (may be null) is a session that has not expired. */
  boolean valid(String value) {
    if (value == null || value.length() > 200) {
      return false;
    }
    int last = value.lastIndexOf('.');
    if (last < 0) {
      return false;
    }
    String payload = value.substring(0, last);
    String[] parts = payload.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      return false;
    }
    boolean signed =
        MessageDigest.isEqual(
            sign(payload).getBytes(StandardCharsets.US_ASCII),
            value.substring(last + 1).getBytes(StandardCharsets.US_ASCII));
    long expiry;
    try {
      expiry = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    return signed && clock.instant().getEpochSecond() < expiry;
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** The same key on every instance with the same tokens, whatever their order. */
  private static byte[] key(List<String> tokens) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("leadstream-console-session\n".getBytes(StandardCharsets.UTF_8));
      for (String token : new TreeSet<>(tokens)) {
        digest.update(token.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
