package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lifecycle's metrics: {@code leadstream_lifecycle_leads{state}} (tracked leads by state, and
 * {@code state="OVERDUE"} for open leads past their deadline, on this instance), {@code
 * leadstream_lifecycle_alerts_total{type}}, {@code leadstream_lifecycle_followups_total{outcome =
 * met | missed}}, {@code leadstream_lifecycle_sla_met_ratio} and {@code
 * leadstream_lifecycle_time_to_first_contact_seconds} (a histogram). Labels are codes only.
 */
public final class MicrometerLifecycleMetrics implements LifecycleMetrics {

  private final MeterRegistry registry;
  private final Map<String, Map<String, Long>> byTask = new ConcurrentHashMap<>();
  private final Counter met;
  private final Counter missed;
  private final Timer timeToFirstContact;

  public MicrometerLifecycleMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.met = followups("met");
    this.missed = followups("missed");
    Gauge.builder(
            "leadstream.lifecycle.sla.met.ratio",
            this,
            m -> {
              double total = m.met.count() + m.missed.count();
              return total == 0 ? Double.NaN : m.met.count() / total;
            })
        .description("Share of qualified leads first contacted by their deadline (since start)")
        .register(registry);
    this.timeToFirstContact =
        Timer.builder("leadstream.lifecycle.time.to.first.contact")
            .description("From a lead qualifying (or being first seen) to its first contact")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMinutes(1))
            .maximumExpectedValue(Duration.ofDays(30))
            .register(registry);
    for (LeadState state : LeadState.values()) {
      gauge(state.name());
    }
    gauge(LifecycleProcessor.OVERDUE);
  }

  private Counter followups(String outcome) {
    return Counter.builder("leadstream.lifecycle.followups")
        .description("Qualified leads whose follow-up clock ended, by whether the SLA was met")
        .tag("outcome", outcome)
        .register(registry);
  }

  private void gauge(String key) {
    Gauge.builder(
            "leadstream.lifecycle.leads",
            byTask,
            tasks ->
                tasks.values().stream().mapToLong(counts -> counts.getOrDefault(key, 0L)).sum())
        .description("Tracked leads by lifecycle state on this instance (OVERDUE: open, past due)")
        .tag("state", key)
        .register(registry);
  }

  @Override
  public void statusChanged(LeadStatus before, LeadStatus after) {
    boolean slaDecided = after.slaMet() != null && (before == null || before.slaMet() == null);
    if (slaDecided) {
      (after.slaMet() ? met : missed).increment();
    }
    boolean firstContact =
        after.firstContactAt() != null && (before == null || before.firstContactAt() == null);
    if (firstContact) {
      Instant from = after.qualifiedAt() != null ? after.qualifiedAt() : after.firstSeenAt();
      if (from != null && !after.firstContactAt().isBefore(from)) {
        timeToFirstContact.record(Duration.between(from, after.firstContactAt()));
      }
    }
  }

  @Override
  public void alertRaised(LeadAlert alert) {
    Counter.builder("leadstream.lifecycle.alerts")
        .description("Lifecycle alerts raised, by type")
        .tag("type", alert.type().name())
        .register(registry)
        .increment();
  }

  @Override
  public void tracked(String task, Map<String, Long> counts) {
    byTask.put(task, Map.copyOf(counts));
  }

  @Override
  public void taskClosed(String task) {
    byTask.remove(task);
  }
}
