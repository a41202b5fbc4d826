package io.leadstream.gateway;

import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.JsonBodies;
import io.leadstream.schemas.RawHeaders;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write step of {@code POST /v1/leads}, after {@link WriteRoute}'s checks: the body is one JSON
 * object (else it goes to {@code leads.dlq} and the answer is 400 with its id), its exact bytes are
 * made durable on {@code leads.raw}, then 202. Kafka outcomes arrive on the producer's thread and
 * are handed back to the request's event loop before the answer is written.
 */
final class LeadRoute {

  private static final Logger LOG = LoggerFactory.getLogger(LeadRoute.class);

  /** Extra time the producer gets beyond its own bound before the gateway answers 503 anyway. */
  static final long WATCHDOG_GRACE_MS = 1000;

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final LeadProducer producer;
  private final GatewayMetrics metrics;

  LeadRoute(Vertx vertx, GatewaySettings settings, LeadProducer producer, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.producer = producer;
    this.metrics = metrics;
  }

  void write(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    byte[] body = WriteRoute.body(ctx).getBytes();
    metrics.bodyBytes(body.length);
    String ingestId = Ids.ingestId();
    exchange.ingestId = ingestId;
    Optional<JsonBodies.Rejection> rejection = JsonBodies.checkObject(body);
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    Headers headers =
        RawHeaders.of(
            ingestId,
            exchange.receivedAt,
            RawHeaders.CHANNEL_HTTPS,
            contentType == null ? null : contentType.trim(),
            exchange.requestId,
            null);
    String topic = settings.topics().raw();
    if (rejection.isPresent()) {
      topic = settings.topics().dlq();
      headers =
          DeadLetters.headers(
              headers,
              DeadLetterStage.GATEWAY,
              DeadLetterReason.of(rejection.get().problem()),
              rejection.get().detail(),
              Instant.now());
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            exchange.receivedAt.toEpochMilli(),
            ingestId.getBytes(StandardCharsets.US_ASCII),
            body,
            headers);
    String logical = rejection.isEmpty() ? "raw" : "dlq";
    InFlight.Slot slot = WriteRoute.slot(ctx);
    slot.hold();
    Context context = vertx.getOrCreateContext();
    long sentAt = System.nanoTime();
    Duration timeout = settings.produceTimeout();
    long watchdog =
        vertx.setTimer(
            timeout.toMillis() + WATCHDOG_GRACE_MS,
            t -> {
              if (!ctx.response().headWritten()) {
                LOG.warn(
                    "request {}: no producer outcome for {} within its bound; answering 503",
                    exchange.requestId,
                    ingestId);
                exchange.outcome = "no-outcome-in-time";
                GatewayRouter.answer(ctx, Problem.notDurable());
              }
            });
    producer
        .send(record, sentAt + timeout.toNanos())
        .whenComplete(
            (metadata, error) -> {
              metrics.produce(logical, error == null, System.nanoTime() - sentAt);
              context.runOnContext(
                  v -> {
                    slot.release();
                    vertx.cancelTimer(watchdog);
                    if (ctx.response().headWritten()) {
                      return;
                    }
                    if (error != null) {
                      exchange.outcome = "not-durable:" + error.getClass().getSimpleName();
                      GatewayRouter.answer(ctx, Problem.notDurable());
                    } else if (rejection.isEmpty()) {
                      exchange.outcome = "acked";
                      GatewayRouter.json(ctx, 202, Buffer.buffer("{\"id\":\"" + ingestId + "\"}"));
                    } else {
                      exchange.outcome = "dead-lettered";
                      GatewayRouter.answer(ctx, Problem.rejected(rejection.get(), ingestId));
                    }
                  });
            });
  }
}
