package io.leadstream.schemas;

/**
 * Partner Center connection test leads: {@code MSFT_TEST_} (any case) in any text field of the body
 * (LeadSource, ActionCode, OfferTitle, Description, any UserDetails field).
 */
// Verbatim pre-optimization copy, the reference of NormalizerEquivalenceTest.
final class LegacyTestLeads {

  /** The marker Partner Center puts in every text field of a test lead. */
  public static final String MARKER = "MSFT_TEST_";

  /** Whether {@code body} is a Partner Center test lead. */
  public static boolean isTestLead(PartnerCenterBody body) {
    UserDetails user = body.userDetails();
    return marked(body.leadSource())
        || marked(body.actionCode())
        || marked(body.offerTitle())
        || marked(body.description())
        || marked(user.firstName())
        || marked(user.lastName())
        || marked(user.email())
        || marked(user.phone())
        || marked(user.country())
        || marked(user.company())
        || marked(user.title());
  }

  /** Whether {@code text} holds the test marker, in any case. */
  public static boolean marked(String text) {
    if (text == null || text.length() < MARKER.length()) {
      return false;
    }
    int last = text.length() - MARKER.length();
    for (int i = 0; i <= last; i++) {
      if (text.regionMatches(true, i, MARKER, 0, MARKER.length())) {
        return true;
      }
    }
    return false;
  }

  private LegacyTestLeads() {}
}
