package io.leadstream.schemas;

import java.util.Objects;

/**
 * One entry of the offer catalog, the value of the compacted {@code leads.offers} topic (key: the
 * offer id, the same string as {@code offerId}; a null value deletes the entry). JSON Schema {@code
 * json/offer-catalog-entry.schema.json}; serde {@link LeadSerdes#offerCatalogEntry()}.
 *
 * @param offerId the offer key it enriches: {@code publisherId.offerId} as in LeadSource (compared
 *     case-insensitively, see {@link Offer#key()}), or a normalized offer title
 * @param displayName the offer's display name, for people; may be null
 * @param owner who follows up leads of this offer (a team or queue name); may be null
 * @param productLine the product line for routing and reporting; may be null
 */
public record OfferCatalogEntry(
    String offerId, String displayName, String owner, String productLine) {
  public OfferCatalogEntry {
    Objects.requireNonNull(offerId, "offerId");
    if (offerId.isBlank()) {
      throw new IllegalArgumentException("offerId must not be blank");
    }
  }

  /**
   * The catalog key of this entry: {@code offerId} normalized as {@link Offer#key()} is (NFKC,
   * lower case).
   */
  public String key() {
    return Text.key(offerId);
  }
}
