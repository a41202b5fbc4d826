package io.leadstream.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Email normalization: trimmed (a {@code mailto:} prefix and enclosing angle brackets removed),
 * lower-cased for identity, syntax-checked (a pragmatic RFC 5321 subset: dot-atom local part up to
 * 64 characters, Unicode allowed; a domain of at least two labels that IDNA-converts to valid LDH
 * labels), and classified business versus free-mail using the shipped list {@code
 * data/free-email-domains.txt} (a domain matches when it or any parent domain is listed). Loaded
 * once; thread-safe.
 */
// Verbatim pre-optimization copy, the reference of NormalizerEquivalenceTest.
final class LegacyEmails {

  private static final String LIST = "data/free-email-domains.txt";
  private static final Set<String> FREE_MAIL = load();
  private static final String SPECIALS = "()<>[]:;@\\,\"";

  /** Normalizes one address; never fails (invalid input gives {@code valid=false}). */
  public static EmailAddress normalize(String raw) {
    String address = LegacyText.clean(raw);
    if (address == null) {
      return new EmailAddress(null, null, null, false, false);
    }
    if (address.regionMatches(true, 0, "mailto:", 0, 7)) {
      address = LegacyText.clean(address.substring(7));
    }
    if (address != null
        && address.length() > 2
        && address.charAt(0) == '<'
        && address.charAt(address.length() - 1) == '>') {
      address = LegacyText.clean(address.substring(1, address.length() - 1));
    }
    if (address == null) {
      return new EmailAddress(null, null, null, false, false);
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1 || address.length() > 254) {
      return new EmailAddress(address, null, null, false, false);
    }
    String local = address.substring(0, at);
    String domain = asciiDomain(address.substring(at + 1));
    if (!validLocal(local) || domain == null) {
      return new EmailAddress(address, null, null, false, false);
    }
    String identity = LegacyText.key(local) + "@" + domain;
    return new EmailAddress(address, identity, domain, true, isFreeMail(domain));
  }

  /** Whether {@code domain} (lower-case ASCII) or one of its parent domains is a free-mail one. */
  public static boolean isFreeMail(String domain) {
    if (domain == null) {
      return false;
    }
    String candidate = domain.toLowerCase(Locale.ROOT);
    while (true) {
      if (FREE_MAIL.contains(candidate)) {
        return true;
      }
      int dot = candidate.indexOf('.');
      // Stop before the bare top-level domain.
      if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) {
        return false;
      }
      candidate = candidate.substring(dot + 1);
    }
  }

  /** How many free-mail domains the shipped list holds. */
  public static int freeMailDomainCount() {
    return FREE_MAIL.size();
  }

  private static boolean validLocal(String local) {
    if (local.isEmpty()
        || local.length() > 64
        || local.charAt(0) == '.'
        || local.charAt(local.length() - 1) == '.'
        || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (c <= ' ' || c == 0x7F || SPECIALS.indexOf(c) >= 0 || Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  /** The lower-case ASCII (IDNA) form of a valid domain, else null. */
  private static String asciiDomain(String domain) {
    String ascii;
    if (LegacyText.isAscii(domain)) {
      ascii = domain.toLowerCase(Locale.ROOT);
    } else {
      try {
        ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      return null;
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2) {
      return null;
    }
    for (String label : labels) {
      if (label.isEmpty()
          || label.length() > 63
          || label.charAt(0) == '-'
          || label.charAt(label.length() - 1) == '-') {
        return null;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return null;
        }
      }
    }
    String tld = labels[labels.length - 1];
    if (tld.length() < 2
        || !(tld.startsWith("xn--") || tld.chars().allMatch(Character::isLetter))) {
      return null;
    }
    return ascii;
  }

  private static Set<String> load() {
    Set<String> domains = new HashSet<>(32_768);
    try (InputStream in = LegacyEmails.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + LIST);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String domain = line.strip();
        if (!domain.isEmpty() && !domain.startsWith("#")) {
          domains.add(domain.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LIST, e);
    }
    return Set.copyOf(domains);
  }

  private LegacyEmails() {}
}
