package io.leadstream.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessagesTest {

  static final LeadAlert ALERT =
      new LeadAlert(
          LeadAlert.SCHEMA_VERSION,
          LeadAlert.alertId(
              "ld_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              AlertType.FOLLOW_UP_OVERDUE,
              Instant.parse("2026-12-02T09:00:00Z")),
          "ld_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          AlertType.FOLLOW_UP_OVERDUE,
          Instant.parse("2026-12-02T09:00:00Z"),
          Instant.parse("2026-12-02T09:00:30Z"),
          "jane",
          "qualified",
          Stage.TRIAL,
          90,
          new Offer("contoso", "sales-insights", "Contoso Sales Insights"));

  @Test
  void teamsGetsAnAdaptiveCardWithTheFactsAndALinkToTheLead() throws Exception {
    JsonNode message =
        LeadJson.mapper().readTree(Messages.body(Channel.TEAMS, ALERT, "http://localhost:8082/"));
    assertThat(message.path("type").asText()).isEqualTo("message");
    JsonNode attachment = message.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("body").get(0).path("text").asText()).isEqualTo("Follow-up overdue");
    assertThat(card.path("body").get(1).path("facts").findValuesAsText("value"))
        .containsExactly(
            ALERT.leadId(),
            "Contoso Sales Insights",
            "jane",
            "2026-12-02T09:00:00Z",
            "qualified",
            "TRIAL",
            "90");
    assertThat(card.path("actions").get(0).path("url").asText())
        .isEqualTo("http://localhost:8082/leads/" + ALERT.leadId());
  }

  @Test
  void slackGetsAFallbackTextAndAMarkdownSection() throws Exception {
    JsonNode message = LeadJson.mapper().readTree(Messages.body(Channel.SLACK, ALERT, null));
    assertThat(message.path("text").asText()).isEqualTo("Follow-up overdue: " + ALERT.leadId());
    String section = message.path("blocks").get(0).path("text").path("text").asText();
    assertThat(section).startsWith("*Follow-up overdue*").contains("Owner: jane");
    assertThat(section).doesNotContain("Open lead"); // no console URL, no link
  }

  @Test
  void theWebhookGetsTheLeadAlertJsonItself() throws Exception {
    byte[] body = Messages.body(Channel.WEBHOOK, ALERT, null);
    assertThat(LeadJson.mapper().readValue(body, LeadAlert.class)).isEqualTo(ALERT);
  }

  @Test
  void theSignatureIsTheHexHmacSha256OfTheExactBody() {
    // RFC 4231-style known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy
    // dog").
    assertThat(
            Messages.signature(
                "key",
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void everyAlertTypeHasItsOwnTitle() {
    assertThat(java.util.Arrays.stream(AlertType.values()).map(Messages::title).distinct().count())
        .isEqualTo(AlertType.values().length);
  }

  static final ContactDirectory.Contact CONTACT =
      new ContactDirectory.Contact(
          "Quentin Quarrendon", "Quarrendon Holdings", "q@quarrendon.example.org", null);

  @Test
  void withAContactEachChannelGainsAContactBlockOfTheKnownFields() throws Exception {
    JsonNode card =
        LeadJson.mapper()
            .readTree(Messages.body(Channel.TEAMS, ALERT, null, CONTACT))
            .path("attachments")
            .get(0)
            .path("content");
    assertThat(card.path("body").get(2).path("text").asText()).isEqualTo("Contact");
    assertThat(card.path("body").get(3).path("facts").findValuesAsText("title"))
        .containsExactly("Name", "Company", "Email");
    assertThat(card.path("body").get(3).path("facts").findValuesAsText("value"))
        .containsExactly("Quentin Quarrendon", "Quarrendon Holdings", "q@quarrendon.example.org");

    String slack =
        LeadJson.mapper()
            .readTree(Messages.body(Channel.SLACK, ALERT, null, CONTACT))
            .path("blocks")
            .get(0)
            .path("text")
            .path("text")
            .asText();
    assertThat(slack)
        .endsWith(
            "*Contact*\nName: Quentin Quarrendon\nCompany: Quarrendon Holdings"
                + "\nEmail: q@quarrendon.example.org");

    JsonNode hook =
        LeadJson.mapper().readTree(Messages.body(Channel.WEBHOOK, ALERT, null, CONTACT));
    assertThat(hook.path("contact").path("email").asText()).isEqualTo("q@quarrendon.example.org");
    assertThat(hook.path("contact").path("phone").isNull()).isTrue();
    ((com.fasterxml.jackson.databind.node.ObjectNode) hook).remove("contact");
    assertThat(LeadJson.mapper().treeToValue(hook, LeadAlert.class)).isEqualTo(ALERT);
  }

  @Test
  void withoutAContactNoChannelHasAContactBlock() {
    for (Channel channel : Channel.values()) {
      String body = new String(Messages.body(channel, ALERT, null), StandardCharsets.UTF_8);
      assertThat(body).as(channel.code()).doesNotContain("Contact\"", "\"contact\"", "Name:");
    }
  }
}
