package io.leadstream.processor.console;

import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** One instance's answers, set by the test: what its stores would hold, and which partitions. */
final class FakeViews implements LocalViews {

  final Map<String, LeadView> leads = new HashMap<>();
  final List<WorkItem> queue = new ArrayList<>();
  final List<FunnelDay> days = new ArrayList<>();
  final List<TraceEntry> traces = new ArrayList<>();
  volatile Map<String, Set<Integer>> partitions;
  volatile String notQueryable;
  final AtomicReference<WorkQueueFilter> lastFilter = new AtomicReference<>();
  final AtomicReference<FunnelFilter> lastFunnel = new AtomicReference<>();

  FakeViews(Map<String, Set<Integer>> partitions) {
    this.partitions = partitions;
  }

  @Override
  public Optional<LeadView> lead(String leadId) {
    if (notQueryable != null) {
      throw new NotQueryable(notQueryable);
    }
    return Optional.ofNullable(leads.get(leadId));
  }

  @Override
  public Page<WorkItem> workQueue(WorkQueueFilter filter, int limit) {
    lastFilter.set(filter);
    return new Page<>(queue.stream().sorted(Merge.SOONEST_FIRST).limit(limit).toList(), partitions);
  }

  @Override
  public Page<FunnelDay> funnel(FunnelFilter filter) {
    lastFunnel.set(filter);
    return new Page<>(
        days.stream()
            .filter(d -> !d.day().isBefore(filter.from()) && !d.day().isAfter(filter.to()))
            .toList(),
        partitions);
  }

  @Override
  public Page<TraceEntry> trace(String ingestId) {
    return new Page<>(
        traces.stream().filter(t -> t.ingestId().equals(ingestId)).toList(), partitions);
  }
}
