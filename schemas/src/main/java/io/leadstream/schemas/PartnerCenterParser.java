package io.leadstream.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses a Partner Center HTTPS-endpoint body (bytes as received) into a {@link PartnerCenterBody}.
 *
 * <p>Rejects only what is not one well-formed JSON object, with a {@link LeadParseException} whose
 * reason and message are those of {@link JsonBodies#checkObject} (so the gateway and the processor
 * agree), never quoting the input. Everything else is tolerated:
 *
 * <ul>
 *   <li>property names match case-insensitively ({@code UserDetails}, {@code userDetails}, {@code
 *       USERDETAILS});
 *   <li>unknown properties are skipped (and counted); {@code null} values are absent values;
 *   <li>numbers and booleans where strings belong become their JSON text (a phone sent as {@code
 *       16175555555}); objects or arrays where a string belongs are ignored, except {@code
 *       Description}, which keeps the object as JSON text so its campaign parameters can be read;
 *   <li>a missing or non-object {@code UserDetails} is an empty one; a {@code UserDetails} string
 *       holding a JSON object (the Azure Table {@code CustomerInfo} shape) is read as the object;
 *   <li>aliases of other Partner Center destinations: {@code OfferDisplayName} for {@code
 *       OfferTitle}, {@code CustomerInfo} for {@code UserDetails}.
 * </ul>
 *
 * <p>Duplicate properties (the same name twice, or names that differ only in case, or a name and
 * its alias): <b>the first non-blank value wins</b>; a later value replaces an earlier one only
 * when the earlier one is absent or blank. Duplicate {@code UserDetails} objects merge field by
 * field under the same rule.
 *
 * <p>Stateless and thread-safe.
 */
public final class PartnerCenterParser {

  private static final int ACTION_CODE = 0;
  private static final int OFFER_TITLE = 1;
  private static final int LEAD_SOURCE = 2;
  private static final int DESCRIPTION = 3;
  private static final int USER_DETAILS = 4;

  private static final int FIRST_NAME = 0;
  private static final int LAST_NAME = 1;
  private static final int EMAIL = 2;
  private static final int PHONE = 3;
  private static final int COUNTRY = 4;
  private static final int COMPANY = 5;
  private static final int TITLE = 6;

  /** Parses one body; see the class comment for what is tolerated and what is rejected. */
  public static PartnerCenterBody parse(byte[] body) throws LeadParseException {
    if (body == null || body.length == 0) {
      throw LeadParseException.of(JsonBodies.emptyBody(false));
    }
    java.util.Optional<JsonBodies.Rejection> encoding = JsonBodies.checkUtf8(body);
    if (encoding.isPresent()) {
      throw LeadParseException.of(encoding.get());
    }
    String[] top = new String[4];
    String[] user = new String[7];
    int[] ignored = {0};
    try (JsonParser parser = JsonBodies.factory().createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw LeadParseException.of(JsonBodies.emptyBody(true));
      }
      if (first != JsonToken.START_OBJECT) {
        throw LeadParseException.of(JsonBodies.notAnObject(first, parser.currentTokenLocation()));
      }
      readTop(parser, top, user, ignored);
      var end = parser.currentLocation();
      if (parser.nextToken() != null) {
        throw LeadParseException.of(JsonBodies.trailingContent(end));
      }
    } catch (IOException e) {
      throw LeadParseException.of(JsonBodies.describe(e));
    }
    return new PartnerCenterBody(
        top[ACTION_CODE],
        top[OFFER_TITLE],
        top[LEAD_SOURCE],
        top[DESCRIPTION],
        new UserDetails(
            user[FIRST_NAME],
            user[LAST_NAME],
            user[EMAIL],
            user[PHONE],
            user[COUNTRY],
            user[COMPANY],
            user[TITLE]),
        ignored[0]);
  }

  /** Parses a body given as text (UTF-8); for tests, tools and importers. */
  public static PartnerCenterBody parse(String body) throws LeadParseException {
    return parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private static void readTop(JsonParser parser, String[] top, String[] user, int[] ignored)
      throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      int slot = topSlot(name);
      if (slot == USER_DETAILS) {
        readUserDetails(parser, value, user, ignored);
      } else if (slot == DESCRIPTION && value == JsonToken.START_OBJECT) {
        // A Description sent as a JSON object rather than a string: keep it as JSON text.
        JsonNode node = LeadJson.mapper().readTree(parser);
        offer(top, DESCRIPTION, LeadJson.mapper().writeValueAsString(node));
      } else if (slot >= 0 && isScalar(value)) {
        offer(top, slot, scalarText(parser, value));
      } else {
        ignored[0]++;
        skipValue(parser, value);
      }
    }
    if (token != JsonToken.END_OBJECT) {
      // Jackson reports syntax errors itself; this is the end of input inside the object.
      throw new JsonEOFException(parser, token, "Unexpected end-of-input");
    }
  }

  private static void readUserDetails(
      JsonParser parser, JsonToken value, String[] user, int[] ignored) throws IOException {
    if (value == JsonToken.START_OBJECT) {
      readUserObject(parser, user, ignored);
    } else if (value == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      if (!readUserDetailsString(text, user, ignored)) {
        ignored[0]++;
      }
    } else if (value != JsonToken.VALUE_NULL) {
      ignored[0]++;
      skipValue(parser, value);
    }
  }

  private static void readUserObject(JsonParser parser, String[] user, int[] ignored)
      throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      int slot = userSlot(name);
      if (slot >= 0 && isScalar(value)) {
        offer(user, slot, scalarText(parser, value));
      } else {
        ignored[0]++;
        skipValue(parser, value);
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new JsonEOFException(parser, token, "Unexpected end-of-input");
    }
  }

  /** UserDetails sent as a string holding a JSON object; false when it holds anything else. */
  private static boolean readUserDetailsString(String text, String[] user, int[] ignored) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return false;
    }
    String[] candidate = user.clone();
    int[] candidateIgnored = {0};
    try (JsonParser nested = JsonBodies.factory().createParser(trimmed)) {
      if (nested.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      readUserObject(nested, candidate, candidateIgnored);
      if (nested.nextToken() != null) {
        return false;
      }
    } catch (IOException e) {
      // Broken JSON inside a string value does not make the body broken: ignore the value.
      return false;
    }
    System.arraycopy(candidate, 0, user, 0, user.length);
    ignored[0] += candidateIgnored[0];
    return true;
  }

  /** First non-blank value wins: a later value replaces only an absent or blank one. */
  private static void offer(String[] slots, int slot, String value) {
    if (value == null) {
      return;
    }
    String current = slots[slot];
    if (current == null || (current.isBlank() && !value.isBlank())) {
      slots[slot] = value;
    }
  }

  private static boolean isScalar(JsonToken token) {
    return token == JsonToken.VALUE_STRING
        || token == JsonToken.VALUE_NUMBER_INT
        || token == JsonToken.VALUE_NUMBER_FLOAT
        || token == JsonToken.VALUE_TRUE
        || token == JsonToken.VALUE_FALSE
        || token == JsonToken.VALUE_NULL;
  }

  private static String scalarText(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      default -> parser.getText();
    };
  }

  /** Skips a value, decoding every name and string so that invalid UTF-8 is still rejected. */
  private static void skipValue(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      parser.getTextLength();
      return;
    }
    if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
      return;
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new JsonEOFException(parser, null, "Unexpected end-of-input");
      }
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case FIELD_NAME, VALUE_STRING -> parser.getTextLength();
        default -> {}
      }
    }
  }

  private static int topSlot(String name) {
    return switch (name.length()) {
      case 10 ->
          name.equalsIgnoreCase("ActionCode")
              ? ACTION_CODE
              : name.equalsIgnoreCase("OfferTitle")
                  ? OFFER_TITLE
                  : name.equalsIgnoreCase("LeadSource") ? LEAD_SOURCE : -1;
      case 11 ->
          name.equalsIgnoreCase("Description")
              ? DESCRIPTION
              : name.equalsIgnoreCase("UserDetails") ? USER_DETAILS : -1;
      case 12 -> name.equalsIgnoreCase("CustomerInfo") ? USER_DETAILS : -1;
      case 16 -> name.equalsIgnoreCase("OfferDisplayName") ? OFFER_TITLE : -1;
      default -> -1;
    };
  }

  private static int userSlot(String name) {
    if (name.equalsIgnoreCase("FirstName")) {
      return FIRST_NAME;
    } else if (name.equalsIgnoreCase("LastName")) {
      return LAST_NAME;
    } else if (name.equalsIgnoreCase("Email")) {
      return EMAIL;
    } else if (name.equalsIgnoreCase("Phone")) {
      return PHONE;
    } else if (name.equalsIgnoreCase("Country")) {
      return COUNTRY;
    } else if (name.equalsIgnoreCase("Company")) {
      return COMPANY;
    } else if (name.equalsIgnoreCase("Title")) {
      return TITLE;
    }
    return -1;
  }

  private PartnerCenterParser() {}
}
