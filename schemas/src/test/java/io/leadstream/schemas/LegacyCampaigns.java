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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits campaign parameters out of a Partner Center {@code Description}. Three shapes:
 *
 * <ol>
 *   <li><b>A JSON object</b> (the text starts with {@code {} and parses as one): every scalar
 *       property becomes a campaign parameter, except a {@code notes}, {@code description} or
 *       {@code comments} property, which becomes the notes; nested values are ignored.
 *   <li><b>Only {@code key=value} pairs</b>, optionally after a {@code LegacyCampaigns:} label and
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
// Verbatim pre-optimization copy, the reference of NormalizerEquivalenceTest.
final class LegacyCampaigns {

  /** Parameters that are campaign data wherever they appear in a Description. */
  static final Set<String> KNOWN_KEYS =
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

  private static final Pattern PAIR =
      Pattern.compile("(?<![\\w.%-])([A-Za-z][A-Za-z0-9_.-]{0,63})=([^\\s&;,]*)");
  private static final Pattern LABEL =
      Pattern.compile(
          "^\\s*(?:campaigns?|campaign parameters|utm)\\s*:\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern SEPARATORS_ONLY = Pattern.compile("[\\s&;,?]*");
  private static final Pattern DOUBLED_SEPARATORS = Pattern.compile("\\s*([&;,])(\\s*[&;,])+");
  private static final Pattern END_SEPARATORS = Pattern.compile("^[\\s&;,?]+|[\\s&;,?]+$");
  private static final int MAX_PARAMETERS = 64;
  private static final int MAX_VALUE_LENGTH = 1024;

  /** Splits {@code description}; a null or blank one gives no notes and no campaign. */
  public static DescriptionParts split(String description) {
    if (description == null || description.isBlank()) {
      return new DescriptionParts(null, Map.of());
    }
    String trimmed = description.strip();
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

  private static DescriptionParts fromPairs(String text) {
    Matcher label = LABEL.matcher(text);
    int start = label.lookingAt() ? label.end() : 0;
    String body = text.substring(start);
    Map<String, String> all = new LinkedHashMap<>();
    Map<String, String> known = new LinkedHashMap<>();
    StringBuilder rest = new StringBuilder();
    StringBuilder withoutKnown = new StringBuilder();
    Matcher pair = PAIR.matcher(body);
    int last = 0;
    while (pair.find()) {
      String key = pair.group(1).toLowerCase(Locale.ROOT);
      String value = decode(pair.group(2));
      rest.append(body, last, pair.start());
      withoutKnown.append(body, last, pair.start());
      if (all.size() < MAX_PARAMETERS) {
        all.putIfAbsent(key, value);
      }
      if (KNOWN_KEYS.contains(key) || key.startsWith("utm_")) {
        if (known.size() < MAX_PARAMETERS) {
          known.putIfAbsent(key, value);
        }
      } else {
        withoutKnown.append(body, pair.start(), pair.end());
      }
      last = pair.end();
    }
    rest.append(body.substring(last));
    withoutKnown.append(body.substring(last));
    if (!all.isEmpty() && isSeparatorsOnly(rest)) {
      return new DescriptionParts(null, Collections.unmodifiableMap(all));
    }
    if (known.isEmpty()) {
      return new DescriptionParts(text, Map.of());
    }
    return new DescriptionParts(tidy(withoutKnown.toString()), Collections.unmodifiableMap(known));
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

  private static boolean isSeparatorsOnly(CharSequence rest) {
    return SEPARATORS_ONLY.matcher(rest).matches();
  }

  /** Notes left after removing pairs: separators at the ends and doubled separators removed. */
  private static String tidy(String text) {
    String collapsed = DOUBLED_SEPARATORS.matcher(text).replaceAll("$1");
    return LegacyText.clean(END_SEPARATORS.matcher(collapsed).replaceAll(""));
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

  private LegacyCampaigns() {}
}
