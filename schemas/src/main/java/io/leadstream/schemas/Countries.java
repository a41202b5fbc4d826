package io.leadstream.schemas;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

/**
 * Country to ISO 3166-1 alpha-2, from the JDK's ISO tables: alpha-2 ({@code US}), alpha-3 ({@code
 * USA}), English display names ({@code United States}), plus a small alias table for common
 * variants ({@code U.S.}, {@code UK}, {@code Great Britain}, {@code South Korea}, ...). Matching
 * ignores case, accents, spaces and punctuation. Built once; thread-safe.
 */
public final class Countries {

  private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
  private static final Map<String, String> BY_KEY = build();

  /** The alpha-2 code of {@code raw}, or null when it names no known country. */
  public static String toAlpha2(String raw) {
    if (raw == null) {
      return null;
    }
    int length = raw.length();
    // Fast path: already an alpha-2 code.
    if (length == 2) {
      String upper = raw.toUpperCase(Locale.ROOT);
      if (ALPHA2.contains(upper)) {
        return upper;
      }
    }
    if (length > 100) {
      return null;
    }
    return BY_KEY.get(key(raw));
  }

  /** Whether {@code code} is an ISO 3166-1 alpha-2 code known to the JDK. */
  public static boolean isAlpha2(String code) {
    return code != null && ALPHA2.contains(code);
  }

  private static Map<String, String> build() {
    Map<String, String> map = new HashMap<>();
    for (String code : ALPHA2) {
      map.put(key(code), code);
    }
    for (String code : ALPHA2) {
      try {
        String alpha3 = new Locale("", code).getISO3Country();
        if (!alpha3.isEmpty()) {
          map.putIfAbsent(key(alpha3), code);
        }
      } catch (MissingResourceException e) {
        // No alpha-3 known for this code: the alpha-2 and the name still match.
      }
    }
    String[][] aliases = {
      {"U.S.", "US"},
      {"U.S.A.", "US"},
      {"United States of America", "US"},
      {"America", "US"},
      {"UK", "GB"},
      {"U.K.", "GB"},
      {"Great Britain", "GB"},
      {"Britain", "GB"},
      {"England", "GB"},
      {"Scotland", "GB"},
      {"Wales", "GB"},
      {"Northern Ireland", "GB"},
      {"United Kingdom of Great Britain and Northern Ireland", "GB"},
      {"South Korea", "KR"},
      {"Korea", "KR"},
      {"Republic of Korea", "KR"},
      {"North Korea", "KP"},
      {"Russia", "RU"},
      {"Russian Federation", "RU"},
      {"Czech Republic", "CZ"},
      {"Holland", "NL"},
      {"The Netherlands", "NL"},
      {"Viet Nam", "VN"},
      {"Iran", "IR"},
      {"Syria", "SY"},
      {"Laos", "LA"},
      {"Moldova", "MD"},
      {"Tanzania", "TZ"},
      {"Bolivia", "BO"},
      {"Venezuela", "VE"},
      {"Brunei", "BN"},
      {"Cape Verde", "CV"},
      {"Swaziland", "SZ"},
      {"Macedonia", "MK"},
      {"Burma", "MM"},
      {"Ivory Coast", "CI"},
      {"Cote d'Ivoire", "CI"},
      {"UAE", "AE"},
      {"U.A.E.", "AE"},
      {"Emirates", "AE"},
      {"Hong Kong", "HK"},
      {"Macau", "MO"},
      {"Macao", "MO"},
      {"Taiwan", "TW"},
      {"Turkey", "TR"},
      {"Turkiye", "TR"},
      {"Palestine", "PS"},
      {"Vatican", "VA"},
      {"Vatican City", "VA"},
      {"Congo-Kinshasa", "CD"},
      {"Democratic Republic of the Congo", "CD"},
      {"DRC", "CD"},
      {"Congo-Brazzaville", "CG"},
      {"Republic of the Congo", "CG"},
      {"Micronesia", "FM"},
      {"Saint Kitts and Nevis", "KN"},
      {"Saint Lucia", "LC"},
      {"Saint Vincent and the Grenadines", "VC"},
      {"Sao Tome and Principe", "ST"},
      {"East Timor", "TL"},
      {"Timor Leste", "TL"},
      {"Deutschland", "DE"},
      {"Espana", "ES"},
      {"Brasil", "BR"},
      {"Mexico", "MX"},
      {"Schweiz", "CH"},
      {"Suisse", "CH"},
      {"Osterreich", "AT"},
      {"Nippon", "JP"},
    };
    for (String[] alias : aliases) {
      map.putIfAbsent(key(alias[0]), alias[1]);
    }
    for (String code : ALPHA2) {
      Locale locale = new Locale("", code);
      map.putIfAbsent(key(locale.getDisplayCountry(Locale.ENGLISH)), code);
    }
    return Map.copyOf(map);
  }

  /** Letters only, accents removed, lower case: {@code "Côte d'Ivoire"} -> {@code cotedivoire}. */
  private static String key(String value) {
    String text = value;
    if (!Text.isAscii(text)) {
      text = Normalizer.normalize(text, Normalizer.Form.NFKD);
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  private Countries() {}
}
