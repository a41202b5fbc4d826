package io.leadstream.processor.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.config.Config;
import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews.Page;
import io.leadstream.processor.views.LocalViews.WorkItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console's parts on their own: completeness, merges, sessions, settings. */
class ConsoleUnitsTest {

  static final Instant NOW = ConsoleServerTest.NOW;

  @Test
  void answersCoveringEveryPartitionOnceAreComplete() {
    var pages =
        List.of(
            page(Map.of("a", Set.of(0, 1), "b", Set.of(0))),
            page(Map.of("a", Set.of(2), "b", Set.of(1))));
    assertThat(Merge.gap(pages, store -> OptionalInt.of(store.equals("a") ? 3 : 2), List.of()))
        .isEmpty();
  }

  @Test
  void aMissingPartitionIsNamedWithTheInstanceThatDidNotAnswer() {
    var gap =
        Merge.gap(List.of(page(Map.of("a", Set.of(0, 2)))), s -> OptionalInt.of(4), List.of("h:1"))
            .orElseThrow();
    assertThat(gap.missing()).isEqualTo(Map.of("a", Set.of(1, 3)));
    assertThat(gap.reason()).contains("a [1, 3]").contains("h:1");
  }

  @Test
  void noPartitionAtAllAnUnknownCountOrAPartitionTwiceIsIncomplete() {
    assertThat(Merge.gap(List.of(page(Map.of())), s -> OptionalInt.of(1), List.of())).isPresent();
    assertThat(
            Merge.gap(List.of(page(Map.of("a", Set.of(0)))), s -> OptionalInt.empty(), List.of()))
        .isPresent();
    assertThat(
            Merge.gap(
                List.of(page(Map.of("a", Set.of(0))), page(Map.of("a", Set.of(0)))),
                s -> OptionalInt.of(1),
                List.of()))
        .isPresent();
  }

  @Test
  void theMergedWorkQueueIsSoonestFirstEachLeadOnceThenLimited() {
    String x = ConsoleServerTest.lead(1);
    String y = ConsoleServerTest.lead(2);
    String z = ConsoleServerTest.lead(3);
    List<Page<WorkItem>> pages =
        List.of(
            new Page<>(
                List.of(
                    ConsoleServerTest.item(x, NOW.plusSeconds(10)),
                    ConsoleServerTest.item(z, null)),
                Map.of()),
            new Page<>(
                List.of(
                    ConsoleServerTest.item(y, NOW), ConsoleServerTest.item(x, NOW.plusSeconds(10))),
                Map.of()));
    assertThat(Merge.workQueue(pages, 10).stream().map(i -> i.status().leadId()))
        .containsExactly(y, x, z);
    assertThat(Merge.workQueue(pages, 1).stream().map(i -> i.status().leadId())).containsExactly(y);
  }

  @Test
  void theMergedFunnelHasEveryDayOfTheRangeWithTheInstancesPartsAddedUp() {
    LocalDate d = LocalDate.parse("2026-03-02");
    FunnelDay one = ConsoleServerTest.funnelDay(d, 2, 1, 1, 1, 0, new long[] {30});
    FunnelDay two = ConsoleServerTest.funnelDay(d, 3, 3, 0, 0, 2, new long[] {});
    List<FunnelDay> days =
        Merge.funnel(
            List.of(new Page<>(List.of(one), Map.of()), new Page<>(List.of(two), Map.of())),
            d.minusDays(1),
            d);
    assertThat(days).hasSize(2);
    assertThat(days.get(0)).isEqualTo(FunnelDay.empty(d.minusDays(1)));
    assertThat(days.get(1)).isEqualTo(one.plus(two));
    var report =
        FunnelReport.of(
            new io.leadstream.processor.views.LocalViews.FunnelFilter(
                d.minusDays(1), d, null, null),
            days);
    assertThat(report.path("total").path("leads").asLong()).isEqualTo(5);
    assertThat(report.path("total").path("sla").path("metRate").asDouble()).isEqualTo(1.0 / 3);
    assertThat(report.path("days").get(0).path("sla").path("metRate").isNull()).isTrue();
    assertThat(report.path("total").path("conversion").get(0).path("rate").asDouble())
        .isEqualTo(0.8);
    assertThat(report.path("total").path("medianSecondsToFirstContact").asLong())
        .isBetween(30L, 33L);
  }

  @Test
  void aSessionIsValidUntilItExpiresAndOnlyWithTheSameTokens() {
    Clock start = Clock.fixed(NOW, ZoneOffset.UTC);
    List<String> tokens = List.of("token-one-0123456789", "token-two-0123456789");
    String cookie = new Sessions(tokens, Duration.ofHours(1), start).open();
    assertThat(cookie).doesNotContain("token-one").doesNotContain("token-two");
    assertThat(
            new Sessions(List.of(tokens.get(1), tokens.get(0)), Duration.ofHours(1), start)
                .valid(cookie))
        .isTrue();
    Clock later = Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    assertThat(new Sessions(tokens, Duration.ofHours(1), later).valid(cookie)).isFalse();
    assertThat(new Sessions(List.of(tokens.get(1)), Duration.ofHours(1), start).valid(cookie))
        .as("a token removed ends its sessions")
        .isFalse();
    String[] parts = cookie.split("\\.");
    String extended =
        parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2] + "." + parts[3];
    assertThat(new Sessions(tokens, Duration.ofHours(1), start).valid(extended)).isFalse();
    assertThat(new Sessions(tokens, Duration.ofHours(1), start).valid(null)).isFalse();
    assertThat(new Sessions(tokens, Duration.ofHours(1), start).valid("v1.x.y")).isFalse();
  }

  @Test
  void theConsoleRefusesToStartWithoutATokenOrWithAShortOne() {
    Config defaults =
        Config.load(
            io.leadstream.processor.ProcessorSettings.DEFAULTS,
            java.util.Optional.empty(),
            Map.of(),
            Map.of());
    assertThat(ConsoleSettings.from(defaults).enabled()).isFalse();
    assertThatThrownBy(
            () -> ConsoleSettings.from(defaults.with(Map.of("processor.console.enabled", "true"))))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("processor.console.tokens");
    assertThatThrownBy(
            () ->
                ConsoleSettings.from(
                    defaults.with(
                        Map.of(
                            "processor.console.enabled",
                            "true",
                            "processor.console.tokens",
                            "short"))))
        .hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("short,");
    ConsoleSettings on =
        ConsoleSettings.from(
            defaults.with(
                Map.of(
                    "processor.console.enabled", "true",
                    "processor.console.tokens", "a-long-enough-token-1, a-long-enough-token-2")));
    assertThat(on.tokens()).hasSize(2);
    assertThat(on.port()).isEqualTo(8082);
  }

  private static Page<Object> page(Map<String, Set<Integer>> partitions) {
    return new Page<>(List.of(), partitions);
  }
}
