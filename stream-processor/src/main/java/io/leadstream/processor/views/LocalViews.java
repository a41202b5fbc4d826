package io.leadstream.processor.views;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one processor instance can answer from the state stores of its own active tasks: the
 * contract between the topology's views (stores filled by the console steps) and the console's HTTP
 * API, which routes a key to the instance that owns it and gathers lists and aggregates from every
 * instance.
 *
 * <p>Every gathered answer names the partitions it covers, so that whoever merges the answers of
 * all instances can tell a complete answer from one with a partition missing (rebalancing,
 * restoring) and say 503 instead of giving a wrong answer.
 */
public interface LocalViews {

  /**
   * One lead, when one of this instance's active tasks owns its key; empty when it holds no such
   * lead.
   *
   * @throws NotQueryable when the lead's partition cannot be read here now (restoring, or its task
   *     not yet or no longer here while the assignment moves)
   */
  Optional<LeadView> lead(String leadId);

  /** This instance's part of the work queue: matching leads, soonest due first, at most limit. */
  Page<WorkItem> workQueue(WorkQueueFilter filter, int limit);

  /** This instance's part of the funnel: one entry per day in [from, to] that has any lead. */
  Page<FunnelDay> funnel(FunnelFilter filter);

  /** What this instance's stores know of where one received record went. */
  Page<TraceEntry> trace(String ingestId);

  /** A lead's status (null for a test lead, which is never tracked) and its latest event. */
  record LeadView(LeadStatus status, LeadEvent event) {}

  /**
   * One local answer and what it covers.
   *
   * @param items the answer's entries
   * @param partitions per store name, the partitions whose stores this answer read
   */
  record Page<T>(List<T> items, Map<String, Set<Integer>> partitions) {
    public Page {
      items = List.copyOf(items);
      partitions = Map.copyOf(partitions);
    }
  }

  /**
   * A work-queue filter; null fields match everything.
   *
   * @param state the lead's state (the queue's default is OPEN)
   * @param overdueOnly only leads whose follow-up deadline has passed
   * @param owner the owner id
   * @param offer the offer key as in the catalog ({@code publisherId.offerId})
   */
  record WorkQueueFilter(LeadState state, boolean overdueOnly, String owner, String offer) {}

  /**
   * One lead of the work queue (no contact data).
   *
   * @param dueAt its next deadline (follow-up or nurture step), null when none is pending
   * @param overdue its follow-up deadline has passed and it was not contacted
   */
  record WorkItem(LeadStatus status, Instant dueAt, boolean overdue) {}

  /**
   * A funnel filter over the day a lead was first seen (UTC); null offer or source match all.
   *
   * @param offer the offer key as in the catalog ({@code publisherId.offerId})
   * @param source the source code (e.g. {@code AZURE_MARKETPLACE})
   */
  record FunnelFilter(LocalDate from, LocalDate to, String offer, String source) {}

  /**
   * Where one received record went.
   *
   * @param outcome ROUTED (then {@code topic} and {@code leadId}), DUPLICATE or REPLAY (then the
   *     {@code leadId} it was merged into or ignored for), DEAD_LETTER (then {@code topic}, {@code
   *     reason} and {@code stage})
   */
  record TraceEntry(
      String ingestId,
      Instant at,
      TraceOutcome outcome,
      String leadId,
      String topic,
      String reason,
      String stage) {}

  /** What became of a received record. */
  enum TraceOutcome {
    ROUTED,
    DUPLICATE,
    REPLAY,
    DEAD_LETTER
  }

  /** A store partition this instance owns cannot be read now (rebalancing or restoring). */
  final class NotQueryable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotQueryable(String reason) {
      super(reason);
    }
  }
}
