package io.leadstream.schemas;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Small text rules shared by the normalizers: cleaning a display value (Unicode kept) and building
 * comparison keys (NFKC, lower case, whitespace collapsed).
 */
public final class Text {

  /**
   * A display value: leading and trailing (Unicode) whitespace removed, runs of whitespace and
   * control characters collapsed to one space, characters otherwise kept as sent; {@code null} when
   * nothing is left.
   */
  public static String clean(String value) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    // Fast path: already clean values (the common case) are returned as they are.
    if (length > 0
        && !isSpace(value.charAt(0))
        && !isSpace(value.charAt(length - 1))
        && !needsCleaning(value)) {
      return value;
    }
    StringBuilder out = new StringBuilder(length);
    boolean pendingSpace = false;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (isSpace(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  /**
   * A comparison key: NFKC-normalized, lower-cased (locale independent), whitespace collapsed;
   * {@code null} when blank. Two values that differ only in casing, spacing or compatibility forms
   * (full-width letters, ligatures) get the same key.
   */
  public static String key(String value) {
    String cleaned = clean(value);
    if (cleaned == null) {
      return null;
    }
    if (isAscii(cleaned)) {
      // ASCII: NFKC is the identity and lower-casing keeps every space and control character, so
      // the cleaned value stays clean.
      return cleaned.toLowerCase(Locale.ROOT);
    }
    String nfkc = Normalizer.normalize(cleaned, Normalizer.Form.NFKC);
    return clean(nfkc.toLowerCase(Locale.ROOT));
  }

  /**
   * Only the letters and digits of {@code value}, lower-cased: {@code "App Source"} -> {@code
   * appsource}.
   */
  public static String alphanumericLower(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  /**
   * {@code value} without the spaces (by {@link #clean}'s rule: Unicode spaces, controls such as
   * U+0085, zero-width space, BOM) at either end; inner text untouched.
   */
  static String strip(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isSpace(value.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  /** True when {@code value} is null, empty or only whitespace. */
  public static boolean isBlank(String value) {
    return value == null || clean(value) == null;
  }

  static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Whether a value is not already clean: a space other than one ' ', or two spaces in a row. */
  private static boolean needsCleaning(String value) {
    boolean previousSpace = false;
    for (int i = 0, length = value.length(); i < length; i++) {
      char c = value.charAt(i);
      if (c > ' ' && c < 0x7F) {
        // Printable ASCII, the common case: never a space.
        previousSpace = false;
      } else if (c == ' ') {
        if (previousSpace) {
          return true;
        }
        previousSpace = true;
      } else if (isSpace(c)) {
        return true;
      } else {
        previousSpace = false;
      }
    }
    return false;
  }

  private static boolean isSpace(char c) {
    if (c > ' ' && c < 0x7F) {
      return false;
    }
    return Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || Character.isISOControl(c)
        || c == '\u200B'
        || c == '\uFEFF';
  }

  private Text() {}
}
