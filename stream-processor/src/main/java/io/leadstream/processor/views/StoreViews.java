package io.leadstream.processor.views;

import io.leadstream.processor.LeadTopology;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.processor.lifecycle.Tracked;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link LocalViews} from the local stores of this instance's active tasks, read partition by
 * partition (the store API on a running KafkaStreams; see {@link KafkaStreamsReader}): {@value
 * ViewsStep#LATEST_STORE} and the lifecycle's {@value LifecycleStep#STORE} for a lead, the
 * lifecycle's {@value LifecycleStep#INDEX} (ordered by due time) for the work queue, {@value
 * ViewsStep#FUNNEL_DAY_STORE} for the funnel and the two trace stores. A partition that cannot be
 * read is left out of a page's partitions; for a single lead it is an error ({@link
 * LocalViews.NotQueryable}). Thread-safe (it keeps no state).
 */
public final class StoreViews implements LocalViews {

  private final StoreReader reader;
  private final boolean lifecycle;

  /**
   * @param lifecycle whether the topology has the lifecycle step ({@code
   *     processor.lifecycle.enabled}); without it, leads have no status and the work queue is empty
   */
  public StoreViews(KafkaStreams streams, boolean lifecycle) {
    this(new KafkaStreamsReader(streams), lifecycle);
  }

  StoreViews(StoreReader reader, boolean lifecycle) {
    this.reader = reader;
    this.lifecycle = lifecycle;
  }

  @Override
  public Optional<LeadView> lead(String leadId) {
    int partition = locate(leadId);
    if (partition < 0) {
      return Optional.empty();
    }
    StoreReader.Read<LeadEvent> event = reader.get(ViewsStep.LATEST_STORE, partition, leadId);
    if (!event.here()) {
      // The lead's partition is not among this instance's readable tasks although it was asked
      // as the owner: the task is being created, restoring (Kafka Streams' state updater keeps
      // restoring tasks out of interactive queries) or moving away. Not knowing is not "unknown".
      throw notQueryable(partition, "not held here now");
    }
    if (event.failure() != null) {
      throw notQueryable(partition, event.failure());
    }
    LeadStatus status = null;
    if (lifecycle) {
      StoreReader.Read<Tracked> tracked = reader.get(LifecycleStep.STORE, partition, leadId);
      if (!tracked.ok()) {
        throw notQueryable(partition, tracked.here() ? tracked.failure() : "moved while read");
      }
      status = tracked.value() == null ? null : tracked.value().status();
    }
    return event.value() == null && status == null
        ? Optional.empty()
        : Optional.of(new LeadView(status, event.value()));
  }

  /**
   * The partition of a lead: from the assignment metadata, or, when that says nothing (no {@code
   * application.server}, a rebalance), the local partition that holds it; -1 when it is not here.
   */
  private int locate(String leadId) {
    int partition = reader.partitionOf(ViewsStep.LATEST_STORE, leadId);
    if (partition >= 0) {
      return partition;
    }
    boolean failed = false;
    List<String> stores =
        lifecycle
            ? List.of(ViewsStep.LATEST_STORE, LifecycleStep.STORE)
            : List.of(ViewsStep.LATEST_STORE);
    for (String store : stores) {
      for (Map.Entry<Integer, StoreReader.Read<Object>> e :
          reader.getAll(store, leadId).entrySet()) {
        if (!e.getValue().ok()) {
          failed = true;
        } else if (e.getValue().value() != null) {
          return e.getKey();
        }
      }
    }
    if (failed) {
      throw new NotQueryable("a partition of this instance that may hold it cannot be read now");
    }
    return -1;
  }

  private static NotQueryable notQueryable(int partition, String why) {
    return new NotQueryable("partition " + partition + " cannot be read now (" + why + ")");
  }

  /**
   * Per partition: the deadline index in order (the lifecycle's next due time of each lead), each
   * lead read from the lifecycle store and kept when it matches, up to {@code limit}; then, if the
   * filter can match leads with nothing pending (any state but OPEN, which always has a deadline),
   * those. The page is sorted by {@code dueAt} (the follow-up deadline of an OPEN lead, the next
   * cadence step of a NURTURING one), leads without one last. The index orders an overdue lead by
   * its expiry, which follows its deadline unless an activity moved it.
   */
  @Override
  public Page<WorkItem> workQueue(WorkQueueFilter filter, int limit) {
    if (!lifecycle || limit <= 0) {
      return new Page<>(List.of(), Map.of());
    }
    List<WorkItem> items = new ArrayList<>();
    Set<Integer> read = new TreeSet<>();
    Map<Integer, StoreReader.Read<KeyValueIterator<String, String>>> indexes =
        reader.range(LifecycleStep.INDEX, null, null);
    for (Map.Entry<Integer, StoreReader.Read<KeyValueIterator<String, String>>> e :
        indexes.entrySet()) {
      int partition = e.getKey();
      StoreReader.Read<KeyValueIterator<String, String>> index = e.getValue();
      if (!index.ok()) {
        continue;
      }
      List<WorkItem> found = new ArrayList<>();
      boolean ok = scanIndex(partition, index.value(), filter, limit, found);
      if (ok && found.size() < limit && mayBeUnindexed(filter)) {
        ok = scanUnindexed(partition, filter, limit, found);
      }
      if (ok) {
        items.addAll(found);
        read.add(partition);
      }
    }
    items.sort(
        Comparator.comparing(WorkItem::dueAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(item -> item.status().leadId()));
    List<WorkItem> page = items.size() > limit ? items.subList(0, limit) : items;
    return new Page<>(
        page, Map.of(LifecycleStep.INDEX, read, LifecycleStep.STORE, Set.copyOf(read)));
  }

  private boolean scanIndex(
      int partition,
      KeyValueIterator<String, String> index,
      WorkQueueFilter filter,
      int limit,
      List<WorkItem> found) {
    try (index) {
      while (index.hasNext() && found.size() < limit) {
        KeyValue<String, String> entry = index.next();
        StoreReader.Read<Tracked> tracked = reader.get(LifecycleStep.STORE, partition, entry.value);
        if (!tracked.ok()) {
          return false;
        }
        Tracked t = tracked.value();
        if (t == null || t.status() == null || !Objects.equals(t.indexedAt(), dueOf(entry.key))) {
          continue; // pending activities only, or an entry the lifecycle is about to clean up
        }
        if (matches(t.status(), filter)) {
          found.add(item(t.status()));
        }
      }
    }
    return true;
  }

  private boolean scanUnindexed(
      int partition, WorkQueueFilter filter, int limit, List<WorkItem> found) {
    StoreReader.Read<KeyValueIterator<String, Tracked>> all =
        reader.<Tracked>range(LifecycleStep.STORE, null, null).get(partition);
    if (all == null || !all.ok()) {
      return false;
    }
    try (KeyValueIterator<String, Tracked> it = all.value()) {
      while (it.hasNext() && found.size() < limit) {
        Tracked t = it.next().value;
        if (t != null
            && t.status() != null
            && t.indexedAt() == null
            && matches(t.status(), filter)) {
          found.add(item(t.status()));
        }
      }
    }
    return true;
  }

  private static boolean mayBeUnindexed(WorkQueueFilter filter) {
    return !filter.overdueOnly() && filter.state() != LeadState.OPEN;
  }

  private static Long dueOf(String indexKey) {
    int colon = indexKey.indexOf(':');
    try {
      return colon < 0 ? null : Long.parseLong(indexKey.substring(0, colon));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean matches(LeadStatus status, WorkQueueFilter filter) {
    return (filter.state() == null || status.state() == filter.state())
        && (!filter.overdueOnly() || LifecycleStep.overdue(status))
        && (filter.owner() == null || filter.owner().equals(status.owner()))
        && (filter.offer() == null
            || filter.offer().equals(LeadTopology.catalogKey(status.offer())));
  }

  private static WorkItem item(LeadStatus status) {
    Instant dueAt =
        switch (status.state()) {
          case OPEN -> status.followUpBy();
          case NURTURING -> status.nextTouchAt();
          default -> null;
        };
    return new WorkItem(status, dueAt, LifecycleStep.overdue(status));
  }

  @Override
  public Page<FunnelDay> funnel(FunnelFilter filter) {
    Map<LocalDate, FunnelDay> days = new TreeMap<>();
    Set<Integer> read = new TreeSet<>();
    Map<Integer, StoreReader.Read<KeyValueIterator<String, FunnelDay>>> parts =
        reader.range(
            ViewsStep.FUNNEL_DAY_STORE,
            FunnelLead.firstKeyOf(filter.from()),
            FunnelLead.lastKeyOf(filter.to()));
    for (Map.Entry<Integer, StoreReader.Read<KeyValueIterator<String, FunnelDay>>> e :
        parts.entrySet()) {
      if (!e.getValue().ok()) {
        continue;
      }
      Map<LocalDate, FunnelDay> partition = new TreeMap<>();
      try (KeyValueIterator<String, FunnelDay> it = e.getValue().value()) {
        while (it.hasNext()) {
          KeyValue<String, FunnelDay> part = it.next();
          String[] key = FunnelLead.parts(part.key);
          if ((filter.source() == null || filter.source().equals(key[1]))
              && (filter.offer() == null || filter.offer().equals(key[2]))) {
            partition.merge(part.value.day(), part.value, FunnelDay::plus);
          }
        }
      }
      partition.forEach((day, figures) -> days.merge(day, figures, FunnelDay::plus));
      read.add(e.getKey());
    }
    return new Page<>(List.copyOf(days.values()), Map.of(ViewsStep.FUNNEL_DAY_STORE, read));
  }

  @Override
  public Page<TraceEntry> trace(String ingestId) {
    List<TraceEntry> entries = new ArrayList<>();
    Map<String, Set<Integer>> partitions = new TreeMap<>();
    for (String store : List.of(ViewsStep.TRACE_STORE, ViewsStep.DLQ_TRACE_STORE)) {
      Set<Integer> read = new HashSet<>();
      Map<Integer, StoreReader.Read<WindowStoreIterator<TraceEntry>>> found =
          reader.fetch(store, ingestId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE));
      for (Map.Entry<Integer, StoreReader.Read<WindowStoreIterator<TraceEntry>>> e :
          found.entrySet()) {
        if (!e.getValue().ok()) {
          continue;
        }
        try (WindowStoreIterator<TraceEntry> it = e.getValue().value()) {
          it.forEachRemaining(kv -> entries.add(kv.value));
        }
        read.add(e.getKey());
      }
      partitions.put(store, read);
    }
    entries.sort(
        Comparator.comparing(TraceEntry::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new Page<>(entries, partitions);
  }
}
