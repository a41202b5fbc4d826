package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadStatus;
import java.util.Map;

/** What the lifecycle step reports to metrics; labels never carry personal data. */
public interface LifecycleMetrics {

  /** A lead's status changed from {@code before} (null: newly tracked) to {@code after}. */
  void statusChanged(LeadStatus before, LeadStatus after);

  void alertRaised(LeadAlert alert);

  /**
   * How many leads one task tracks, by {@link LifecycleProcessor#countKey count key} (a state name,
   * or {@code OVERDUE}); replaces that task's previous figures.
   */
  void tracked(String task, Map<String, Long> counts);

  /** The task is gone from this instance (closed, or moved by a rebalance). */
  void taskClosed(String task);

  LifecycleMetrics NONE =
      new LifecycleMetrics() {
        @Override
        public void statusChanged(LeadStatus before, LeadStatus after) {}

        @Override
        public void alertRaised(LeadAlert alert) {}

        @Override
        public void tracked(String task, Map<String, Long> counts) {}

        @Override
        public void taskClosed(String task) {}
      };
}
