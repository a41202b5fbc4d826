package io.leadstream.schemas;

import java.util.Map;

/**
 * One lead after {@link LeadNormalizer#normalize}: everything a LeadEvent needs except what the
 * processor adds (leadId, times, routing, qualification, ingest). Holds personal data: {@link
 * #toString()} redacts it.
 *
 * @param identity the customer identity for dedup, or null when the lead has none
 * @param notes the Description without its campaign parameters, or null
 * @param campaign campaign parameters from the Description, never null
 * @param test true for Partner Center connection test leads
 */
public record NormalizedLead(
    Source source,
    Action action,
    Stage stage,
    Offer offer,
    Customer customer,
    String notes,
    Map<String, String> campaign,
    boolean test,
    CustomerIdentity identity) {

  public NormalizedLead {
    campaign = campaign == null ? Map.of() : campaign;
  }

  /** The offer key of the dedup identity; see {@link Offer#key()}. */
  public String offerKey() {
    return offer.key();
  }

  /** Whether the lead can be de-duplicated (it has a customer identity). */
  public boolean identified() {
    return identity != null;
  }

  @Override
  public String toString() {
    return "NormalizedLead["
        + LeadText.sharedFields(source, action, stage, offer, customer, notes, campaign)
        + ", test="
        + test
        + ", identity="
        + (identity == null ? "none" : identity.kind())
        + "]";
  }
}
