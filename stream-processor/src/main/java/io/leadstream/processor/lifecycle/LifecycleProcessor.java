package io.leadstream.processor.lifecycle;

import io.leadstream.processor.Route;
import io.leadstream.processor.StorePriming;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lifecycle step: keeps one {@link Tracked} per lead in {@value LifecycleStep#STORE}, indexed
 * by its next due time in {@value LifecycleStep#INDEX}, and forwards a {@link LeadChange} for every
 * input (a routed event with the status it produced, or a new status) and a LeadAlert whenever one
 * is raised. The rules are {@link Lifecycle}'s.
 *
 * <p>Time: deadlines follow the wall clock. A {@code WALL_CLOCK_TIME} punctuator runs every {@code
 * punctuate.interval} and scans the index only from its start to now (keys are the zero-padded due
 * time, then the leadId), so its cost is the number of leads due, not the number tracked. Inputs
 * are judged at the wall-clock time they are processed, too. Exactly-once: the stores' changelogs
 * and the outputs are written in the task's transaction, so after a crash the work since the last
 * commit is redone from the same state and each alert (with its deterministic id) is committed
 * once.
 */
final class LifecycleProcessor
    implements Processor<String, LifecycleInput, String, LifecycleOutput> {

  /** The count key of open leads past their deadline (beside one per state). */
  static final String OVERDUE = "OVERDUE";

  /** At most this many due leads per punctuation; the rest are taken at the next one. */
  static final int MAX_DUE_PER_PUNCTUATION = 10_000;

  private final Lifecycle lifecycle;
  private final LifecycleSettings settings;
  private final LifecycleMetrics metrics;
  private ProcessorContext<String, LifecycleOutput> context;
  private KeyValueStore<String, Tracked> leads;
  private KeyValueStore<String, String> index;
  private KeyValueStore<String, Long> counts;
  private final Map<String, Long> countCache = new HashMap<>();
  private String task;

  LifecycleProcessor(LifecycleSettings settings, LifecycleMetrics metrics) {
    this.lifecycle = new Lifecycle(settings);
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, LifecycleOutput> context) {
    this.context = context;
    this.leads = context.getStateStore(LifecycleStep.STORE);
    this.index = context.getStateStore(LifecycleStep.INDEX);
    this.counts = context.getStateStore(LifecycleStep.COUNTS);
    StorePriming.schedule(context, LifecycleStep.STORE, LifecycleStep.INDEX, LifecycleStep.COUNTS);
    this.task = context.taskId().toString();
    try (KeyValueIterator<String, Long> all = counts.all()) {
      all.forEachRemaining(kv -> countCache.put(kv.key, kv.value));
    }
    metrics.tracked(task, countCache);
    context.schedule(
        settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, LifecycleInput> record) {
    String leadId = record.key();
    LifecycleInput input = record.value();
    if (leadId == null || input == null) {
      return;
    }
    if (input.branch() == Route.TEST) {
      // Never tracked, but passed on: a lead that turns out to be a test leaves the funnel.
      context.forward(
          new Record<>(leadId, LifecycleOutput.of(input.event(), null), record.timestamp()));
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Tracked tracked = leads.get(leadId);
    Lifecycle.Result result =
        input.event() != null
            ? lifecycle.onEvent(leadId, tracked, input.event(), input.branch(), now)
            : lifecycle.onActivity(leadId, tracked, input.activity(), now);
    save(leadId, tracked, input.event(), result, record.timestamp());
  }

  /** Raises what has fallen due; {@code timestamp} is the wall-clock time. */
  void punctuate(long timestamp) {
    Instant now = Instant.ofEpochMilli(timestamp);
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        index.range(null, LifecycleStep.indexUpTo(timestamp))) {
      while (it.hasNext() && due.size() < MAX_DUE_PER_PUNCTUATION) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, String> entry : due) {
      String leadId = entry.value;
      Tracked tracked = leads.get(leadId);
      if (tracked == null || !entry.key.equals(indexKeyOf(tracked, leadId))) {
        index.delete(entry.key); // left over from a state that moved on
        continue;
      }
      save(leadId, tracked, null, lifecycle.onDue(leadId, tracked, now), timestamp);
    }
  }

  /**
   * Stores what {@code result} made of the lead and forwards it: the change (the routed {@code
   * event}, if one caused it, with the new status, if any), then the alerts.
   */
  private void save(
      String leadId, Tracked before, LeadEvent event, Lifecycle.Result result, long timestamp) {
    Tracked next = result.next();
    String oldKey = before == null ? null : indexKeyOf(before, leadId);
    if (next == null) {
      leads.delete(leadId);
      if (oldKey != null) {
        index.delete(oldKey);
      }
      return;
    }
    Lifecycle.Due due = lifecycle.nextDue(next);
    Long dueAt = due == null ? null : Math.max(0, due.at().toEpochMilli());
    next = next.withIndexedAt(dueAt);
    String newKey = indexKeyOf(next, leadId);
    if (oldKey != null && !oldKey.equals(newKey)) {
      index.delete(oldKey);
    }
    if (newKey != null && !newKey.equals(oldKey)) {
      index.put(newKey, leadId);
    }
    if (!next.equals(before)) {
      leads.put(leadId, next);
    }
    if (event != null || result.status() != null) {
      context.forward(new Record<>(leadId, LifecycleOutput.of(event, result.status()), timestamp));
    }
    if (result.status() != null) {
      LeadStatus previous = before == null ? null : before.status();
      metrics.statusChanged(previous, result.status());
      count(previous, result.status());
    }
    for (LeadAlert alert : result.alerts()) {
      context.forward(new Record<>(leadId, LifecycleOutput.of(alert), timestamp));
      metrics.alertRaised(alert);
    }
  }

  /**
   * Keeps {@value LifecycleStep#COUNTS} (tracked leads by state, and OVERDUE) in step with each
   * status change, in the same transaction, so the figures survive restarts and rebalances without
   * a scan of every lead.
   */
  private void count(LeadStatus before, LeadStatus after) {
    String from = before == null ? null : before.state().name();
    String to = after.state().name();
    boolean changed = false;
    if (!to.equals(from)) {
      add(from, -1);
      add(to, 1);
      changed = true;
    }
    boolean wasOverdue = overdue(before);
    boolean isOverdue = overdue(after);
    if (wasOverdue != isOverdue) {
      add(OVERDUE, isOverdue ? 1 : -1);
      changed = true;
    }
    if (changed) {
      metrics.tracked(task, countCache);
    }
  }

  private void add(String key, long delta) {
    if (key == null) {
      return;
    }
    long value = Math.max(0, countCache.getOrDefault(key, 0L) + delta);
    countCache.put(key, value);
    counts.put(key, value);
  }

  /** An open lead whose status was last written at or after its deadline: it is overdue. */
  static boolean overdue(LeadStatus status) {
    return status != null
        && status.state() == LeadState.OPEN
        && status.followUpBy() != null
        && status.updatedAt() != null
        && !status.updatedAt().isBefore(status.followUpBy());
  }

  @Override
  public void close() {
    metrics.taskClosed(task);
  }

  private static String indexKeyOf(Tracked tracked, String leadId) {
    return tracked.indexedAt() == null ? null : LifecycleStep.indexKey(tracked.indexedAt(), leadId);
  }
}
