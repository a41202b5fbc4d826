package io.leadstream.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Partner Center JSON body of an imported row, the shape the HTTPS endpoint receives:
 * {@code {"UserDetails":{"FirstName",...,"Title"},"LeadSource","ActionCode","OfferTitle",
 * "Description"}}. Blank values are left out, as an absent field. Properties always come in this
 * order, so one row always gives the same bytes (and the same ingest id).
 */
final class LeadBody {

  private static final JsonFactory JSON = new JsonFactory();

  private static final List<LeadField> USER_DETAILS =
      List.of(
          LeadField.FIRST_NAME,
          LeadField.LAST_NAME,
          LeadField.EMAIL,
          LeadField.PHONE,
          LeadField.COUNTRY,
          LeadField.COMPANY,
          LeadField.TITLE);

  private static final List<LeadField> TOP_LEVEL =
      List.of(
          LeadField.LEAD_SOURCE,
          LeadField.ACTION_CODE,
          LeadField.OFFER_TITLE,
          LeadField.DESCRIPTION);

  private LeadBody() {}

  /** The body of a row with these values (fields without a JSON name are not written). */
  static byte[] of(Map<LeadField, String> values) {
    Map<LeadField, String> present = new EnumMap<>(LeadField.class);
    values.forEach(
        (field, value) -> {
          if (value != null && !value.isBlank()) {
            present.put(field, value);
          }
        });
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      if (USER_DETAILS.stream().anyMatch(present::containsKey)) {
        json.writeObjectFieldStart("UserDetails");
        for (LeadField field : USER_DETAILS) {
          write(json, field, present.get(field));
        }
        json.writeEndObject();
      }
      for (LeadField field : TOP_LEVEL) {
        write(json, field, present.get(field));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator json, LeadField field, String value) throws IOException {
    if (value != null) {
      json.writeStringField(field.jsonName(), value);
    }
  }
}
