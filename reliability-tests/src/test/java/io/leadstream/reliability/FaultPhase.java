package io.leadstream.reliability;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One fault injected under load: when it began ({@code begin}, the signal sent), when it was healed
 * ({@code healed}: the process restarted or resumed) and when its phase ended; its figures are the
 * answers to the requests that started within the phase.
 */
record FaultPhase(String name, long begin, long healed, long end) {

  /** The answers to requests that started during this phase. */
  List<LoadGenerator.Answer> answers(Collection<LoadGenerator.Answer> all) {
    return all.stream().filter(a -> a.startNanos() >= begin && a.startNanos() < end).toList();
  }

  /** The longest time any request of the phase waited for its answer (or for its failure), ms. */
  long longestAnswerMillis(Collection<LoadGenerator.Answer> all) {
    return answers(all).stream().mapToLong(a -> a.endNanos() - a.startNanos()).max().orElse(0)
        / 1_000_000;
  }

  /**
   * From the fault until the gateway acknowledged every lead again: the end of the phase's last
   * answer that was neither 202 nor 400 (0 when there was none), ms after the fault began.
   */
  long recoveryMillis(Collection<LoadGenerator.Answer> all) {
    return answers(all).stream()
            .filter(a -> a.status() != 202 && a.status() != 400)
            .mapToLong(a -> a.endNanos() - begin)
            .max()
            .orElse(0)
        / 1_000_000;
  }

  /**
   * This phase's figures; lost and duplicated count the phase's acknowledged ids against {@code
   * raw} (ingest id to occurrences on leads.raw).
   */
  Figures figures(Collection<LoadGenerator.Answer> all, Map<String, Long> raw) {
    List<LoadGenerator.Answer> mine = answers(all);
    List<String> acknowledged =
        mine.stream().filter(a -> a.status() == 202).map(LoadGenerator.Answer::id).toList();
    long lost = acknowledged.stream().filter(id -> raw.getOrDefault(id, 0L) == 0).count();
    long duplicated =
        acknowledged.stream().mapToLong(id -> Math.max(0, raw.getOrDefault(id, 0L) - 1)).sum();
    return Figures.fault(name)
        .put(Figures.SENT, mine.size())
        .put(Figures.ACKNOWLEDGED, acknowledged.size())
        .put(Figures.LOST, lost)
        .put(Figures.DUPLICATED, duplicated)
        .put(Figures.ANSWERS_503, mine.stream().filter(a -> a.status() == 503).count())
        .put(Figures.NO_ANSWER, mine.stream().filter(a -> a.status() == -1).count())
        .put(Figures.LONGEST_ANSWER_MS, longestAnswerMillis(all))
        .put(Figures.FAULT_MS, (healed - begin) / 1_000_000)
        .put(Figures.RECOVERY_MS, recoveryMillis(all));
  }
}
