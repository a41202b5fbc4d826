package io.leadstream.processor.views;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The funnel of one day (the UTC day leads were first seen), for one set of leads: how many, by
 * stage, branch and lifecycle state, the follow-up SLA figures and the time to first contact. Sums
 * of counts, so the parts held by several instances (or several offers and sources) merge by {@link
 * #plus}. No contact data.
 *
 * @param leads leads first seen that day (test leads excluded)
 * @param byStage lead count per {@code Stage} name
 * @param byBranch lead count per branch ({@code qualified}, {@code nurture}, {@code dnc})
 * @param byState lead count per {@code LeadState} name
 * @param slaMet qualified leads first contacted by their deadline
 * @param slaMissed qualified leads first contacted after it, or not at all once it passed
 * @param slaOpen qualified leads not contacted whose deadline has not passed
 * @param firstContact counts of time to first contact per bucket of {@link #BUCKET_UPPER_SECONDS}
 */
public record FunnelDay(
    LocalDate day,
    long leads,
    Map<String, Long> byStage,
    Map<String, Long> byBranch,
    Map<String, Long> byState,
    long slaMet,
    long slaMissed,
    long slaOpen,
    long[] firstContact) {

  /**
   * Upper bounds (inclusive, seconds) of the time-to-first-contact buckets: each about 10% above
   * the one before, from one second to 60 days, so a median read from them is within 10% of the
   * exact one; the last bucket holds everything longer.
   */
  public static final long[] BUCKET_UPPER_SECONDS = buckets();

  public FunnelDay {
    byStage = new TreeMap<>(byStage);
    byBranch = new TreeMap<>(byBranch);
    byState = new TreeMap<>(byState);
    firstContact =
        firstContact == null
            ? new long[BUCKET_UPPER_SECONDS.length + 1]
            : Arrays.copyOf(firstContact, BUCKET_UPPER_SECONDS.length + 1);
  }

  /** A day with no leads. */
  public static FunnelDay empty(LocalDate day) {
    return new FunnelDay(day, 0, Map.of(), Map.of(), Map.of(), 0, 0, 0, null);
  }

  /** This day's figures added to another part of the same day's. */
  public FunnelDay plus(FunnelDay other) {
    if (!day.equals(other.day)) {
      throw new IllegalArgumentException("different days: " + day + " and " + other.day);
    }
    long[] contacts = firstContact.clone();
    for (int i = 0; i < contacts.length; i++) {
      contacts[i] += other.firstContact[i];
    }
    return new FunnelDay(
        day,
        leads + other.leads,
        sum(byStage, other.byStage),
        sum(byBranch, other.byBranch),
        sum(byState, other.byState),
        slaMet + other.slaMet,
        slaMissed + other.slaMissed,
        slaOpen + other.slaOpen,
        contacts);
  }

  /**
   * This day's figures without another part of them (a lead that moved out): counts that reach zero
   * are left out of the maps, so the figures equal those counted without that part.
   */
  public FunnelDay minus(FunnelDay other) {
    if (!day.equals(other.day)) {
      throw new IllegalArgumentException("different days: " + day + " and " + other.day);
    }
    long[] contacts = firstContact.clone();
    for (int i = 0; i < contacts.length; i++) {
      contacts[i] -= other.firstContact[i];
    }
    return new FunnelDay(
        day,
        leads - other.leads,
        difference(byStage, other.byStage),
        difference(byBranch, other.byBranch),
        difference(byState, other.byState),
        slaMet - other.slaMet,
        slaMissed - other.slaMissed,
        slaOpen - other.slaOpen,
        contacts);
  }

  /** The bucket index of a time to first contact. */
  public static int bucketOf(Duration timeToFirstContact) {
    long seconds = Math.max(0, timeToFirstContact.toSeconds());
    int i = Arrays.binarySearch(BUCKET_UPPER_SECONDS, seconds);
    return i >= 0 ? i : -i - 1;
  }

  /** Leads first contacted (the histogram's total). */
  public long contacted() {
    return Arrays.stream(firstContact).sum();
  }

  /**
   * The median time to first contact, as the upper bound of the bucket that holds it; null when no
   * lead of the day was contacted.
   */
  public Duration medianTimeToFirstContact() {
    long total = contacted();
    if (total == 0) {
      return null;
    }
    long seen = 0;
    for (int i = 0; i < firstContact.length; i++) {
      seen += firstContact[i];
      if (2 * seen >= total) {
        return i < BUCKET_UPPER_SECONDS.length
            ? Duration.ofSeconds(BUCKET_UPPER_SECONDS[i])
            : Duration.ofSeconds(BUCKET_UPPER_SECONDS[BUCKET_UPPER_SECONDS.length - 1]);
      }
    }
    throw new AssertionError("unreachable: the histogram's total was counted above");
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  private static Map<String, Long> difference(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, -v, Long::sum));
    out.values().removeIf(v -> v == 0);
    return out;
  }

  private static long[] buckets() {
    long limit = Duration.ofDays(60).toSeconds();
    java.util.List<Long> bounds = new java.util.ArrayList<>();
    long bound = 1;
    while (bound < limit) {
      bounds.add(bound);
      bound = Math.max(bound + 1, (long) Math.ceil(bound * 1.1));
    }
    bounds.add(limit);
    return bounds.stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunnelDay f
        && day.equals(f.day)
        && leads == f.leads
        && byStage.equals(f.byStage)
        && byBranch.equals(f.byBranch)
        && byState.equals(f.byState)
        && slaMet == f.slaMet
        && slaMissed == f.slaMissed
        && slaOpen == f.slaOpen
        && Arrays.equals(firstContact, f.firstContact);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
                day, leads, byStage, byBranch, byState, slaMet, slaMissed, slaOpen)
            * 31
        + Arrays.hashCode(firstContact);
  }

  @Override
  public String toString() {
    return "FunnelDay[" + day + ", leads=" + leads + ", byStage=" + byStage + "]";
  }
}
