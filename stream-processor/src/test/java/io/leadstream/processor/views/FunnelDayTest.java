package io.leadstream.processor.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelDayTest {

  private static final LocalDate DAY = LocalDate.parse("2026-03-02");

  @Test
  void partsOfOneDayMergeIntoTheSumOfEveryCount() {
    FunnelDay a =
        day(2, Map.of("ACTIVE", 2L), Map.of("qualified", 2L), 1, 1, 0, Duration.ofMinutes(5));
    FunnelDay b =
        day(1, Map.of("TRIAL", 1L), Map.of("qualified", 1L), 0, 0, 1, Duration.ofHours(2));

    FunnelDay sum = a.plus(b);

    assertThat(sum.leads()).isEqualTo(3);
    assertThat(sum.byStage()).isEqualTo(Map.of("ACTIVE", 2L, "TRIAL", 1L));
    assertThat(sum.byBranch()).isEqualTo(Map.of("qualified", 3L));
    assertThat(sum.slaMet()).isEqualTo(1);
    assertThat(sum.slaMissed()).isEqualTo(1);
    assertThat(sum.slaOpen()).isEqualTo(1);
    assertThat(sum.contacted()).isEqualTo(2);
    assertThat(sum).isEqualTo(b.plus(a));
  }

  @Test
  void partsOfDifferentDaysDoNotMerge() {
    FunnelDay other = FunnelDay.empty(DAY.plusDays(1));
    assertThatThrownBy(() -> FunnelDay.empty(DAY).plus(other))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void takingAPartAwayUndoesAddingItAndLeavesNoZeroCounts() {
    FunnelDay a = day(1, Map.of("ACTIVE", 1L), Map.of("qualified", 1L), 1, 0, 0, null);
    FunnelDay b =
        day(1, Map.of("TRIAL", 1L), Map.of("nurture", 1L), 0, 0, 0, Duration.ofSeconds(30));

    assertThat(a.plus(b).minus(b)).isEqualTo(a);
    assertThat(a.minus(a)).isEqualTo(FunnelDay.empty(DAY));
  }

  @Test
  void theMedianTimeToFirstContactIsTheUpperBoundOfTheBucketHoldingTheMiddleContact() {
    FunnelDay figures =
        day(1, Map.of(), Map.of(), 0, 0, 0, Duration.ofMinutes(1))
            .plus(day(1, Map.of(), Map.of(), 0, 0, 0, Duration.ofHours(3)))
            .plus(day(1, Map.of(), Map.of(), 0, 0, 0, Duration.ofDays(2)));

    Duration median = figures.medianTimeToFirstContact();

    assertThat(median)
        .isBetween(Duration.ofHours(3), Duration.ofHours(3).multipliedBy(11).dividedBy(10));
    assertThat(FunnelDay.bucketOf(median)).isEqualTo(FunnelDay.bucketOf(Duration.ofHours(3)));
  }

  @Test
  void aDayWithNoContactHasNoMedian() {
    assertThat(FunnelDay.empty(DAY).medianTimeToFirstContact()).isNull();
  }

  private static FunnelDay day(
      long leads,
      Map<String, Long> byStage,
      Map<String, Long> byBranch,
      long met,
      long missed,
      long open,
      Duration firstContact) {
    long[] contacts = new long[FunnelDay.BUCKET_UPPER_SECONDS.length + 1];
    if (firstContact != null) {
      contacts[FunnelDay.bucketOf(firstContact)] = 1;
    }
    return new FunnelDay(DAY, leads, byStage, byBranch, Map.of(), met, missed, open, contacts);
  }
}
