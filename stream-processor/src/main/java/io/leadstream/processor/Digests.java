package io.leadstream.processor;

import io.leadstream.processor.LeadMerger.Merged;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerField;
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
 * (the same customer written with other casing is the same customer). Customer fields come from
 * {@link CustomerField}, so a field added later is part of the digest. Fed field by field: no JSON
 * is built on this per-record path.
 */
final class Digests {

  /** Per thread: the digest and the buffer the fields are written to before one update. */
  private static final ThreadLocal<Sink> SINKS = ThreadLocal.withInitial(Sink::new);

  private Digests() {}

  static String of(NormalizedLead lead) {
    Sink sha = start();
    lead(sha, lead);
    return finish(sha);
  }

  static String of(Merged merged) {
    Sink sha = start();
    lead(sha, merged.lead());
    for (String action : new TreeSet<>(merged.actionsSeen())) {
      put(sha, action);
    }
    return finish(sha);
  }

  private static Sink start() {
    Sink sink = SINKS.get();
    sink.length = 0;
    return sink;
  }

  private static String finish(Sink sink) {
    byte[] digest = sink.digest();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest, 16));
  }

  /** Every field of a lead but its dedup identity (the customer-offer's, the same for all). */
  private static void lead(Sink sha, NormalizedLead lead) {
    put(sha, lead.source().code());
    put(sha, lead.source().raw());
    put(sha, lead.action().code());
    put(sha, lead.action().raw());
    put(sha, lead.stage());
    offer(sha, lead.offer());
    customer(sha, lead.customer());
    put(sha, lead.notes());
    map(sha, lead.campaign());
    put(sha, lead.test());
  }

  private static void offer(Sink sha, Offer offer) {
    if (offer == null) {
      put(sha, null);
      return;
    }
    put(sha, offer.publisherId());
    put(sha, offer.offerId());
    put(sha, offer.title());
  }

  private static void customer(Sink sha, Customer c) {
    if (c == null) {
      put(sha, null);
      return;
    }
    for (CustomerField field : CustomerField.ALL) {
      Object value = field.get(c);
      // The same customer written with other casing is the same customer.
      put(
          sha,
          field == CustomerField.EMAIL && value != null
              ? ((String) value).toLowerCase(Locale.ROOT)
              : value);
    }
  }

  private static void map(Sink sha, Map<String, String> map) {
    Map<String, String> sorted = map.size() > 1 ? new TreeMap<>(map) : map;
    put(sha, map.size());
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      put(sha, e.getKey());
      put(sha, e.getValue());
    }
  }

  /** A value as a type tag, a length and its UTF-8 bytes; null as its own tag. */
  private static void put(Sink sha, Object value) {
    if (value == null) {
      sha.write((byte) 0);
      return;
    }
    byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    sha.write((byte) 1);
    sha.write((byte) (n >>> 24));
    sha.write((byte) (n >>> 16));
    sha.write((byte) (n >>> 8));
    sha.write((byte) n);
    sha.write(bytes);
  }

  /**
   * The fields of one digest, buffered: one {@link MessageDigest#update} per digest instead of a
   * few per field (the calls, not the hashing, were most of the cost).
   */
  private static final class Sink {
    private final MessageDigest sha256;
    private byte[] buffer = new byte[1024];
    private int length;

    Sink() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    void write(byte b) {
      ensure(1);
      buffer[length++] = b;
    }

    void write(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buffer, length, bytes.length);
      length += bytes.length;
    }

    private void ensure(int more) {
      if (length + more > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }

    byte[] digest() {
      sha256.reset();
      sha256.update(buffer, 0, length);
      byte[] digest = sha256.digest();
      if (buffer.length > 64 * 1024) {
        buffer = new byte[1024]; // do not keep one huge lead's buffer per thread
      }
      return digest;
    }
  }
}
