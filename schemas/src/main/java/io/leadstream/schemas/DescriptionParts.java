package io.leadstream.schemas;

import java.util.Map;

/**
 * A Description split into the customer's notes and the campaign parameters it carried; see {@link
 * Campaigns#split}. Personal data: {@link #toString()} shows only the campaign keys.
 *
 * @param notes what is left for the notes, cleaned, or null when nothing is
 * @param campaign campaign parameters (lower-case keys, insertion-ordered), never null
 */
public record DescriptionParts(String notes, Map<String, String> campaign) {
  public DescriptionParts {
    campaign = campaign == null ? Map.of() : campaign;
  }

  @Override
  public String toString() {
    return "DescriptionParts[notes="
        + (notes == null ? "null" : "<redacted>")
        + ", campaignKeys="
        + campaign.keySet()
        + "]";
  }
}
