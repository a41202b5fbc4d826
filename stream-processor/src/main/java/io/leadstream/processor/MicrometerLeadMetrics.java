package io.leadstream.processor;

import io.leadstream.processor.lifecycle.LifecycleMetrics;
import io.leadstream.processor.lifecycle.MicrometerLifecycleMetrics;
import io.leadstream.schemas.LeadEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@link LeadMetrics} as Micrometer counters; tags are codes only, never personal data. */
final class MicrometerLeadMetrics implements LeadMetrics {

  private final MeterRegistry registry;
  private final Counter duplicates;
  private final Counter replays;
  private final LifecycleMetrics lifecycle;

  MicrometerLeadMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.lifecycle = new MicrometerLifecycleMetrics(registry);
    this.duplicates =
        Counter.builder("leadstream.leads.duplicates.dropped")
            .description("Raw leads that added nothing to their customer-offer and were dropped")
            .register(registry);
    this.replays =
        Counter.builder("leadstream.leads.replays.ignored")
            .description("Raw records seen again (same ingest id) and ignored")
            .register(registry);
  }

  @Override
  public void routed(String branch, LeadEvent event) {
    Counter.builder("leadstream.leads.routed")
        .description("Lead events written, by output branch, event type, stage and source")
        .tag("branch", branch)
        .tag("type", event.eventType().name())
        .tag("stage", event.stage().name())
        .tag("source", event.source().code().name())
        .register(registry)
        .increment();
  }

  @Override
  public LifecycleMetrics lifecycle() {
    return lifecycle;
  }

  @Override
  public void duplicateDropped() {
    duplicates.increment();
  }

  @Override
  public void replayIgnored() {
    replays.increment();
  }

  @Override
  public void deadLettered(String reason) {
    Counter.builder("leadstream.leads.dead.letters")
        .description("Raw leads sent to the dead-letter topic, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
