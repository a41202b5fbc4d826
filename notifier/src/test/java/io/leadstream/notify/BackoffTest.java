package io.leadstream.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void doublesFromTheInitialWaitWithAtMostTwentyPercentJitter() {
    for (int failures = 1; failures <= 5; failures++) {
      long base = 1000L << (failures - 1);
      assertThat(backoff.delay(failures, Optional.empty()).toMillis())
          .isBetween(base, (long) (base * 1.2));
    }
  }

  @Test
  void neverWaitsLongerThanTheMaximum() {
    assertThat(backoff.delay(60, Optional.empty())).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1, Optional.of(Duration.ofHours(1))))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aReceiversRetryAfterWins() {
    assertThat(backoff.delay(4, Optional.of(Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(2));
  }
}
