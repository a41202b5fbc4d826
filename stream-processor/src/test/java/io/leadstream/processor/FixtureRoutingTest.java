package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.Fixtures.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FixtureRoutingTest {

  /**
   * Where each shared fixture goes, and why. Each is sent 40 days after the previous one, so no two
   * merge.
   */
  static final Map<String, String> DESTINATIONS =
      Map.ofEntries(
          Map.entry("documented-sample", "qualified"),
          Map.entry("faq-test-lead", "test"),
          Map.entry("faq-test-lead-camelcase", "test"),
          Map.entry("dnc-cross-listing", "dnc"),
          Map.entry("contact-me-with-notes", "qualified"),
          Map.entry("contact-me-with-campaign", "qualified"),
          Map.entry("description-json-campaign", "qualified"),
          Map.entry("azure-portal-create", "qualified"),
          Map.entry("test-drive", "qualified"),
          Map.entry("action-code-wins", "qualified"),
          // unknown action: not a known, contactable action
          Map.entry("unknown-action", "nurture"),
          Map.entry("unknown-source", "qualified"),
          // .edu: an institution's domain is not free-mail, so it is a business identity
          Map.entry("edu-blank-contacts", "qualified"),
          Map.entry("extra-properties", "qualified"),
          Map.entry("unicode-names", "qualified"),
          // free-mail address and no company: no business identity
          Map.entry("phone-as-number", "nurture"),
          Map.entry("duplicate-keys", "qualified"),
          // no contact at all
          Map.entry("missing-user-details", "nurture"),
          Map.entry("name-and-company-only", "nurture"),
          Map.entry("broken-json", "dlq"),
          Map.entry("json-array", "dlq"));

  @Test
  void routesEverySharedFixtureToItsExpectedTopic() {
    Map<String, String> actual = new TreeMap<>();
    try (TopologyFixture f = new TopologyFixture()) {
      Instant at = TopologyFixture.T0;
      for (Fixture fixture : Fixtures.all()) {
        f.send(fixture.name(), fixture.bytes(), at);
        at = at.plus(Duration.ofDays(40));
        actual.put(fixture.name(), destination(f));
      }
      assertThat(f.allOutputsEmpty()).isTrue();
    }
    assertThat(actual).isEqualTo(new TreeMap<>(DESTINATIONS));
  }

  private static String destination(TopologyFixture f) {
    StringBuilder where = new StringBuilder();
    if (!f.qualified.isEmpty())
      where.append(count(f.qualified.readValuesToList().size(), "qualified"));
    if (!f.nurture.isEmpty()) where.append(count(f.nurture.readValuesToList().size(), "nurture"));
    if (!f.dnc.isEmpty()) where.append(count(f.dnc.readValuesToList().size(), "dnc"));
    if (!f.test.isEmpty()) where.append(count(f.test.readValuesToList().size(), "test"));
    if (!f.dlq.isEmpty()) where.append(count(f.dlq.readRecordsToList().size(), "dlq"));
    return where.length() == 0 ? "nothing" : where.toString();
  }

  private static String count(int n, String topic) {
    return n == 1 ? topic : topic + "x" + n;
  }
}
