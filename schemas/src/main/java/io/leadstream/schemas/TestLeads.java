package io.leadstream.schemas;

/**
 * Partner Center connection test leads: {@code MSFT_TEST_} (any case) in any text field of the body
 * (LeadSource, ActionCode, OfferTitle, Description, any UserDetails field).
 */
public final class TestLeads {

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

  /** Where the first {@code _} of {@link #MARKER} is. */
  private static final int UNDERSCORE = MARKER.indexOf('_');

  /** Whether {@code text} holds the test marker, in any case. */
  public static boolean marked(String text) {
    if (text == null || text.length() < MARKER.length()) {
      return false;
    }
    // '_' has no other case form, so every occurrence of the marker has a '_' at UNDERSCORE:
    // look for those (an intrinsic scan) instead of comparing at every position.
    int last = text.length() - MARKER.length();
    int from = UNDERSCORE;
    int underscore;
    while ((underscore = text.indexOf('_', from)) >= 0) {
      int start = underscore - UNDERSCORE;
      if (start > last) {
        return false;
      }
      if (text.regionMatches(true, start, MARKER, 0, MARKER.length())) {
        return true;
      }
      from = underscore + 1;
    }
    return false;
  }

  private TestLeads() {}
}
