package io.leadstream.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on the requests of one route that hold memory at once (reading a body or awaiting Kafka),
 * so that memory stays bounded: past it the answer is 503 at once instead of a queue.
 */
final class InFlight {

  private final AtomicInteger count = new AtomicInteger();
  private final int max;

  InFlight(int max) {
    this.max = max;
  }

  int count() {
    return count.get();
  }

  /** A slot, or null when {@code max} are taken. */
  Slot tryAcquire() {
    while (true) {
      int now = count.get();
      if (now >= max) {
        return null;
      }
      if (count.compareAndSet(now, now + 1)) {
        return new Slot();
      }
    }
  }

  /**
   * One request's slot. It is held by the response until it ends (or the client goes) and, from
   * {@link #hold()} on, also by a produce until its outcome: a client gone mid-produce does not
   * free the memory its record still takes.
   */
  final class Slot {
    private final AtomicInteger holders = new AtomicInteger(1);

    void hold() {
      holders.incrementAndGet();
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        count.decrementAndGet();
      }
    }
  }
}
