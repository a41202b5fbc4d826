package io.leadstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadMixTest {

  private static final int CUSTOMERS = 20_000;

  @Test
  void aboutThirtyPercentRepeatTenProgressFiveSayDoNotContactAndTwoSendInvalidBodies() {
    Map<LeadMix.Kind, Integer> kinds = new EnumMap<>(LeadMix.Kind.class);
    for (int c = 0; c < CUSTOMERS; c++) {
      for (LeadMix.Post post : LeadMix.script(c, 7)) {
        kinds.merge(post.kind(), 1, Integer::sum);
      }
    }

    assertThat(share(kinds, LeadMix.Kind.DUPLICATE)).isCloseTo(0.30, within(0.015));
    assertThat(share(kinds, LeadMix.Kind.PROGRESSION)).isCloseTo(0.10, within(0.01));
    assertThat(share(kinds, LeadMix.Kind.DNC)).isCloseTo(0.05, within(0.01));
    assertThat(share(kinds, LeadMix.Kind.INVALID)).isCloseTo(0.02, within(0.005));
  }

  @Test
  void aCustomersScriptIsTheSameEveryTimeAndItsLeadsNameTheCustomerAndAction() {
    assertThat(LeadMix.script(42, 7)).usingRecursiveComparison().isEqualTo(LeadMix.script(42, 7));
    byte[] body = LeadMix.utf8(LeadMix.lead(42, "INS"));

    assertThat(LeadMix.customerOf(body)).hasValue(42);
    assertThat(LeadMix.actionOf(body)).isEqualTo("INS");
  }

  private static double share(Map<LeadMix.Kind, Integer> kinds, LeadMix.Kind kind) {
    return kinds.getOrDefault(kind, 0) / (double) CUSTOMERS;
  }
}
