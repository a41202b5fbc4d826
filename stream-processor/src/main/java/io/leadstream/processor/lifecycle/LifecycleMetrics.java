package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadStatus;

/** What the lifecycle step reports to metrics; labels never carry personal data. */
public interface LifecycleMetrics {

  /** A lead's status changed from {@code before} (null: newly tracked) to {@code after}. */
  void statusChanged(LeadStatus before, LeadStatus after);

  void alertRaised(LeadAlert alert);

  LifecycleMetrics NONE =
      new LifecycleMetrics() {
        @Override
        public void statusChanged(LeadStatus before, LeadStatus after) {}

        @Override
        public void alertRaised(LeadAlert alert) {}
      };
}
