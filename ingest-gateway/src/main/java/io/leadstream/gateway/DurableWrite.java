package io.leadstream.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every write route: make a request's records durable, then answer. Every record
 * gets the produce timeout; once every outcome is known (or the timeout plus {@link
 * #WATCHDOG_GRACE_MS} passed without one) the request's in-flight slot is released, exactly once,
 * and the answer is written on the request's event loop: the route's own when every record was
 * acknowledged, else the route's 503 (whoever answers first wins; the other finds the head
 * written). The route has {@link InFlight.Slot#hold() held} its slot before it calls this.
 */
final class DurableWrite {

  private static final Logger LOG = LoggerFactory.getLogger(DurableWrite.class);

  /** Extra time the producer gets beyond its own bound before the gateway answers 503 anyway. */
  static final long WATCHDOG_GRACE_MS = 1000;

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final LeadProducer producer;
  private final GatewayMetrics metrics;

  DurableWrite(
      Vertx vertx, GatewaySettings settings, LeadProducer producer, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.producer = producer;
    this.metrics = metrics;
  }

  /**
   * Sends {@code records} (counted under the metrics' topic tag {@code topic}) and answers.
   *
   * @param notDurable the 503 for {@code failed} records of {@code records.size()} not acknowledged
   * @param acked writes the answer once every record is acknowledged (on the request's event loop)
   */
  void send(
      RoutingContext ctx,
      List<ProducerRecord<byte[], byte[]>> records,
      String topic,
      LongFunction<Problem> notDurable,
      Runnable acked) {
    Exchange exchange = Exchange.of(ctx);
    InFlight.Slot slot = WriteRoute.slot(ctx);
    int total = records.size();
    Context context = vertx.getOrCreateContext();
    long sentAt = System.nanoTime();
    long deadline = sentAt + settings.produceTimeout().toNanos();
    List<CompletableFuture<?>> outcomes = new ArrayList<>(total);
    for (ProducerRecord<byte[], byte[]> record : records) {
      outcomes.add(
          producer
              .send(record, deadline)
              .whenComplete(
                  (metadata, error) ->
                      metrics.produce(topic, error == null, System.nanoTime() - sentAt)));
    }
    long watchdog =
        vertx.setTimer(
            settings.produceTimeout().toMillis() + WATCHDOG_GRACE_MS,
            t -> {
              if (!ctx.response().headWritten()) {
                LOG.warn(
                    "request {}: no producer outcome for its {} record(s) within their bound;"
                        + " answering 503",
                    exchange.requestId,
                    total);
                exchange.outcome = "no-outcome-in-time";
                GatewayRouter.answer(ctx, notDurable.apply(total));
              }
            });
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .handle(
            (ignored, error) -> {
              List<CompletableFuture<?>> failures =
                  outcomes.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
              context.runOnContext(
                  v -> {
                    slot.release();
                    vertx.cancelTimer(watchdog);
                    if (ctx.response().headWritten()) {
                      return;
                    }
                    if (!failures.isEmpty()) {
                      exchange.outcome =
                          "not-durable:"
                              + failures.size()
                              + "/"
                              + total
                              + ":"
                              + cause(failures.get(0));
                      GatewayRouter.answer(ctx, notDurable.apply(failures.size()));
                    } else {
                      acked.run();
                    }
                  });
              return null;
            });
  }

  /** The class of a failed send's error, for the access line (an exception's message may quote). */
  private static String cause(CompletableFuture<?> failed) {
    try {
      failed.join();
      throw new IllegalStateException("not a failed send");
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getClass().getSimpleName();
    }
  }
}
