package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @Test
  void replacesThreeFailedThreadsWithinTenMinutesAndRefusesTheFourth() {
    ThreadReplacements replacements = new ThreadReplacements(3, TEN_MINUTES);

    assertThat(replacements.tryReplace(T0)).isTrue();
    assertThat(replacements.tryReplace(T0.plusSeconds(60))).isTrue();
    assertThat(replacements.tryReplace(T0.plusSeconds(120))).isTrue();
    assertThat(replacements.exhausted()).isFalse();
    assertThat(replacements.tryReplace(T0.plus(TEN_MINUTES).minusSeconds(1))).isFalse();
    assertThat(replacements.exhausted()).isTrue();
  }

  @Test
  void aFailureOutsideTheWindowOfTheEarlierOnesIsReplacedAgain() {
    ThreadReplacements replacements = new ThreadReplacements(3, TEN_MINUTES);
    replacements.tryReplace(T0);
    replacements.tryReplace(T0.plusSeconds(60));
    replacements.tryReplace(T0.plusSeconds(120));

    // The first replacement is exactly ten minutes old: it no longer counts.
    assertThat(replacements.tryReplace(T0.plus(TEN_MINUTES))).isTrue();
    assertThat(replacements.tryReplace(T0.plus(TEN_MINUTES).plusSeconds(1))).isFalse();
  }

  @Test
  void onceExhaustedItNeverReplacesAgain() {
    ThreadReplacements replacements = new ThreadReplacements(1, TEN_MINUTES);
    replacements.tryReplace(T0);
    assertThat(replacements.tryReplace(T0.plusSeconds(1))).isFalse();

    assertThat(replacements.tryReplace(T0.plus(Duration.ofDays(1)))).isFalse();
  }

  @Test
  void theStreamThreadHandlerReplacesThreeFailedThreadsThenStopsThisInstance() {
    ThreadReplacements replacements = new ThreadReplacements(3, TEN_MINUTES);
    RuntimeException failure = new IllegalStateException("pat@example.com");

    for (int i = 0; i < 3; i++) {
      assertThat(StreamProcessor.onThreadFailure(failure, replacements))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(StreamProcessor.onThreadFailure(failure, replacements))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(replacements.exhausted()).isTrue();
  }

  @Test
  void aBoundOfZeroNeverReplaces() {
    assertThat(new ThreadReplacements(0, TEN_MINUTES).tryReplace(T0)).isFalse();
  }

  @Test
  void refusesANegativeBoundAndAnEmptyWindow() {
    assertThatThrownBy(() -> new ThreadReplacements(-1, TEN_MINUTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ThreadReplacements(3, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
