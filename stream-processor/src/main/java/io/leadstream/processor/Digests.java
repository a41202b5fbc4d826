package io.leadstream.processor;

import io.leadstream.processor.LeadMerger.Merged;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Content digests that decide "identical" and "adds information": SHA-256 over the fields in a
 * fixed order, each value length-delimited, maps and sets sorted, email compared case-insensitively
 * (the same customer written with other casing is the same customer). Fed field by field: no JSON
 * is built on this per-record path.
 */
final class Digests {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  private Digests() {}

  static String of(NormalizedLead lead) {
    MessageDigest sha = start();
    lead(sha, lead.source().code(), lead.source().raw(), lead.action().code(), lead.action().raw());
    put(sha, lead.stage());
    offer(sha, lead.offer());
    customer(sha, lead.customer());
    put(sha, lead.notes());
    map(sha, lead.campaign());
    put(sha, lead.test());
    return finish(sha);
  }

  static String of(Merged merged) {
    MessageDigest sha = start();
    lead(
        sha,
        merged.source().code(),
        merged.source().raw(),
        merged.action().code(),
        merged.action().raw());
    put(sha, merged.stage());
    offer(sha, merged.offer());
    customer(sha, merged.customer());
    put(sha, merged.notes());
    map(sha, merged.campaign());
    put(sha, merged.test());
    for (String action : new TreeSet<>(merged.actionsSeen())) {
      put(sha, action);
    }
    return finish(sha);
  }

  private static MessageDigest start() {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return sha;
  }

  private static String finish(MessageDigest sha) {
    byte[] digest = sha.digest();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 16));
  }

  private static void lead(
      MessageDigest sha, Object sourceCode, String sourceRaw, Object actionCode, String actionRaw) {
    put(sha, sourceCode);
    put(sha, sourceRaw);
    put(sha, actionCode);
    put(sha, actionRaw);
  }

  private static void offer(MessageDigest sha, Offer offer) {
    if (offer == null) {
      put(sha, null);
      return;
    }
    put(sha, offer.publisherId());
    put(sha, offer.offerId());
    put(sha, offer.title());
  }

  private static void customer(MessageDigest sha, Customer c) {
    if (c == null) {
      put(sha, null);
      return;
    }
    put(sha, c.firstName());
    put(sha, c.lastName());
    put(sha, c.email() == null ? null : c.email().toLowerCase(Locale.ROOT));
    put(sha, c.emailDomain());
    put(sha, c.businessEmail());
    put(sha, c.phone());
    put(sha, c.country());
    put(sha, c.company());
    put(sha, c.title());
  }

  private static void map(MessageDigest sha, Map<String, String> map) {
    Map<String, String> sorted = map.size() > 1 ? new TreeMap<>(map) : map;
    put(sha, map.size());
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      put(sha, e.getKey());
      put(sha, e.getValue());
    }
  }

  /** A value as a type tag, a length and its UTF-8 bytes; null as its own tag. */
  private static void put(MessageDigest sha, Object value) {
    if (value == null) {
      sha.update((byte) 0);
      return;
    }
    byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
    sha.update((byte) 1);
    int n = bytes.length;
    sha.update((byte) (n >>> 24));
    sha.update((byte) (n >>> 16));
    sha.update((byte) (n >>> 8));
    sha.update((byte) n);
    sha.update(bytes);
  }
}
