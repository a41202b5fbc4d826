package io.leadstream.schemas;

import java.util.regex.Pattern;

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
// Verbatim pre-optimization copy, the reference of NormalizerEquivalenceTest.
record LegacyParsedLeadSource(
    String source, String action, String publisherId, String offerId, String offerText) {

  private static final Pattern OFFER_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*\\.[A-Za-z0-9][A-Za-z0-9._-]*");

  private static final LegacyParsedLeadSource NONE =
      new LegacyParsedLeadSource(null, null, null, null, null);

  /** Parses a LeadSource value; never fails (null or blank gives all parts null). */
  public static LegacyParsedLeadSource parse(String leadSource) {
    String value = LegacyText.clean(leadSource);
    if (value == null) {
      return NONE;
    }
    String head = value;
    String offer = null;
    int bar = value.indexOf('|');
    if (bar >= 0) {
      head = value.substring(0, bar);
      offer = LegacyText.clean(value.substring(bar + 1));
    }
    String source = head;
    String action = null;
    int dash = head.lastIndexOf('-');
    if (dash >= 0) {
      source = head.substring(0, dash);
      action = LegacyText.clean(head.substring(dash + 1));
    }
    source = LegacyText.clean(source);
    if (offer != null && OFFER_ID.matcher(offer).matches()) {
      int dot = offer.indexOf('.');
      return new LegacyParsedLeadSource(
          source, action, offer.substring(0, dot), offer.substring(dot + 1), null);
    }
    return new LegacyParsedLeadSource(source, action, null, null, offer);
  }
}
