package io.leadstream.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between tries of one delivery: {@code initial}, doubling, capped at {@code max}, with up to
 * 20% jitter so that many notifiers do not retry in step; a receiver's Retry-After wins, capped at
 * {@code max} too.
 */
record Backoff(Duration initial, Duration max) {

  Duration delay(int failures, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return min(retryAfter.get(), max);
    }
    long base = initial.toMillis();
    for (int i = 1; i < failures && base < max.toMillis(); i++) {
      base *= 2;
    }
    base = Math.min(base, max.toMillis());
    long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.min(max.toMillis(), base + jitter));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
