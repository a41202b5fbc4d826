package io.leadstream.schemas;

/**
 * LeadEvent v1 {@code offer}: {@code publisherId} and {@code offerId} when LeadSource carried a
 * {@code publisher.offer} id (split on the first dot), and the offer's display title.
 */
public record Offer(String publisherId, String offerId, String title) {

  /**
   * The offer key of the dedup identity: {@code publisherId.offerId} (lower case) when known, else
   * the normalized title ({@link Text#key}), else the empty string.
   */
  public String key() {
    if (publisherId != null && offerId != null) {
      return (publisherId + "." + offerId).toLowerCase(java.util.Locale.ROOT);
    }
    String normalizedTitle = Text.key(title);
    return normalizedTitle == null ? "" : normalizedTitle;
  }

  /** {@code publisherId.offerId} as sent, or null when the lead carried no offer id. */
  public String id() {
    return publisherId != null && offerId != null ? publisherId + "." + offerId : null;
  }
}
