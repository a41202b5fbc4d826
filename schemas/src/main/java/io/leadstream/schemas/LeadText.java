package io.leadstream.schemas;

import java.util.Map;

/**
 * How the lead records print the fields they share, with the one rule for personal data in a {@code
 * toString}: the customer as {@link Customer} prints itself, the notes never (free text a customer
 * typed), the campaign by its keys only.
 */
final class LeadText {

  static String sharedFields(
      Source source,
      Action action,
      Stage stage,
      Offer offer,
      Customer customer,
      String notes,
      Map<String, String> campaign) {
    return "source="
        + source
        + ", action="
        + action
        + ", stage="
        + stage
        + ", offer="
        + offer
        + ", "
        + customer
        + ", notes="
        + (notes == null ? "null" : "<redacted>")
        + ", campaignKeys="
        + campaign.keySet();
  }

  private LeadText() {}
}
