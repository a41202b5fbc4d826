package io.leadstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The contract's JSON Schemas (draft 2020-12). Their one copy is {@code docs/schemas/}; the build
 * copies it into this jar under {@code json/} next to this class, and {@code docs/contract.md} is
 * rendered from it.
 */
public final class LeadSchemas {

  /** The Partner Center HTTPS-endpoint body as received. */
  public static final String PARTNER_CENTER_BODY = "partner-center-body.schema.json";

  /** LeadEvent v1 ({@link LeadEvent}). */
  public static final String LEAD_EVENT_V1 = "lead-event-v1.schema.json";

  /** The readable view of a dead letter ({@link DeadLetter}). */
  public static final String DEAD_LETTER = "dead-letter.schema.json";

  /** An offer catalog entry ({@link OfferCatalogEntry}). */
  public static final String OFFER_CATALOG_ENTRY = "offer-catalog-entry.schema.json";

  /** LeadActivity v1 ({@link LeadActivity}). */
  public static final String LEAD_ACTIVITY_V1 = "lead-activity-v1.schema.json";

  /** LeadStatus v1 ({@link LeadStatus}). */
  public static final String LEAD_STATUS_V1 = "lead-status-v1.schema.json";

  /** LeadAlert v1 ({@link LeadAlert}). */
  public static final String LEAD_ALERT_V1 = "lead-alert-v1.schema.json";

  /** Every schema file name, in the order of the contract docs. */
  public static List<String> all() {
    return List.of(
        PARTNER_CENTER_BODY,
        LEAD_EVENT_V1,
        DEAD_LETTER,
        OFFER_CATALOG_ENTRY,
        LEAD_ACTIVITY_V1,
        LEAD_STATUS_V1,
        LEAD_ALERT_V1);
  }

  /** The text of schema {@code file} (one of the constants). */
  public static String text(String file) {
    try (InputStream in = LeadSchemas.class.getResourceAsStream("json/" + file)) {
      if (in == null) {
        throw new NoSuchElementException("no schema " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + file, e);
    }
  }

  private LeadSchemas() {}
}
