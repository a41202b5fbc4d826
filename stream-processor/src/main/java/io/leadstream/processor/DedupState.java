package io.leadstream.processor;

import io.leadstream.schemas.NormalizedLead;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dedup store remembers about one customer-offer within one window: every distinct lead
 * that contributed (bounded), the ingest ids already counted (to recognise a replayed raw record)
 * and a digest of the last emitted merged record (to recognise a lead that adds nothing).
 *
 * @param firstSeenAt the earliest event time of any contribution, epoch millis; also the timestamp
 *     under which the state is stored in the window store
 * @param occurrences raw leads merged so far, identical ones included
 * @param ingestIds the most recent ingest ids counted, at most {@link #MAX_INGEST_IDS}
 * @param contributions distinct leads, at most {@link #MAX_CONTRIBUTIONS}, in arrival order
 * @param emittedDigest digest of the merged record last emitted, or null when that record is the
 *     merge of {@code contributions} as they are (a window's first lead: its digest is computed
 *     only if another lead arrives)
 */
public record DedupState(
    long firstSeenAt,
    int occurrences,
    List<String> ingestIds,
    List<Contribution> contributions,
    String emittedDigest) {

  /** Bound on remembered ingest ids (replay detection). */
  public static final int MAX_INGEST_IDS = 200;

  /** Bound on remembered distinct leads per customer-offer and window. */
  public static final int MAX_CONTRIBUTIONS = 50;

  public DedupState {
    ingestIds = List.copyOf(ingestIds);
    contributions = List.copyOf(contributions);
  }

  /** One distinct lead that was merged. */
  public record Contribution(
      long eventTime, String ingestId, String channel, String digest, NormalizedLead lead) {
    @Override
    public String toString() {
      return "Contribution[eventTime=" + eventTime + ", ingestId=" + ingestId + "]";
    }
  }

  static DedupState first(Contribution contribution) {
    return new DedupState(
        contribution.eventTime(), 1, List.of(contribution.ingestId()), List.of(contribution), null);
  }

  boolean counted(String ingestId) {
    return ingestIds.contains(ingestId);
  }

  boolean hasContent(String digest) {
    return contributions.stream().anyMatch(c -> c.digest().equals(digest));
  }

  /** This state with one more raw lead counted (its content already known). */
  DedupState countedAgain(String ingestId) {
    return new DedupState(
        firstSeenAt, occurrences + 1, bounded(ingestIds, ingestId), contributions, emittedDigest);
  }

  /** This state with a new distinct lead added. */
  DedupState with(Contribution contribution) {
    List<Contribution> more = new ArrayList<>(contributions);
    more.add(contribution);
    if (more.size() > MAX_CONTRIBUTIONS) {
      more.remove(0);
    }
    return new DedupState(
        Math.min(firstSeenAt, contribution.eventTime()),
        occurrences + 1,
        bounded(ingestIds, contribution.ingestId()),
        more,
        emittedDigest);
  }

  DedupState emitted(String digest) {
    return new DedupState(firstSeenAt, occurrences, ingestIds, contributions, digest);
  }

  private static List<String> bounded(List<String> ids, String id) {
    List<String> more = new ArrayList<>(ids);
    more.add(id);
    while (more.size() > MAX_INGEST_IDS) {
      more.remove(0);
    }
    return more;
  }

  @Override
  public String toString() {
    return "DedupState[firstSeenAt="
        + firstSeenAt
        + ", occurrences="
        + occurrences
        + ", contributions="
        + contributions.size()
        + "]";
  }
}
