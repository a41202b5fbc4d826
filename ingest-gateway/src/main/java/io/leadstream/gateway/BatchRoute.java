package io.leadstream.gateway;

import io.leadstream.imports.ImportFile;
import io.leadstream.imports.ImportFileException;
import io.leadstream.imports.ImportFormat;
import io.leadstream.imports.ImportIds;
import io.leadstream.imports.ImportOptions;
import io.leadstream.imports.ImportReader;
import io.leadstream.imports.ImportedLead;
import io.leadstream.imports.RawRecords;
import io.leadstream.imports.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/leads:batch}: NDJSON of Partner Center bodies, written to {@code leads.raw} as
 * the importer writes them ({@link RawRecords}: channel {@code import}, a deterministic ingest id,
 * the line's {@code CreatedTime} as creation time), for tooling that would rather post than run
 * {@code ./leadstream import}. Reading, checking and record building are lead-import's ({@link
 * ImportReader}); the checks before (token, content type, its own body limit and in-flight bound)
 * are {@link WriteRoute}'s, as for single leads; this class writes and answers only after every
 * good line is acknowledged.
 *
 * <p>Answers: 200 with a result per line ({@code id}, or {@code problem} with the line number; bad
 * lines are not written anywhere) once every good line is durable; 503 + Retry-After when any good
 * line is not, and then the whole batch can be sent again: lines already written keep their ids and
 * the processor ignores them the second time. 400 for a batch that cannot be read at all (empty,
 * not UTF-8); 401; 413; 415.
 */
final class BatchRoute {

  private static final Logger LOG = LoggerFactory.getLogger(BatchRoute.class);

  private final Vertx vertx;
  private final DurableWrite writes;
  private final RawRecords records;

  BatchRoute(Vertx vertx, GatewaySettings settings, DurableWrite writes, ImportIds ids) {
    this.vertx = vertx;
    this.writes = writes;
    this.records = new RawRecords(ids, settings.topics().raw());
  }

  /** The write step, after {@link WriteRoute}'s checks: read the lines, write the good ones. */
  void write(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    byte[] bytes = WriteRoute.body(ctx).getBytes();
    InFlight.Slot slot = WriteRoute.slot(ctx);
    slot.hold();
    // Reading and hashing thousands of lines is work for a worker, not an event loop.
    vertx
        .executeBlocking(() -> read(bytes, exchange.receivedAt))
        .onComplete(
            read -> {
              if (read.failed()) {
                slot.release();
                LOG.error("request {}: reading the batch failed", exchange.requestId, read.cause());
                GatewayRouter.answer(ctx, Problem.internal());
              } else if (read.result() instanceof ImportFileException e) {
                slot.release();
                GatewayRouter.answer(
                    ctx,
                    new Problem("unreadable-batch", 400, "Bad Request", batchMessage(e), null));
              } else {
                write(ctx, exchange, (ImportFile) read.result());
              }
            });
  }

  /** The batch's leads and rejections, or the reason it cannot be read at all. */
  private static Object read(byte[] bytes, Instant receivedAt) {
    try {
      return ImportReader.read(
          bytes, ImportOptions.defaults().withFormat(ImportFormat.NDJSON), receivedAt);
    } catch (ImportFileException e) {
      return e;
    }
  }

  private static String batchMessage(ImportFileException e) {
    return e.getMessage().replace("the file", "the batch");
  }

  /** Writes every good line, then answers once all outcomes are known (or the bound passed). */
  private void write(RoutingContext ctx, Exchange exchange, ImportFile file) {
    List<ImportedLead> leads = file.leads();
    List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>(leads.size());
    List<String> ids = new ArrayList<>(leads.size());
    for (ImportedLead lead : leads) {
      ProducerRecord<byte[], byte[]> record =
          records.record(lead, exchange.receivedAt, exchange.requestId);
      ids.add(RawRecords.ingestId(record));
      batch.add(record);
    }
    writes.send(
        ctx,
        batch,
        "raw",
        failed -> notDurable(failed, leads.size()),
        () -> {
          exchange.outcome = "acked:" + leads.size() + ",rejected:" + file.rejections().size();
          GatewayRouter.json(ctx, 200, summary(exchange.requestId, file, ids));
        });
  }

  private static Problem notDurable(long failed, int total) {
    return new Problem(
        "kafka-unavailable",
        503,
        "Service Unavailable",
        failed
            + " of "
            + total
            + " leads could not be made durable in time; send the whole batch again after the"
            + " delay in Retry-After: leads already written keep their ids and are not processed"
            + " twice",
        null);
  }

  private static Buffer summary(String requestId, ImportFile file, List<String> ids) {
    record Line(int line, JsonObject json) {}
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < file.leads().size(); i++) {
      int line = file.leads().get(i).row();
      lines.add(new Line(line, new JsonObject().put("line", line).put("id", ids.get(i))));
    }
    for (Rejection rejection : file.rejections()) {
      JsonObject json = new JsonObject().put("line", rejection.row());
      if (rejection.column() != null) {
        json.put("property", rejection.column());
      }
      json.put("problem", rejection.reason());
      lines.add(new Line(rejection.row(), json));
    }
    lines.sort(Comparator.comparingInt(Line::line));
    JsonArray results = new JsonArray();
    lines.forEach(l -> results.add(l.json()));
    return new JsonObject()
        .put("requestId", requestId)
        .put("lines", file.rowsRead())
        .put("accepted", file.leads().size())
        .put("rejected", file.rejections().size())
        .put("results", results)
        .toBuffer();
  }
}
