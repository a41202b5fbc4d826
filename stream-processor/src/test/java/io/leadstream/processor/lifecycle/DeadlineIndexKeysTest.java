package io.leadstream.processor.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The deadline index's keys keep the layout the stores already hold (the due time as {@code %019d},
 * then the leadId), so an index written by an earlier processor is still scanned in due order.
 */
class DeadlineIndexKeysTest {

  @Property(tries = 500)
  void keysAreTheZeroPaddedDueTimeThenTheLeadId(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long dueAt) {
    assertThat(LifecycleStep.indexKey(dueAt, "ld_1"))
        .isEqualTo(String.format(Locale.ROOT, "%019d:%s", dueAt, "ld_1"));
    assertThat(LifecycleStep.indexUpTo(dueAt))
        .isEqualTo(String.format(Locale.ROOT, "%019d;", dueAt));
  }

  @Property(tries = 500)
  void theBoundOfATimeIsAboveItsKeysAndBelowTheNextTimes(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long at) {
    String bound = LifecycleStep.indexUpTo(at);

    assertThat(LifecycleStep.indexKey(at, "ld_zzz")).isLessThan(bound);
    assertThat(LifecycleStep.indexKey(at + 1, "ld_")).isGreaterThan(bound);
  }
}
