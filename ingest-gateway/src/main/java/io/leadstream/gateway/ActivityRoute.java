package io.leadstream.gateway;

import io.leadstream.schemas.ActivityException;
import io.leadstream.schemas.LeadActivities;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write steps of {@code POST /v1/activity}, after {@link WriteRoute}'s checks: each report is
 * read and checked by {@link LeadActivities#parse} ({@code at} defaults to the receipt time), then
 * its normalized LeadActivity JSON is made durable on {@code leads.activity}, keyed by its leadId,
 * before the answer. A refused report is written nowhere: unlike a lead, an activity is sent by a
 * tool that can fix and resend it, so it is answered 400 with the field at fault.
 *
 * <ul>
 *   <li>{@link #single}: one JSON object; 202 {@code {"id"}}, 400 {@code invalid-activity}, or 503
 *       + Retry-After when it is not acknowledged in time.
 *   <li>{@link #lines}: NDJSON, one report per line; 200 with one result per line once every good
 *       line is acknowledged (a partly bad body is still a 200), or 503 + Retry-After when any good
 *       line is not; some lines may be written by then, and an activity has no deduplication id, so
 *       a resent line is on the topic twice.
 * </ul>
 */
final class ActivityRoute {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityRoute.class);
  private static final String TOPIC_TAG = "activity";

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final GatewayMetrics metrics;
  private final DurableWrite writes;
  private final Serializer<LeadActivity> values = LeadSerdes.leadActivity().serializer();

  ActivityRoute(
      Vertx vertx, GatewaySettings settings, GatewayMetrics metrics, DurableWrite writes) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
    this.writes = writes;
  }

  /** One activity, {@code application/json}. */
  void single(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    byte[] body = WriteRoute.body(ctx).getBytes();
    metrics.bodyBytes(body.length);
    LeadActivity activity;
    try {
      activity = LeadActivities.parse(body, exchange.receivedAt);
    } catch (ActivityException e) {
      exchange.outcome = refusal(e);
      GatewayRouter.answer(ctx, Problem.invalidActivity(e));
      return;
    }
    String id = Ids.ingestId();
    exchange.ingestId = id;
    WriteRoute.slot(ctx).hold();
    send(ctx, exchange, List.of(record(activity, id, exchange)), 0, 202, () -> accepted(id));
  }

  /** NDJSON: one activity per line; blank lines are skipped but keep their line numbers. */
  void lines(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    byte[] body = WriteRoute.body(ctx).getBytes();
    metrics.bodyBytes(body.length);
    InFlight.Slot slot = WriteRoute.slot(ctx);
    // Held from here to the producer's outcomes, also if the client goes away meanwhile.
    slot.hold();
    // Parsing thousands of lines is work for a worker, not an event loop.
    vertx
        .executeBlocking(() -> Lines.read(body, exchange.receivedAt))
        .onComplete(
            read -> {
              if (read.failed()) {
                slot.release();
                LOG.error("request {}: reading the activities failed", exchange.requestId);
                GatewayRouter.answer(ctx, Problem.internal());
                return;
              }
              Lines lines = read.result();
              if (lines.results.isEmpty()) {
                slot.release();
                exchange.outcome = "empty";
                GatewayRouter.answer(
                    ctx,
                    new Problem(
                        "empty-body",
                        400,
                        "Empty body",
                        "no activity in the body: send one LeadActivity JSON object per line",
                        null));
                return;
              }
              List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
              for (Line line : lines.results) {
                if (line.activity != null) {
                  line.id = Ids.ingestId();
                  records.add(record(line.activity, line.id, exchange));
                }
              }
              int refused = lines.results.size() - records.size();
              send(
                  ctx,
                  exchange,
                  records,
                  refused,
                  200,
                  () -> summary(exchange.requestId, lines.results, records.size(), refused));
            });
  }

  private ProducerRecord<byte[], byte[]> record(
      LeadActivity activity, String id, Exchange exchange) {
    String topic = settings.topics().activity();
    RecordHeaders headers = new RecordHeaders();
    headers.add(RawHeaders.INGEST_ID, id.getBytes(StandardCharsets.US_ASCII));
    headers.add(RawHeaders.REQUEST_ID, exchange.requestId.getBytes(StandardCharsets.US_ASCII));
    return new ProducerRecord<>(
        topic,
        null,
        exchange.receivedAt.toEpochMilli(),
        activity.leadId().getBytes(StandardCharsets.UTF_8),
        values.serialize(topic, activity),
        headers);
  }

  /** Sends {@code records}, then answers {@code status} with {@code ok} once all are durable. */
  private void send(
      RoutingContext ctx,
      Exchange exchange,
      List<ProducerRecord<byte[], byte[]>> records,
      int refused,
      int status,
      Supplier<Buffer> ok) {
    int total = records.size();
    writes.send(
        ctx,
        records,
        TOPIC_TAG,
        failed -> notDurable(failed, total),
        () -> {
          exchange.outcome = refused == 0 ? "acked" : "acked:" + total + ",refused:" + refused;
          GatewayRouter.json(ctx, status, ok.get());
        });
  }

  private static Problem notDurable(long failed, int total) {
    String what =
        total == 1
            ? "the activity could not be made durable in time and was not accepted"
            : failed
                + " of "
                + total
                + " activities could not be made durable in time; send them again";
    return new Problem(
        "kafka-unavailable",
        503,
        "Service Unavailable",
        what + "; retry after the delay in Retry-After",
        null);
  }

  /** For the access line: which field was at fault, a name of the schema, never a value. */
  private static String refusal(ActivityException e) {
    return e.field() == null ? "invalid" : "invalid:" + e.field();
  }

  private static Buffer accepted(String id) {
    return new JsonObject().put("id", id).toBuffer();
  }

  private static Buffer summary(String requestId, List<Line> lines, int accepted, int refused) {
    JsonArray results = new JsonArray();
    for (Line line : lines) {
      JsonObject json = new JsonObject().put("line", line.number);
      if (line.activity != null) {
        json.put("id", line.id);
      } else {
        Problem problem = Problem.invalidActivity(line.refusal);
        json.put("status", problem.status()).put("type", problem.type());
        if (problem.field() != null) {
          json.put("field", problem.field());
        }
        json.put("detail", problem.detail());
      }
      results.add(json);
    }
    return new JsonObject()
        .put("requestId", requestId)
        .put("lines", lines.size())
        .put("accepted", accepted)
        .put("rejected", refused)
        .put("results", results)
        .toBuffer();
  }

  /** One non-blank line: its activity, or why it was refused; the id once it is sent. */
  private static final class Line {
    final int number;
    final LeadActivity activity;
    final ActivityException refusal;
    String id;

    Line(int number, LeadActivity activity, ActivityException refusal) {
      this.number = number;
      this.activity = activity;
      this.refusal = refusal;
    }
  }

  /** The non-blank lines of an NDJSON body, each read and checked on its own. */
  private record Lines(List<Line> results) {
    static Lines read(byte[] body, Instant receivedAt) {
      List<Line> results = new ArrayList<>();
      int start = 0;
      int number = 0;
      while (start < body.length) {
        int end = start;
        while (end < body.length && body[end] != '\n') {
          end++;
        }
        number++;
        int last = end > start && body[end - 1] == '\r' ? end - 1 : end;
        byte[] line = Arrays.copyOfRange(body, start, last);
        if (!isBlank(line)) {
          try {
            results.add(new Line(number, LeadActivities.parse(line, receivedAt), null));
          } catch (ActivityException e) {
            results.add(new Line(number, null, e));
          }
        }
        start = end + 1;
      }
      return new Lines(results);
    }

    private static boolean isBlank(byte[] line) {
      for (byte b : line) {
        if (b != ' ' && b != '\t') {
          return false;
        }
      }
      return true;
    }
  }
}
