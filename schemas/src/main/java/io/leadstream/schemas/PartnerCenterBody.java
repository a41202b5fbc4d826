package io.leadstream.schemas;

import java.util.Objects;

/**
 * A Partner Center HTTPS-endpoint body as received, after {@link PartnerCenterParser#parse}: the
 * documented properties, each a string or null (numbers and booleans arrive as their JSON text),
 * not yet normalized. {@code userDetails} is never null (empty when the body had none). Description
 * and UserDetails are personal data: {@link #toString()} shows only the non-personal fields.
 *
 * @param ignoredProperties how many top-level or UserDetails properties were not recognised
 */
public record PartnerCenterBody(
    String actionCode,
    String offerTitle,
    String leadSource,
    String description,
    UserDetails userDetails,
    int ignoredProperties) {

  public PartnerCenterBody {
    userDetails = Objects.requireNonNullElseGet(userDetails, UserDetails::empty);
  }

  @Override
  public String toString() {
    return "PartnerCenterBody[actionCode="
        + actionCode
        + ", leadSource="
        + leadSource
        + ", offerTitle="
        + offerTitle
        + ", description="
        + (description == null ? "null" : "<redacted>")
        + ", "
        + userDetails
        + ", ignoredProperties="
        + ignoredProperties
        + "]";
  }
}
