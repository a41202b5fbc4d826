package io.leadstream.processor;

import io.leadstream.schemas.NormalizedLead;

/**
 * A raw lead parsed and normalized, with its ingest metadata, on its way to de-duplication: the
 * value of the {@code lead-by-id} repartition topic, keyed by leadId. Holds personal data; its
 * toString does not.
 *
 * @param ingestId the raw record's ingest id (the key it had on {@code leads.raw})
 * @param channel how it arrived: https or import
 * @param eventTime when the lead was received (the raw record's timestamp) or, for an import, when
 *     Partner Center created it (the {@code leadstream-created-at} header), epoch millis
 * @param leadId the customer-offer id (or a per-lead id when the lead has no customer identity)
 * @param lead the normalized lead
 */
public record ParsedLead(
    String ingestId, String channel, long eventTime, String leadId, NormalizedLead lead) {

  @Override
  public String toString() {
    return "ParsedLead[ingestId="
        + ingestId
        + ", channel="
        + channel
        + ", eventTime="
        + eventTime
        + ", leadId="
        + leadId
        + ", lead="
        + lead
        + "]";
  }
}
