package io.leadstream.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * Load at a fixed rate, whatever the answers do (no coordinated omission): request {@code i} is due
 * at {@code begin + i / rate}, is issued on a Vert.x context as soon as a 1 ms timer finds it due,
 * and is measured by the caller from that due time, so a stall delays the answers it holds up, not
 * the requests after it.
 */
final class OpenLoop {

  /**
   * Issues {@code total} requests at {@code rate} per second from {@code begin} (nano time), each
   * by {@code send} given its due time; completes once every answer has come, whatever it is.
   */
  static CompletableFuture<Void> run(
      Vertx vertx, double rate, long total, long begin, LongFunction<Future<?>> send) {
    double intervalNanos = 1e9 / rate;
    CompletableFuture<Void> done = new CompletableFuture<>();
    long[] issued = {0};
    long[] answered = {0};
    vertx.runOnContext(
        v ->
            vertx.setPeriodic(
                1,
                timer -> {
                  long now = System.nanoTime();
                  while (issued[0] < total && begin + (long) (issued[0] * intervalNanos) <= now) {
                    long due = begin + (long) (issued[0] * intervalNanos);
                    issued[0]++;
                    send.apply(due)
                        .onComplete(
                            ar -> {
                              if (++answered[0] == total) {
                                done.complete(null);
                              }
                            });
                  }
                  if (issued[0] >= total) {
                    vertx.cancelTimer(timer);
                  }
                }));
    return done;
  }

  private OpenLoop() {}
}
