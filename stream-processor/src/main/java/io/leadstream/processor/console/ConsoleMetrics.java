package io.leadstream.processor.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The console's meters on the processor's registry: {@code leadstream.console.requests} (a timer)
 * tagged by route name, status and scope ({@code public} for a caller, {@code local} for another
 * instance's gathering call). Nothing from a request is a tag.
 */
final class ConsoleMetrics {

  private final MeterRegistry registry;

  ConsoleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void request(String route, int status, boolean local, long nanos) {
    Timer.builder("leadstream.console.requests")
        .description("Console HTTP requests by route, status and scope")
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .tag("scope", local ? "local" : "public")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
