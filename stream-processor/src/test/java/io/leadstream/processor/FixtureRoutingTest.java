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
    Map<String, String> expected = new TreeMap<>();
    Fixtures.all().forEach(fixture -> expected.put(fixture.name(), fixture.expect().destination()));
    assertThat(actual).isEqualTo(expected);
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
