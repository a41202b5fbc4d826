package io.leadstream.processor;

import io.leadstream.processor.lifecycle.LifecycleMetrics;
import io.leadstream.schemas.LeadEvent;

/**
 * What the topology counts. The runtime backs it with Micrometer; tests use {@link #NONE} or a
 * recording implementation. Labels are codes only, never personal data.
 */
public interface LeadMetrics {

  /** A lead event was routed to {@code branch} (qualified, nurture, dnc, test). */
  void routed(String branch, LeadEvent event);

  /** A raw lead added nothing to what was already emitted for its customer-offer. */
  void duplicateDropped();

  /** A raw record already counted (same ingest id) came again and was ignored. */
  void replayIgnored();

  /** A raw record went to the dead-letter topic for {@code reason}. */
  void deadLettered(String reason);

  /** The lifecycle step's metrics. */
  default LifecycleMetrics lifecycle() {
    return LifecycleMetrics.NONE;
  }

  /** Counts nothing. */
  LeadMetrics NONE =
      new LeadMetrics() {
        @Override
        public void routed(String branch, LeadEvent event) {}

        @Override
        public void duplicateDropped() {}

        @Override
        public void replayIgnored() {}

        @Override
        public void deadLettered(String reason) {}
      };
}
