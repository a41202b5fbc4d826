package io.leadstream.gateway;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The gateway's meters, one registry per gateway instance, scraped at {@code /metrics}. Tags are
 * only route, status, topic (logical name) and outcome: never anything from a request.
 */
final class GatewayMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final DistributionSummary bodyBytes;
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> produceTimers = new ConcurrentHashMap<>();

  GatewayMetrics(IntSupplier inFlight) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("leadstream.gateway.in.flight", inFlight::getAsInt)
        .description("Requests reading a body or awaiting the brokers")
        .register(registry);
    bodyBytes =
        DistributionSummary.builder("leadstream.gateway.request.body")
            .description("Bytes of lead bodies received")
            .baseUnit("bytes")
            .register(registry);
  }

  /** One finished request: answer status and time from headers received to answer written. */
  void request(String route, int status, long nanos) {
    requestTimers
        .computeIfAbsent(route + ' ' + status, k -> requestTimer(route, status))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer requestTimer(String route, int status) {
    return Timer.builder("leadstream.gateway.requests")
        .description("HTTP requests by route and status")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry);
  }

  /** One produce: from handing the record over to the producer's outcome. */
  void produce(String topic, boolean acked, long nanos) {
    produceTimers
        .computeIfAbsent(topic + ' ' + acked, k -> produceTimer(topic, acked))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer produceTimer(String topic, boolean acked) {
    return Timer.builder("leadstream.gateway.produce")
        .description("Time from send to the brokers' acknowledgement (acks=all) or failure")
        .tag("topic", topic)
        .tag("outcome", acked ? "acked" : "failed")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  void bodyBytes(int bytes) {
    bodyBytes.record(bytes);
  }

  String scrape() {
    return registry.scrape();
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
