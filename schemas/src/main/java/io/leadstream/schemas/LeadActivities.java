package io.leadstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and checks LeadActivity v1 reports, for the gateway's {@code POST /v1/activity}, the CLI
 * and the processor alike: one object per report, {@code leadId} well-formed ({@link
 * LeadIds#isWellFormed}), {@code type} one of {@link ActivityType}, {@code at} an ISO-8601 instant
 * with an offset (optional: the receive time stands in), {@code by} and {@code owner} short texts,
 * {@code owner} required for ASSIGNED. Unknown properties are refused, so a typo ({@code "leadID"})
 * is reported instead of being dropped. Messages name the field, never its value.
 */
public final class LeadActivities {

  /** Longest {@code by} or {@code owner} accepted: an owner id, not an essay. */
  public static final int MAX_TEXT_LENGTH = 200;

  private static final Set<String> FIELDS =
      Set.of("schemaVersion", "leadId", "type", "at", "by", "owner");

  /** A property name is the sender's text: it is named only when it is a plain identifier. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,40}");

  private static final String TYPES =
      Arrays.stream(ActivityType.values()).map(Enum::name).collect(Collectors.joining(", "));

  private LeadActivities() {}

  /**
   * The activity in {@code body}, one JSON object.
   *
   * @param receivedAt the time to use when the report has no {@code at}; null makes {@code at}
   *     required (records on the topic always carry it)
   * @throws ActivityException naming the field at fault
   */
  public static LeadActivity parse(byte[] body, Instant receivedAt) throws ActivityException {
    Optional<JsonBodies.Rejection> rejection = JsonBodies.checkObject(body);
    if (rejection.isPresent()) {
      throw new ActivityException(null, rejection.get().detail());
    }
    JsonNode node;
    try {
      node = LeadJson.mapper().readTree(body);
    } catch (IOException e) {
      throw new ActivityException(null, JsonBodies.describe(e).detail());
    }
    return of(node, receivedAt);
  }

  private static LeadActivity of(JsonNode node, Instant receivedAt) throws ActivityException {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String name = property.getKey();
      if (!FIELDS.contains(name)) {
        boolean plain = PLAIN_NAME.matcher(name).matches();
        String problem = "unknown property; expected only " + FIELDS;
        throw new ActivityException(plain ? name : null, plain ? name + ": " + problem : problem);
      }
    }
    JsonNode version = node.get("schemaVersion");
    if (version != null
        && !version.isNull()
        && !(version.canConvertToExactIntegral()
            && version.asInt() == LeadActivity.SCHEMA_VERSION)) {
      throw new ActivityException(
          "schemaVersion", "schemaVersion: must be " + LeadActivity.SCHEMA_VERSION);
    }
    String leadId = text(node, "leadId", true);
    if (!LeadIds.isWellFormed(leadId)) {
      throw new ActivityException(
          "leadId", "leadId: not a well-formed leadId (ld_ followed by 32 base32 characters)");
    }
    String typeText = text(node, "type", true);
    ActivityType type;
    try {
      type = ActivityType.valueOf(typeText);
    } catch (IllegalArgumentException e) {
      throw new ActivityException("type", "type: unknown activity type; expected one of " + TYPES);
    }
    String atText = text(node, "at", false);
    if (atText == null && receivedAt == null) {
      throw new ActivityException("at", "at: missing");
    }
    Instant at;
    try {
      at = atText == null ? receivedAt : Instant.parse(atText);
    } catch (DateTimeParseException e) {
      throw new ActivityException(
          "at", "at: not an ISO-8601 instant with an offset, e.g. 2026-12-01T09:30:00Z");
    }
    String by = text(node, "by", false);
    String owner = text(node, "owner", false);
    if (type == ActivityType.ASSIGNED && owner == null) {
      throw new ActivityException("owner", "owner: required for type ASSIGNED");
    }
    return LeadActivity.of(leadId, type, at, by, owner);
  }

  /** The trimmed text of {@code name}; null when absent or blank and not required. */
  private static String text(JsonNode node, String name, boolean required)
      throws ActivityException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw new ActivityException(name, name + ": missing");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new ActivityException(name, name + ": must be a string");
    }
    String text = value.asText().strip();
    if (text.isEmpty()) {
      if (required) {
        throw new ActivityException(name, name + ": missing");
      }
      return null;
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new ActivityException(name, name + ": longer than " + MAX_TEXT_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new ActivityException(name, name + ": contains control characters");
      }
    }
    return text;
  }
}
