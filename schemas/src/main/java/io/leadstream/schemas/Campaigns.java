package io.leadstream.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Splits campaign parameters out of a Partner Center {@code Description}. Three shapes:
 *
 * <ol>
 *   <li><b>A JSON object</b> (the text starts with {@code {} and parses as one): every scalar
 *       property becomes a campaign parameter, except a {@code notes}, {@code description} or
 *       {@code comments} property, which becomes the notes; nested values are ignored.
 *   <li><b>Only {@code key=value} pairs</b>, optionally after a {@code Campaigns:} label and
 *       separated by {@code &}, {@code ;}, {@code ,} or whitespace (a listing URL query string
 *       also works): every pair is a campaign parameter and there are no notes.
 *   <li><b>Free text with known parameters inside</b> ({@code mktcmpid}, {@code partnerid}, {@code
 *       src}, {@code ocid}, {@code utm_*}, ...): those pairs are taken out, the rest (cleaned)
 *       stays as the notes. Other {@code a=b} text in free notes is left alone.
 * </ol>
 *
 * Keys are lower-cased; values are URL-decoded when they are valid percent-encoding. The first
 * occurrence of a key wins. Notes without campaign data are the Description verbatim except for
 * leading and trailing whitespace (line breaks kept). Never fails. Thread-safe.
 */
public final class Campaigns {

  /** Parameters that are campaign data wherever they appear in a Description. */
  public static final Set<String> KNOWN_KEYS =
      Set.of(
          "mktcmpid",
          "partnerid",
          "src",
          "ocid",
          "campaign",
          "campaignid",
          "cmpid",
          "wt.mc_id",
          "referrer",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "gclid",
          "fbclid");

  private static final Set<String> NOTE_KEYS = Set.of("notes", "note", "description", "comments");

  /** Labels a pairs-only Description may start with, before a colon (ASCII, any case). */
  private static final String[] LABELS = {"campaigns", "campaign", "campaign parameters", "utm"};

  private static final int MAX_KEY_LENGTH = 64;
  private static final int MAX_PARAMETERS = 64;
  private static final int MAX_VALUE_LENGTH = 1024;

  /** Splits {@code description}; a null or blank one gives no notes and no campaign. */
  public static DescriptionParts split(String description) {
    if (Text.isBlank(description)) {
      return new DescriptionParts(null, Map.of());
    }
    // Ends trimmed by the rule that cleans every value, so a trailing U+0085 is no text.
    String trimmed = Text.strip(description);
    if (trimmed.startsWith("{")) {
      DescriptionParts fromJson = fromJsonObject(trimmed);
      if (fromJson != null) {
        return fromJson;
      }
    }
    if (trimmed.indexOf('=') < 0) {
      return new DescriptionParts(trimmed, Map.of());
    }
    return fromPairs(trimmed);
  }

  /**
   * Finds the {@code key=value} pairs with a hand-written scanner. A pair is what the regex {@code
   * (?<![\w.%-])([A-Za-z][A-Za-z0-9_.-]{0,63})=([^\s&;,]*)} finds: a key of up to 64 ASCII letters,
   * digits, {@code _ . -} starting with a letter and not preceded by a word character, {@code .},
   * {@code %} or {@code -}, an {@code =}, and a value up to the next ASCII whitespace, {@code &},
   * {@code ;} or {@code ,}.
   */
  private static DescriptionParts fromPairs(String text) {
    int length = text.length();
    int start = labelEnd(text);
    Map<String, String> all = null;
    Map<String, String> known = null;
    // Whether everything outside the pairs is separators; the notes without the known pairs.
    boolean separatorsOnly = true;
    StringBuilder withoutKnown = null;
    int last = start;
    int position = start;
    while (true) {
      int keyStart = findPair(text, start, position);
      if (keyStart < 0) {
        break;
      }
      int equals = keyEnd(text, keyStart);
      int valueEnd = valueEnd(text, equals + 1);
      String key = asciiLower(text, keyStart, equals);
      String value = decode(text.substring(equals + 1, valueEnd));
      if (separatorsOnly) {
        separatorsOnly = isSeparatorsOnly(text, last, keyStart);
      }
      if (all == null) {
        all = new LinkedHashMap<>();
        known = new LinkedHashMap<>();
        withoutKnown = new StringBuilder(length);
      }
      withoutKnown.append(text, last, keyStart);
      if (all.size() < MAX_PARAMETERS) {
        all.putIfAbsent(key, value);
      }
      if (KNOWN_KEYS.contains(key) || key.startsWith("utm_")) {
        if (known.size() < MAX_PARAMETERS) {
          known.putIfAbsent(key, value);
        }
      } else {
        withoutKnown.append(text, keyStart, valueEnd);
      }
      last = valueEnd;
      position = valueEnd;
    }
    if (all == null) {
      return new DescriptionParts(text, Map.of());
    }
    if (separatorsOnly && isSeparatorsOnly(text, last, length)) {
      return new DescriptionParts(null, Collections.unmodifiableMap(all));
    }
    if (known.isEmpty()) {
      return new DescriptionParts(text, Map.of());
    }
    withoutKnown.append(text, last, length);
    return new DescriptionParts(tidy(withoutKnown), Collections.unmodifiableMap(known));
  }

  /**
   * Where the pairs start: after a leading {@code Campaigns:}-style label (the regex {@code
   * ^\s*(?:campaigns?|campaign parameters|utm)\s*:\s*}, ASCII case-insensitive), else 0.
   */
  private static int labelEnd(String text) {
    int length = text.length();
    int begin = skipRegexSpace(text, 0);
    for (String label : LABELS) {
      int end = begin + label.length();
      if (end <= length && asciiEqualsIgnoreCase(text, begin, label)) {
        int colon = skipRegexSpace(text, end);
        if (colon < length && text.charAt(colon) == ':') {
          return skipRegexSpace(text, colon + 1);
        }
      }
    }
    return 0;
  }

  /**
   * The start of the next key at or after {@code from}, or -1. {@code bodyStart} is where the
   * scanned body begins: nothing before it counts as a preceding character.
   */
  private static int findPair(String text, int bodyStart, int from) {
    int equals = text.indexOf('=', from);
    while (equals >= 0) {
      // The key is the run of key characters just before '='; its first letter must start it.
      int runStart = equals;
      while (runStart > from && isKeyChar(text.charAt(runStart - 1))) {
        runStart--;
      }
      // The regex tries start positions left to right: the first one in the run that is a letter
      // not preceded by [\w.%-] (inside the run only the run start can qualify, as every key
      // character is one of those), with at most 64 key characters up to '='.
      if (runStart < equals
          && equals - runStart <= MAX_KEY_LENGTH
          && isAsciiLetter(text.charAt(runStart))
          && (runStart == bodyStart || !isWordDotPercentDash(text.charAt(runStart - 1)))) {
        return runStart;
      }
      equals = text.indexOf('=', equals + 1);
    }
    return -1;
  }

  /** The index of the {@code =} ending the key that starts at {@code keyStart}. */
  private static int keyEnd(String text, int keyStart) {
    int i = keyStart + 1;
    while (text.charAt(i) != '=') {
      i++;
    }
    return i;
  }

  private static int valueEnd(String text, int from) {
    int length = text.length();
    int i = from;
    while (i < length) {
      char c = text.charAt(i);
      if (isRegexSpace(c) || c == '&' || c == ';' || c == ',') {
        break;
      }
      i++;
    }
    return i;
  }

  private static DescriptionParts fromJsonObject(String text) {
    Map<String, String> campaign = new LinkedHashMap<>();
    String notes = null;
    try (JsonParser parser = JsonBodies.factory().createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName().strip().toLowerCase(Locale.ROOT);
        JsonToken value = parser.nextToken();
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          String scalar = parser.getText();
          if (NOTE_KEYS.contains(key)) {
            if (notes == null && !scalar.isBlank()) {
              notes = scalar.strip();
            }
          } else if (!key.isEmpty() && campaign.size() < MAX_PARAMETERS) {
            campaign.putIfAbsent(key, truncate(scalar));
          }
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      // Not a JSON object after all: the text is read as notes or pairs instead.
      return null;
    }
    return new DescriptionParts(notes, Collections.unmodifiableMap(campaign));
  }

  /** Whether {@code text[from, to)} is only ASCII whitespace, {@code & ; , ?} (or empty). */
  private static boolean isSeparatorsOnly(CharSequence text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isEndSeparator(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Notes left after removing pairs: runs of separators collapsed to their first one (the regex
   * {@code \s*([&;,])(\s*[&;,])+} replaced by {@code $1}), separators removed from both ends (the
   * regex {@code ^[\s&;,?]+|[\s&;,?]+$} replaced by nothing), then {@link Text#clean}.
   */
  private static String tidy(CharSequence text) {
    int length = text.length();
    StringBuilder out = new StringBuilder(length);
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (isRegexSpace(c) || isPairSeparator(c)) {
        // A candidate: optional spaces, a separator, then one or more (spaces, separator).
        int j = skipRegexSpace(text, i);
        if (j < length && isPairSeparator(text.charAt(j))) {
          char first = text.charAt(j);
          int end = -1;
          int k = j + 1;
          while (true) {
            int next = skipRegexSpace(text, k);
            if (next < length && isPairSeparator(text.charAt(next))) {
              end = next + 1;
              k = next + 1;
            } else {
              break;
            }
          }
          if (end >= 0) {
            out.append(first);
            i = end;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    int from = 0;
    int to = out.length();
    while (from < to && isEndSeparator(out.charAt(from))) {
      from++;
    }
    // '$' also matches before a final line terminator: separators right before a final U+0085,
    // U+2028 or U+2029 (the other terminators are separators themselves) go as well.
    int end = to;
    if (to > from && isLineTerminatorOnly(out.charAt(to - 1))) {
      end = to - 1;
    }
    int trimmed = end;
    while (trimmed > from && isEndSeparator(out.charAt(trimmed - 1))) {
      trimmed--;
    }
    if (end == to) {
      return Text.clean(out.substring(from, trimmed));
    }
    return Text.clean(out.substring(from, trimmed) + out.charAt(end));
  }

  /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS: ASCII whitespace. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static int skipRegexSpace(CharSequence text, int from) {
    int i = from;
    while (i < text.length() && isRegexSpace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Line terminators of {@code $} that are not {@code \s}. */
  private static boolean isLineTerminatorOnly(char c) {
    return c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isPairSeparator(char c) {
    return c == '&' || c == ';' || c == ',';
  }

  private static boolean isEndSeparator(char c) {
    return isRegexSpace(c) || isPairSeparator(c) || c == '?';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@code [A-Za-z0-9_.-]}. */
  private static boolean isKeyChar(char c) {
    return isAsciiLetter(c) || isAsciiDigit(c) || c == '_' || c == '.' || c == '-';
  }

  /** {@code [\w.%-]} (ASCII {@code \w}). */
  private static boolean isWordDotPercentDash(char c) {
    return isKeyChar(c) || c == '%';
  }

  private static boolean asciiEqualsIgnoreCase(String text, int from, String lowerAscii) {
    for (int i = 0; i < lowerAscii.length(); i++) {
      char c = text.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerAscii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code text[from, to)} (ASCII) lower-cased. */
  private static String asciiLower(String text, int from, int to) {
    char[] out = new char[to - from];
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      out[i - from] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return new String(out);
  }

  private static String decode(String raw) {
    // A sentence may end right after a value: "src=linkedin." means "linkedin".
    String value = raw;
    while (!value.isEmpty() && ".!?)".indexOf(value.charAt(value.length() - 1)) >= 0) {
      value = value.substring(0, value.length() - 1);
    }
    String decoded = value;
    if (value.indexOf('%') >= 0 || value.indexOf('+') >= 0) {
      try {
        decoded = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = value;
      }
    }
    return truncate(decoded);
  }

  private static String truncate(String value) {
    return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
  }

  private Campaigns() {}
}
