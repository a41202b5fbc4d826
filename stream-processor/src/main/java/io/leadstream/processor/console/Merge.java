package io.leadstream.processor.console;

import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews.Page;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.WorkItem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Merges the local answers of every instance into one, and tells whether together they cover every
 * partition of every store they read: an answer with a partition missing (an instance that did not
 * answer, a task restoring or moving) is refused rather than given short.
 */
final class Merge {

  /** Soonest deadline first; leads with none after; leadId breaks ties so the order is stable. */
  static final Comparator<WorkItem> SOONEST_FIRST =
      Comparator.comparing(
              WorkItem::dueAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(item -> item.status().leadId());

  /** What is missing from a set of answers. */
  record Gap(String reason, Map<String, Set<Integer>> missing) {}

  /**
   * Empty when the answers together cover every partition of each store any of them read, exactly
   * once; else what is missing. {@code unanswered} names the instances that gave no answer.
   */
  static Optional<Gap> gap(
      List<? extends Page<?>> pages,
      Function<String, OptionalInt> partitionsOf,
      List<String> unanswered) {
    Map<String, Set<Integer>> covered = new TreeMap<>();
    Set<String> twice = new TreeSet<>();
    for (Page<?> page : pages) {
      page.partitions()
          .forEach(
              (store, parts) -> {
                Set<Integer> seen = covered.computeIfAbsent(store, s -> new TreeSet<>());
                for (Integer p : parts) {
                  if (!seen.add(p)) {
                    twice.add(store + " " + p);
                  }
                }
              });
    }
    String silent =
        unanswered.isEmpty() ? "" : " (no answer from " + String.join(", ", unanswered) + ")";
    if (covered.isEmpty()) {
      return Optional.of(new Gap("no instance answered for any partition" + silent, Map.of()));
    }
    if (!twice.isEmpty()) {
      return Optional.of(
          new Gap(
              "partitions answered by two instances at once (a rebalance is under way): "
                  + String.join(", ", twice),
              Map.of()));
    }
    Map<String, Set<Integer>> missing = new TreeMap<>();
    List<String> unknown = new ArrayList<>();
    covered.forEach(
        (store, parts) -> {
          OptionalInt count = partitionsOf.apply(store);
          if (count.isEmpty()) {
            unknown.add(store);
            return;
          }
          for (int p = 0; p < count.getAsInt(); p++) {
            if (!parts.contains(p)) {
              missing.computeIfAbsent(store, s -> new TreeSet<>()).add(p);
            }
          }
        });
    if (!unknown.isEmpty()) {
      return Optional.of(
          new Gap(
              "the partition count of " + String.join(", ", unknown) + " is unknown", Map.of()));
    }
    if (!missing.isEmpty()) {
      StringBuilder reason = new StringBuilder("partitions not answered: ");
      missing.forEach((store, parts) -> reason.append(store).append(' ').append(parts).append(' '));
      return Optional.of(new Gap(reason.toString().trim() + silent, missing));
    }
    return Optional.empty();
  }

  /** The work queue of all instances: soonest first, each lead once, at most {@code limit}. */
  static List<WorkItem> workQueue(List<Page<WorkItem>> pages, int limit) {
    Map<String, WorkItem> byLead = new LinkedHashMap<>();
    pages.stream()
        .flatMap(p -> p.items().stream())
        .sorted(SOONEST_FIRST)
        .forEach(item -> byLead.putIfAbsent(item.status().leadId(), item));
    return byLead.values().stream().limit(limit).toList();
  }

  /** One FunnelDay per day of [from, to], the parts of every instance added up. */
  static List<FunnelDay> funnel(List<Page<FunnelDay>> pages, LocalDate from, LocalDate to) {
    Map<LocalDate, FunnelDay> days = new TreeMap<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.put(day, FunnelDay.empty(day));
    }
    pages.stream()
        .flatMap(p -> p.items().stream())
        .filter(d -> days.containsKey(d.day()))
        .forEach(d -> days.merge(d.day(), d, FunnelDay::plus));
    return List.copyOf(days.values());
  }

  /** The trace entries of every instance, oldest first, each once. */
  static List<TraceEntry> trace(List<Page<TraceEntry>> pages) {
    Set<TraceEntry> entries = new LinkedHashSet<>();
    pages.forEach(p -> entries.addAll(p.items()));
    return entries.stream()
        .sorted(
            Comparator.comparing(
                TraceEntry::at, Comparator.nullsLast(Comparator.<Instant>naturalOrder())))
        .toList();
  }

  private Merge() {}
}
