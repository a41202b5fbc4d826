package io.leadstream.schemas;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lead ids: {@code ld_} + lowercase base32 (RFC 4648 alphabet, no padding) of the first 20 bytes of
 * an HMAC-SHA256, keyed with a configured secret, so an id carries no personal data and cannot be
 * recomputed without the secret.
 *
 * <ul>
 *   <li>{@link #leadId(CustomerIdentity, String)}: stable per customer and offer key; the input is
 *       {@code kind ":" identity NUL offerKey}, so identities of different kinds never collide and
 *       emails differing only in case or surrounding whitespace give the same id (the identity is
 *       already normalized).
 *   <li>{@link #leadIdForUnidentified(String)}: for leads with no identity, keyed by the ingest id,
 *       so every such lead gets its own id and is never de-duplicated.
 * </ul>
 *
 * Thread-safe (one {@link Mac} per thread). Secrets shorter than 16 bytes are rejected. {@link
 * #devDefault()} uses a published secret for laptops and tests: <b>change it in production</b>
 * (anyone who knows the secret can test whether an email produced a given id).
 */
public final class LeadIds {

  /** The prefix of every lead id. */
  public static final String PREFIX = "ld_";

  /** Bytes of HMAC kept: 160 bits, 32 base32 characters. */
  public static final int ID_BYTES = 20;

  /** The minimum secret length, in bytes. */
  public static final int MIN_SECRET_BYTES = 16;

  /** The published development secret of {@link #devDefault()}: change in production. */
  public static final String DEV_SECRET = "leadstream-dev-secret-change-in-production";

  /** The shape of every lead id: the prefix and 32 lower-case base32 characters. */
  public static final Pattern LEAD_ID = Pattern.compile("ld_[a-z2-7]{32}");

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final String ALGORITHM = "HmacSHA256";

  private final Mac prototype;
  private final boolean devSecret;
  private final ThreadLocal<Mac> macs;

  private LeadIds(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the lead id secret must be at least " + MIN_SECRET_BYTES + " bytes long");
    }
    try {
      prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(secret, ALGORITHM));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
    devSecret = Arrays.equals(secret, DEV_SECRET.getBytes(StandardCharsets.UTF_8));
    macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Lead ids keyed with {@code secret} (at least 16 bytes). */
  public static LeadIds withSecret(byte[] secret) {
    return new LeadIds(secret.clone());
  }

  /** Lead ids keyed with the UTF-8 bytes of {@code secret} (at least 16 bytes). */
  public static LeadIds withSecret(String secret) {
    Objects.requireNonNull(secret, "secret");
    return new LeadIds(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Lead ids keyed with {@link #DEV_SECRET}: for laptops and tests only. */
  public static LeadIds devDefault() {
    return withSecret(DEV_SECRET);
  }

  /** Whether this instance uses the published development secret (warn about it at start). */
  public boolean usesDevSecret() {
    return devSecret;
  }

  /** The id of a customer-offer; {@code offerKey} may be empty (see {@link Offer#key()}). */
  public String leadId(CustomerIdentity identity, String offerKey) {
    Objects.requireNonNull(identity, "identity");
    String input =
        identity.kind().name() + ":" + identity.value() + '\u0000' + Objects.toString(offerKey, "");
    return render(input);
  }

  /** The id of a normalized lead: by identity when it has one, else by {@code ingestId}. */
  public String leadId(NormalizedLead lead, String ingestId) {
    return lead.identity() == null
        ? leadIdForUnidentified(ingestId)
        : leadId(lead.identity(), lead.offerKey());
  }

  /** Whether {@code text} has the shape of a lead id (not whether such a lead exists). */
  public static boolean isWellFormed(String text) {
    return text != null && LEAD_ID.matcher(text).matches();
  }

  /** A unique id for a lead without customer identity, derived from its ingest id. */
  public String leadIdForUnidentified(String ingestId) {
    Objects.requireNonNull(ingestId, "ingestId");
    return render("UNIDENTIFIED:" + ingestId);
  }

  private String render(String input) {
    byte[] mac = macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8));
    return PREFIX + base32(mac, ID_BYTES);
  }

  /** Lowercase RFC 4648 base32 of the first {@code length} bytes, no padding. */
  static String base32(byte[] bytes, int length) {
    StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < length; i++) {
      buffer = (buffer << 8) | (bytes[i] & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 0x1F]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 0x1F]);
    }
    return out.toString();
  }

  private Mac newMac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(ALGORITHM + " cannot be cloned", e);
    }
  }

  @Override
  public String toString() {
    return "LeadIds[secret=<redacted>, devSecret=" + devSecret + "]";
  }
}
