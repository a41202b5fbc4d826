package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LeadActivitiesTest {

  private static final String LEAD = LeadIds.devDefault().leadIdForUnidentified("in_1");
  private static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:00Z");

  private static LeadActivity parse(String json) throws ActivityException {
    return LeadActivities.parse(json.getBytes(StandardCharsets.UTF_8), RECEIVED);
  }

  private static ActivityException refused(String json) {
    try {
      parse(json);
    } catch (ActivityException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void readsAFullReport() throws Exception {
    LeadActivity activity =
        parse(
            "{\"schemaVersion\":1,\"leadId\":\""
                + LEAD
                + "\",\"type\":\"ASSIGNED\",\"at\":\"2026-12-01T09:30:00+01:00\","
                + "\"by\":\"crm-sync\",\"owner\":\"jane\"}");
    assertThat(activity)
        .isEqualTo(
            LeadActivity.of(
                LEAD,
                ActivityType.ASSIGNED,
                Instant.parse("2026-12-01T08:30:00Z"),
                "crm-sync",
                "jane"));
  }

  @Test
  void aReportWithoutTimeIsDatedWhenItWasReceived() throws Exception {
    assertThat(parse("{\"leadId\":\"" + LEAD + "\",\"type\":\"CONTACTED\"}").at())
        .isEqualTo(RECEIVED);
  }

  @Test
  void anUnknownTypeIsRefusedNamingTheFieldAndTheChoices() {
    ActivityException e = refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"CALLED\"}");
    assertThat(e.field()).isEqualTo("type");
    assertThat(e.getMessage()).contains("CONTACTED").contains("ASSIGNED").doesNotContain("CALLED");
  }

  @Test
  void aMalformedLeadIdIsRefusedWithoutQuotingIt() {
    ActivityException e = refused("{\"leadId\":\"pat@contoso.com\",\"type\":\"CONTACTED\"}");
    assertThat(e.field()).isEqualTo("leadId");
    assertThat(e.getMessage()).doesNotContain("pat@contoso.com");
  }

  @Test
  void aMalformedTimeIsRefused() {
    assertThat(
            refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"WON\",\"at\":\"yesterday\"}").field())
        .isEqualTo("at");
    // An instant needs an offset: a local time is ambiguous.
    assertThat(
            refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"WON\",\"at\":\"2026-12-01T09:30:00\"}")
                .field())
        .isEqualTo("at");
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertThat(refused("{\"type\":\"CONTACTED\"}").field()).isEqualTo("leadId");
    assertThat(refused("{\"leadId\":\"" + LEAD + "\"}").field()).isEqualTo("type");
    assertThat(refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"  \"}").field()).isEqualTo("type");
    assertThat(refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"ASSIGNED\"}").field())
        .isEqualTo("owner");
  }

  @Test
  void wrongKindsOfValueAndUnknownPropertiesAreRefused() {
    assertThat(refused("{\"leadId\":\"" + LEAD + "\",\"type\":3}").field()).isEqualTo("type");
    assertThat(
            refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"WON\",\"schemaVersion\":2}").field())
        .isEqualTo("schemaVersion");
    ActivityException typo = refused("{\"leadID\":\"" + LEAD + "\",\"type\":\"WON\"}");
    assertThat(typo.field()).isEqualTo("leadID");
    assertThat(typo.getMessage()).startsWith("leadID: unknown property");
    ActivityException odd =
        refused("{\"leadId\":\"" + LEAD + "\",\"type\":\"WON\",\"pat@x.com\":1}");
    assertThat(odd.field()).isNull();
    assertThat(odd.getMessage()).doesNotContain("pat@x.com");
  }

  @Test
  void bodiesThatAreNotOneObjectAreRefusedAsAWhole() {
    assertThat(refused("").field()).isNull();
    assertThat(refused("[1]").field()).isNull();
    assertThat(refused("{\"leadId\":").getMessage()).contains("line 1");
  }

  @Property(tries = 300)
  void neverQuotesWhatItRefuses(@ForAll String value) {
    String json = "{\"leadId\":\"" + LEAD + "\",\"type\":\"ASSIGNED\",\"by\":" + quote(value) + "}";
    try {
      parse(json);
    } catch (ActivityException e) {
      if (value.strip().length() >= 4) {
        assertThat(e.getMessage()).doesNotContain(value.strip());
      }
    }
  }

  @Test
  void leadIdsHaveOneShape() {
    assertThat(LeadIds.isWellFormed(LEAD)).isTrue();
    assertThat(LeadIds.isWellFormed(LEAD.toUpperCase())).isFalse();
    assertThat(LeadIds.isWellFormed(LEAD + "a")).isFalse();
    assertThat(LeadIds.isWellFormed(null)).isFalse();
  }

  @Test
  void alertIdsAreDeterministicPerLeadTypeAndDeadline() {
    Instant due = Instant.parse("2026-12-02T10:00:00Z");
    String id = LeadAlert.alertId(LEAD, AlertType.FOLLOW_UP_OVERDUE, due);
    assertThat(id).matches("al_[a-z2-7]{26}");
    assertThat(LeadAlert.alertId(LEAD, AlertType.FOLLOW_UP_OVERDUE, due)).isEqualTo(id);
    assertThat(LeadAlert.alertId(LEAD, AlertType.FOLLOW_UP_DUE_SOON, due)).isNotEqualTo(id);
    assertThat(LeadAlert.alertId(LEAD, AlertType.FOLLOW_UP_OVERDUE, due.plusSeconds(1)))
        .isNotEqualTo(id);
  }

  @Test
  void activitiesRoundTripThroughTheContractJson() throws Exception {
    LeadActivity activity =
        LeadActivity.of(LEAD, ActivityType.NURTURE_TOUCH, RECEIVED, "mailer", null);
    byte[] json = LeadJson.mapper().writeValueAsBytes(activity);
    assertThat(LeadActivities.parse(json, Instant.EPOCH)).isEqualTo(activity);
  }

  private static String quote(String value) {
    try {
      return LeadJson.mapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void unknownTypesAreNotActivities() {
    assertThatThrownBy(() -> ActivityType.valueOf("CALLED"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
