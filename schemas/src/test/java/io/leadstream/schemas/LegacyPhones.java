package io.leadstream.schemas;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

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
 * Anything else gives null. Thread-safe.
 */
// Verbatim pre-optimization copy, the reference of NormalizerEquivalenceTest.
final class LegacyPhones {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** The E.164 form of {@code raw}, or null; {@code countryAlpha2} may be null. */
  public static String toE164(String raw, String countryAlpha2) {
    String text = LegacyText.clean(raw);
    if (text == null || text.length() > 64) {
      return null;
    }
    String digits = digits(text);
    if (digits.length() < 4 || digits.length() > 17) {
      return null;
    }
    String region =
        countryAlpha2 != null && UTIL.getSupportedRegions().contains(countryAlpha2)
            ? countryAlpha2
            : null;
    if (text.startsWith("+")) {
      PhoneNumber number = parse(text, "ZZ");
      return number != null && UTIL.isPossibleNumber(number) ? format(number) : null;
    }
    PhoneNumber national = region == null ? null : parse(text, region);
    if (national != null && UTIL.isValidNumber(national)) {
      return format(national);
    }
    String international = digits.startsWith("00") ? digits.substring(2) : digits;
    PhoneNumber withPlus = parse("+" + international, "ZZ");
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

  private static PhoneNumber parse(String text, String region) {
    try {
      return UTIL.parse(text, region);
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static String format(PhoneNumber number) {
    return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  private static String digits(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private LegacyPhones() {}
}
