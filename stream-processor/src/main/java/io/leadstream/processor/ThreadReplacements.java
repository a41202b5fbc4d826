package io.leadstream.processor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often a failed stream thread may be replaced: at most {@code max} replacements within any
 * {@code window}. A thread that keeps failing (a poison record, a broken disk) would otherwise be
 * replaced forever while the processor looks healthy; past the bound the processor gives up, and
 * stays given up.
 */
final class ThreadReplacements {

  private final int max;
  private final Duration window;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private boolean exhausted;

  ThreadReplacements(int max, Duration window) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.max = max;
    this.window = window;
  }

  /** Whether a thread that failed at {@code now} may be replaced; counts the replacement if so. */
  synchronized boolean tryReplace(Instant now) {
    if (exhausted) {
      return false;
    }
    Instant windowStart = now.minus(window);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
      recent.removeFirst();
    }
    if (recent.size() >= max) {
      exhausted = true;
      return false;
    }
    recent.addLast(now);
    return true;
  }

  /** Whether the bound was reached: no more replacements. */
  synchronized boolean exhausted() {
    return exhausted;
  }

  int max() {
    return max;
  }

  Duration window() {
    return window;
  }
}
