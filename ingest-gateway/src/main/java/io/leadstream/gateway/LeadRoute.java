package io.leadstream.gateway;

import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.JsonBodies;
import io.leadstream.schemas.RawHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The write step of {@code POST /v1/leads}, after {@link WriteRoute}'s checks: the body is one JSON
 * object (else it goes to {@code leads.dlq} and the answer is 400 with its id), its exact bytes are
 * made durable on {@code leads.raw} ({@link DurableWrite}), then 202.
 */
final class LeadRoute {

  private final GatewaySettings settings;
  private final GatewayMetrics metrics;
  private final DurableWrite writes;

  LeadRoute(GatewaySettings settings, GatewayMetrics metrics, DurableWrite writes) {
    this.settings = settings;
    this.metrics = metrics;
    this.writes = writes;
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
    WriteRoute.slot(ctx).hold();
    writes.send(
        ctx,
        List.of(record),
        rejection.isEmpty() ? "raw" : "dlq",
        failed -> Problem.notDurable(),
        () -> {
          if (rejection.isEmpty()) {
            exchange.outcome = "acked";
            GatewayRouter.json(ctx, 202, Buffer.buffer("{\"id\":\"" + ingestId + "\"}"));
          } else {
            exchange.outcome = "dead-lettered";
            GatewayRouter.answer(ctx, Problem.rejected(rejection.get(), ingestId));
          }
        });
  }
}
