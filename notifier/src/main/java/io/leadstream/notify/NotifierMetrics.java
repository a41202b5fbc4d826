package io.leadstream.notify;

import io.leadstream.schemas.LeadAlert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code leadstream_notifications_total{channel, outcome}} (delivered, retried, rejected,
 * unreadable) and {@code leadstream_notification_delay_seconds{channel}}: from when the alert was
 * raised to when the channel accepted it. Labels are the channel and the outcome, nothing else.
 */
final class NotifierMetrics {

  private final MeterRegistry registry;

  NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void delivered(Channel channel, String outcome) {
    Counter.builder("leadstream.notifications")
        .description("Alert deliveries by channel and outcome")
        .tag("channel", channel.code())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void latency(Channel channel, LeadAlert alert) {
    if (alert.raisedAt() == null) {
      return;
    }
    Duration delay = Duration.between(alert.raisedAt(), Instant.now());
    Timer.builder("leadstream.notification.delay")
        .description("From an alert being raised to its channel accepting it")
        .tag("channel", channel.code())
        .register(registry)
        .record(delay.isNegative() ? Duration.ZERO : delay);
  }
}
