package io.leadstream.processor.console;

import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Views of a processor whose topology has no console stores: every question is unanswerable (a lead
 * is {@link NotQueryable}, a page covers no partition), so the console says 503 rather than giving
 * an empty answer that would look true.
 */
public final class NoViews implements LocalViews {

  @Override
  public Optional<LeadView> lead(String leadId) {
    throw new NotQueryable("this processor has no console stores");
  }

  @Override
  public Page<WorkItem> workQueue(WorkQueueFilter filter, int limit) {
    return new Page<>(List.of(), Map.of());
  }

  @Override
  public Page<FunnelDay> funnel(FunnelFilter filter) {
    return new Page<>(List.of(), Map.of());
  }

  @Override
  public Page<TraceEntry> trace(String ingestId) {
    return new Page<>(List.of(), Map.of());
  }
}
