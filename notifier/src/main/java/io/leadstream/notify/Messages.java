package io.leadstream.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadstream.notify.ContactDirectory.Contact;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadJson;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The message each channel receives for an alert: the lead id, offer, owner, stage, score and the
 * due time, plus a link to the lead's page in the console when {@code notify.console.url} is set.
 * An alert carries no customer contact data; a message carries a contact block (name, company,
 * email, phone) only when it is given one, which the notifier does only with {@code
 * notify.include.contact=true}.
 */
final class Messages {

  /** The webhook's signature header: {@code sha256=<hex HMAC-SHA256 of the exact body>}. */
  static final String SIGNATURE_HEADER = "Leadstream-Signature";

  /** Sent with every delivery: the alert id, so a receiver can drop a redelivery. */
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private static final ObjectMapper MAPPER = LeadJson.mapper();

  private Messages() {}

  /** The body to post to {@code channel}, without contact data. */
  static byte[] body(Channel channel, LeadAlert alert, String consoleUrl) {
    return body(channel, alert, consoleUrl, null);
  }

  /**
   * The body to post to {@code channel}; with a {@code contact} block when it is not null (the
   * webhook's body is then the LeadAlert JSON with a {@code contact} object added).
   */
  static byte[] body(Channel channel, LeadAlert alert, String consoleUrl, Contact contact) {
    try {
      return switch (channel) {
        case TEAMS -> MAPPER.writeValueAsBytes(teams(alert, consoleUrl, contact));
        case SLACK -> MAPPER.writeValueAsBytes(slack(alert, consoleUrl, contact));
        case WEBHOOK ->
            contact == null
                ? MAPPER.writeValueAsBytes(alert)
                : MAPPER.writeValueAsBytes(
                    MAPPER.<ObjectNode>valueToTree(alert).set("contact", contactJson(contact)));
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert is always writable as JSON", e);
    }
  }

  /**
   * {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} keyed with {@code secret}.
   */
  static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  static String title(AlertType type) {
    return switch (type) {
      case FOLLOW_UP_DUE_SOON -> "Follow-up due soon";
      case FOLLOW_UP_OVERDUE -> "Follow-up overdue";
      case NURTURE_TOUCH_DUE -> "Nurture touch due";
      case DNC_CONTACTED -> "Do-not-contact lead was contacted";
      case EXPIRED -> "Lead expired unanswered";
    };
  }

  /** The facts shown for an alert, in order; only what the alert holds (no contact data). */
  static Map<String, String> facts(LeadAlert alert) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Lead", alert.leadId());
    if (alert.offer() != null) {
      facts.put(
          "Offer",
          alert.offer().title() != null
              ? alert.offer().title()
              : String.valueOf(alert.offer().key()));
    }
    facts.put("Owner", alert.owner() == null ? "unassigned" : alert.owner());
    facts.put("Due", String.valueOf(alert.dueAt()));
    if (alert.branch() != null) {
      facts.put("Branch", alert.branch());
    }
    if (alert.stage() != null) {
      facts.put("Stage", alert.stage().name());
    }
    if (alert.score() != null) {
      facts.put("Score", String.valueOf(alert.score()));
    }
    return facts;
  }

  /** The contact block's lines, in order, without the fields that are unknown. */
  static Map<String, String> contactFacts(Contact contact) {
    Map<String, String> facts = new LinkedHashMap<>();
    if (contact.name() != null) {
      facts.put("Name", contact.name());
    }
    if (contact.company() != null) {
      facts.put("Company", contact.company());
    }
    if (contact.email() != null) {
      facts.put("Email", contact.email());
    }
    if (contact.phone() != null) {
      facts.put("Phone", contact.phone());
    }
    return facts;
  }

  private static ObjectNode contactJson(Contact contact) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("name", contact.name());
    json.put("company", contact.company());
    json.put("email", contact.email());
    json.put("phone", contact.phone());
    return json;
  }

  static String link(LeadAlert alert, String consoleUrl) {
    if (consoleUrl == null) {
      return null;
    }
    String base = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
    return base + "leads/" + alert.leadId();
  }

  /** A Teams workflow / incoming-webhook message holding one Adaptive Card (schema 1.4). */
  private static ObjectNode teams(LeadAlert alert, String consoleUrl, Contact contact) {
    ObjectNode card = MAPPER.createObjectNode();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    ObjectNode heading = body.addObject();
    heading.put("type", "TextBlock");
    heading.put("text", title(alert.type()));
    heading.put("weight", "Bolder");
    heading.put("size", "Medium");
    heading.put("wrap", true);
    ObjectNode factSet = body.addObject();
    factSet.put("type", "FactSet");
    ArrayNode facts = factSet.putArray("facts");
    facts(alert).forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
    if (contact != null) {
      ObjectNode heading2 = body.addObject();
      heading2.put("type", "TextBlock");
      heading2.put("text", "Contact");
      heading2.put("weight", "Bolder");
      heading2.put("wrap", true);
      ObjectNode contactSet = body.addObject();
      contactSet.put("type", "FactSet");
      ArrayNode contactFacts = contactSet.putArray("facts");
      contactFacts(contact)
          .forEach((k, v) -> contactFacts.addObject().put("title", k).put("value", v));
    }
    String link = link(alert, consoleUrl);
    if (link != null) {
      ObjectNode open = card.putArray("actions").addObject();
      open.put("type", "Action.OpenUrl");
      open.put("title", "Open lead");
      open.put("url", link);
    }
    ObjectNode message = MAPPER.createObjectNode();
    message.put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    attachment.set("content", card);
    return message;
  }

  /** A Slack incoming-webhook message: a fallback text and a section with the facts. */
  private static ObjectNode slack(LeadAlert alert, String consoleUrl, Contact contact) {
    StringBuilder text = new StringBuilder("*").append(title(alert.type())).append("*");
    facts(alert).forEach((k, v) -> text.append('\n').append(k).append(": ").append(v));
    if (contact != null) {
      text.append("\n*Contact*");
      contactFacts(contact).forEach((k, v) -> text.append('\n').append(k).append(": ").append(v));
    }
    String link = link(alert, consoleUrl);
    if (link != null) {
      text.append("\n<").append(link).append("|Open lead>");
    }
    ObjectNode message = MAPPER.createObjectNode();
    message.put("text", title(alert.type()) + ": " + alert.leadId());
    ObjectNode section = message.putArray("blocks").addObject();
    section.put("type", "section");
    ObjectNode mrkdwn = section.putObject("text");
    mrkdwn.put("type", "mrkdwn");
    mrkdwn.put("text", text.toString());
    return message;
  }
}
