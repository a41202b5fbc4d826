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
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/leads:batch}: NDJSON of Partner Center bodies, written to {@code leads.raw} as
 * the importer writes them ({@link RawRecords}: channel {@code import}, a deterministic ingest id,
 * the line's {@code CreatedTime} as creation time), for tooling that would rather post than run
 * {@code ./leadstream import}. Reading, checking and record building are lead-import's ({@link
 * ImportReader}); this class adds HTTP: the token, the content type, its own body limit and
 * in-flight bound, and an answer only after every good line is acknowledged.
 *
 * <p>Answers: 200 with a result per line ({@code id}, or {@code problem} with the line number; bad
 * lines are not written anywhere) once every good line is durable; 503 + Retry-After when any good
 * line is not, and then the whole batch can be sent again: lines already written keep their ids and
 * the processor ignores them the second time. 400 for a batch that cannot be read at all (empty,
 * not UTF-8); 401; 413; 415.
 */
final class BatchHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BatchHandler.class);

  static final String NDJSON = "application/x-ndjson";

  private static final long WATCHDOG_GRACE_MS = 1000;

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final BatchSettings batch;
  private final LeadProducer producer;
  private final GatewayMetrics metrics;
  private final Tokens tokens;
  private final RawRecords records;
  private final HttpExchange.Shared shared;
  private volatile boolean draining;

  BatchHandler(
      Vertx vertx,
      GatewaySettings settings,
      BatchSettings batch,
      LeadProducer producer,
      GatewayMetrics metrics,
      ImportIds ids) {
    this.vertx = vertx;
    this.settings = settings;
    this.batch = batch;
    this.producer = producer;
    this.metrics = metrics;
    this.tokens = new Tokens(settings.tokens());
    this.records = new RawRecords(ids, settings.topics().raw());
    this.shared = HttpExchange.Shared.of(vertx, settings, metrics, batch.maxInFlight(), false);
  }

  int inFlight() {
    return shared.inFlight().get();
  }

  /** From now on batches get 503, as single leads do (see {@link GatewayHandler#drain()}). */
  void drain() {
    draining = true;
  }

  /** Serves the batch route of this listener and hands every other request to {@code next}. */
  Handler<HttpServerRequest> before(Handler<HttpServerRequest> next, boolean publicListener) {
    boolean separate = settings.managementPort().isPresent();
    return request -> {
      if (Routes.at(request.path(), publicListener, separate).orElse(null) != Routes.BATCH) {
        next.handle(request);
        return;
      }
      HttpExchange exchange = new HttpExchange(request, Routes.BATCH.name(), shared);
      try {
        handle(exchange);
      } catch (RuntimeException e) {
        LOG.error("request {} failed unexpectedly", exchange.requestId, e);
        exchange.problem(Problem.internal());
      }
    };
  }

  private void handle(HttpExchange exchange) {
    HttpServerRequest request = exchange.request;
    if (request.method() != HttpMethod.POST) {
      exchange.response().putHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
      exchange.problem(Problem.methodNotAllowed(HttpMethod.POST.name()));
      return;
    }
    if (!exchange.authorizedBy(tokens)) {
      exchange.response().putHeader("WWW-Authenticate", "Bearer realm=\"leadstream\"");
      exchange.problem(Problem.unauthorized());
      return;
    }
    if (draining) {
      exchange.problem(Problem.shuttingDown());
      return;
    }
    if (!ndjson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      exchange.problem(
          new Problem(
              "unsupported-media-type",
              415,
              "Unsupported Media Type",
              "send " + NDJSON + ": one JSON object per line",
              null));
      return;
    }
    int limit = batch.bodyLimitBytes();
    if (!exchange.admit(exchange.declaredLength(), limit)) {
      return;
    }
    // The same bound on a slow client as for single leads (gateway.request.timeout).
    exchange.readBody(
        Buffer.buffer(),
        limit,
        settings.requestTimeout(),
        null,
        body -> {
          exchange.producing = true;
          exchange.bodyBytes = body.length();
          byte[] bytes = body.getBytes();
          // Reading and hashing thousands of lines is work for a worker, not an event loop.
          vertx
              .executeBlocking(() -> read(bytes, exchange.receivedAt))
              .onComplete(
                  read -> {
                    if (read.failed()) {
                      LOG.error("request {}: reading the batch failed", exchange.requestId);
                      exchange.problem(Problem.internal());
                    } else if (read.result() instanceof ImportFileException e) {
                      exchange.problem(
                          new Problem(
                              "unreadable-batch", 400, "Bad Request", batchMessage(e), null));
                    } else {
                      write(exchange, (ImportFile) read.result());
                    }
                  });
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
  private void write(HttpExchange exchange, ImportFile file) {
    List<ImportedLead> leads = file.leads();
    List<String> ids = new ArrayList<>(leads.size());
    List<CompletableFuture<?>> outcomes = new ArrayList<>(leads.size());
    long sentAt = System.nanoTime();
    long deadline = sentAt + settings.produceTimeout().toNanos();
    for (ImportedLead lead : leads) {
      ProducerRecord<byte[], byte[]> record =
          records.record(lead, exchange.receivedAt, exchange.requestId);
      ids.add(RawRecords.ingestId(record));
      outcomes.add(
          producer
              .send(record, deadline)
              .whenComplete(
                  (metadata, error) ->
                      metrics.produce("raw", error == null, System.nanoTime() - sentAt)));
    }
    long watchdog =
        vertx.setTimer(
            settings.produceTimeout().toMillis() + WATCHDOG_GRACE_MS,
            t -> {
              if (!exchange.answered) {
                exchange.outcome = "no-outcome-in-time";
                exchange.problem(notDurable(leads.size(), leads.size()));
              }
            });
    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .handle(
            (ignored, error) -> {
              long failed = outcomes.stream().filter(f -> f.isCompletedExceptionally()).count();
              exchange.context.runOnContext(
                  v -> {
                    vertx.cancelTimer(watchdog);
                    if (exchange.answered) {
                      return;
                    }
                    if (failed > 0) {
                      exchange.outcome = "not-durable:" + failed + "/" + leads.size();
                      exchange.problem(notDurable(failed, leads.size()));
                    } else {
                      exchange.outcome =
                          "acked:" + leads.size() + ",rejected:" + file.rejections().size();
                      exchange.json(200, summary(exchange.requestId, file, ids));
                    }
                  });
              return null;
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

  static boolean ndjson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.toLowerCase(Locale.ROOT).equals(NDJSON);
  }
}
