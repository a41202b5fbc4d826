package io.leadstream.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of the contract's topics; all thread-safe and shareable. */
public final class LeadSerdes {

  private static final JsonSerde<LeadEvent> LEAD_EVENT = new JsonSerde<>(LeadEvent.class);
  private static final JsonSerde<OfferCatalogEntry> OFFER =
      new JsonSerde<>(OfferCatalogEntry.class);
  private static final JsonSerde<DeadLetter> DEAD_LETTER = new JsonSerde<>(DeadLetter.class);
  private static final JsonSerde<LeadAlert> ALERT = new JsonSerde<>(LeadAlert.class);
  private static final JsonSerde<LeadStatus> STATUS = new JsonSerde<>(LeadStatus.class);
  private static final JsonSerde<LeadActivity> ACTIVITY_JSON = new JsonSerde<>(LeadActivity.class);

  /** Keys of every topic: ingest id, leadId or offer id, as UTF-8 strings. */
  public static Serde<String> key() {
    return Serdes.String();
  }

  /** {@code leads.raw} and {@code leads.dlq} values: the exact bytes received. */
  public static Serde<byte[]> rawBytes() {
    return Serdes.ByteArray();
  }

  /** LeadEvent v1 as JSON. */
  public static JsonSerde<LeadEvent> leadEvent() {
    return LEAD_EVENT;
  }

  /** Offer catalog entries as JSON. */
  public static JsonSerde<OfferCatalogEntry> offerCatalogEntry() {
    return OFFER;
  }

  /**
   * The readable JSON view of a dead letter (for tools that print or export {@code leads.dlq}; the
   * topic itself holds the original bytes).
   */
  public static JsonSerde<DeadLetter> deadLetter() {
    return DEAD_LETTER;
  }

  /** LeadAlert v1 as JSON. */
  public static JsonSerde<LeadAlert> leadAlert() {
    return ALERT;
  }

  /** LeadStatus v1 as JSON. */
  public static JsonSerde<LeadStatus> leadStatus() {
    return STATUS;
  }

  /**
   * LeadActivity v1 as JSON, read with the same checks as the gateway's {@code POST /v1/activity}
   * ({@link LeadActivities#parse}, {@code at} required): a record a connector wrote directly that
   * the gateway would have refused fails to deserialize with the same safe message, and the
   * processor's deserialization handler dead-letters it.
   */
  public static Serde<LeadActivity> leadActivity() {
    return Serdes.serdeFrom(
        ACTIVITY_JSON,
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try {
            return LeadActivities.parse(data, null);
          } catch (ActivityException e) {
            throw new SerializationException(
                "cannot read LeadActivity from topic " + topic + ": " + e.getMessage(), null);
          }
        });
  }

  private LeadSerdes() {}
}
