package io.leadstream.schemas;

/**
 * The parts of a Partner Center {@code LeadSource} value. Accepted shapes:
 *
 * <ul>
 *   <li>a bare source: {@code AzureMarketplace};
 *   <li>{@code Source-Action}: {@code SPZA-PLT};
 *   <li>{@code Source-Action|Offer} with or without spaces around {@code |} and {@code -}: {@code
 *       AzurePortal-Create | contoso.contoso-vm};
 *   <li>{@code Source|Offer}.
 * </ul>
 *
 * The source and action are split on the last {@code -} before {@code |} (actions never contain a
 * dash; unknown sources might). The offer is everything after the first {@code |}: when it looks
 * like an id ({@code publisher.offer}, no spaces) it is split on the first dot into {@code
 * publisherId} and {@code offerId}; otherwise it is kept as {@code offerText} (a title).
 *
 * @param source the source token, cleaned, or null when there is none
 * @param action the action token, cleaned, or null when there is none
 * @param publisherId the part of an offer id before the first dot, else null
 * @param offerId the part of an offer id after the first dot, else null
 * @param offerText the offer part when it is not an id (a title or a placeholder), else null
 */
public record ParsedLeadSource(
    String source, String action, String publisherId, String offerId, String offerText) {

  private static final ParsedLeadSource NONE = new ParsedLeadSource(null, null, null, null, null);

  /** Parses a LeadSource value; never fails (null or blank gives all parts null). */
  public static ParsedLeadSource parse(String leadSource) {
    String value = Text.clean(leadSource);
    if (value == null) {
      return NONE;
    }
    String head = value;
    String offer = null;
    int bar = value.indexOf('|');
    if (bar >= 0) {
      head = value.substring(0, bar);
      offer = Text.clean(value.substring(bar + 1));
    }
    String source = head;
    String action = null;
    int dash = head.lastIndexOf('-');
    if (dash >= 0) {
      source = head.substring(0, dash);
      action = Text.clean(head.substring(dash + 1));
    }
    source = Text.clean(source);
    if (offer != null && isOfferId(offer)) {
      int dot = offer.indexOf('.');
      return new ParsedLeadSource(
          source, action, offer.substring(0, dot), offer.substring(dot + 1), null);
    }
    return new ParsedLeadSource(source, action, null, null, offer);
  }

  /**
   * Whether {@code offer} is a {@code publisher.offer} id: the whole of it matches {@code
   * [A-Za-z0-9][A-Za-z0-9_-]*\.[A-Za-z0-9][A-Za-z0-9._-]*} (the first part has no dot, so the
   * separator is the first dot).
   */
  static boolean isOfferId(String offer) {
    int length = offer.length();
    if (length == 0 || !isAlphanumeric(offer.charAt(0))) {
      return false;
    }
    int i = 1;
    while (i < length && (isAlphanumeric(offer.charAt(i)) || isDashOrUnderscore(offer.charAt(i)))) {
      i++;
    }
    if (i + 1 >= length || offer.charAt(i) != '.' || !isAlphanumeric(offer.charAt(i + 1))) {
      return false;
    }
    for (i += 2; i < length; i++) {
      char c = offer.charAt(i);
      if (!(isAlphanumeric(c) || isDashOrUnderscore(c) || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isDashOrUnderscore(char c) {
    return c == '-' || c == '_';
  }
}
