package io.leadstream.schemas;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Set;

/**
 * Phone numbers to E.164 with libphonenumber, the lead's country as the default region. Partner
 * Center sends digits with a country code but no {@code +} ({@code 16175555555}) or national
 * numbers ({@code 6175555555}); both are tried, in this order, first hit wins:
 *
 * <ol>
 *   <li>{@code +...}: parsed as international; accepted when possible;
 *   <li>valid in the lead's region;
 *   <li>valid as international digits without the {@code +} (or with {@code 00});
 *   <li>possible (right length) in the lead's region, which keeps fictional 555 numbers;
 *   <li>without a region: possible as international digits.
 * </ol>
 *
 * The result is E.164 proper: at most 15 digits, and read back as it is written, so normalizing it
 * again changes nothing. A number that libphonenumber would write otherwise (possible numbers of
 * some plans have more than 15 digits, {@code +81001000000000000}; national numbers of only zeros
 * lose one on the way back, {@code +4900000} reads as {@code +490000}) is no phone number anyone
 * can dial: it gives null. Anything else gives null too. Thread-safe.
 */
public final class Phones {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final Set<String> REGIONS = Set.copyOf(UTIL.getSupportedRegions());
  private static final Set<Integer> CALLING_CODES = Set.copyOf(UTIL.getSupportedCallingCodes());

  /** {@code +} and at most 15 digits (ITU-T E.164). */
  private static final int MAX_E164_LENGTH = 16;

  /** The E.164 form of {@code raw}, or null; {@code countryAlpha2} may be null. */
  public static String toE164(String raw, String countryAlpha2) {
    String text = Text.clean(raw);
    if (text == null || text.length() > 64) {
      return null;
    }
    String digits = digits(text);
    if (digits.length() < 4 || digits.length() > 17) {
      return null;
    }
    String region = countryAlpha2 != null && REGIONS.contains(countryAlpha2) ? countryAlpha2 : null;
    boolean plus = text.charAt(0) == '+';
    // Digits with only plain punctuation parse exactly like the bare digits (libphonenumber drops
    // the punctuation first); handing it the bare digits skips its extension and alpha handling.
    String parsable = isPlain(text) ? (plus ? "+" + digits : digits) : text;
    if (plus) {
      PhoneNumber number = parse(parsable, "ZZ");
      return number != null && UTIL.isPossibleNumber(number) ? format(number) : null;
    }
    PhoneNumber national = region == null ? null : parse(parsable, region);
    if (national != null && UTIL.isValidNumber(national)) {
      return format(national);
    }
    String international = digits.startsWith("00") ? digits.substring(2) : digits;
    PhoneNumber withPlus = hasCallingCode(international) ? parse("+" + international, "ZZ") : null;
    if (withPlus != null && UTIL.isValidNumber(withPlus)) {
      return format(withPlus);
    }
    if (national != null && UTIL.isPossibleNumber(national)) {
      return format(national);
    }
    if (region == null && withPlus != null && UTIL.isPossibleNumber(withPlus)) {
      return format(withPlus);
    }
    return null;
  }

  /**
   * Whether {@code "+" + digits} (ASCII digits) can parse at all: libphonenumber rejects it, by
   * throwing, unless more than two digits follow the {@code +} and one of their first three
   * prefixes is a calling code (country codes never start with 0). Checking first saves the
   * exceptions on national numbers that are no international ones.
   */
  static boolean hasCallingCode(String digits) {
    int length = digits.length();
    if (length <= 2 || digits.charAt(0) == '0') {
      return false;
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      code = code * 10 + (digits.charAt(i) - '0');
      if (CALLING_CODES.contains(code)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text} is only ASCII digits, spaces and {@code - . ( )}, with at most a leading
   * {@code +}: no letters (vanity numbers, extension labels, {@code tel:}), no {@code # , ; / ~}
   * (extensions, second numbers) and no non-ASCII digits or punctuation.
   */
  static boolean isPlain(String text) {
    for (int i = text.charAt(0) == '+' ? 1 : 0, length = text.length(); i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')')) {
        return false;
      }
    }
    return true;
  }

  private static PhoneNumber parse(String text, String region) {
    try {
      return UTIL.parse(text, region);
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** E.164 of {@code number}, or null when it is longer than E.164 allows or does not read back. */
  private static String format(PhoneNumber number) {
    String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    if (e164.length() > MAX_E164_LENGTH) {
      return null;
    }
    PhoneNumber back = parse(e164, "ZZ");
    return back != null && UTIL.format(back, PhoneNumberUtil.PhoneNumberFormat.E164).equals(e164)
        ? e164
        : null;
  }

  private static String digits(String text) {
    int length = text.length();
    int i = 0;
    while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    if (i == length) {
      return text;
    }
    StringBuilder out = new StringBuilder(length);
    out.append(text, 0, i);
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private Phones() {}
}
