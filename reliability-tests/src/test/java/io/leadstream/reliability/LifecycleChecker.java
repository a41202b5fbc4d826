package io.leadstream.reliability;

import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadAlert;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Proves from {@code leads.alerts} and {@code leads.status}, read with read_committed, that the
 * lifecycle raised every follow-up alert exactly once and nothing else, given the routed lead
 * events (read the same way) and the contacts the test reported. Only follow-up rules are judged:
 * the test runs with the shipped nurture cadence and expiry (days), so no other alert may appear at
 * all.
 *
 * <p>Per qualified lead, its deadline is that of the design: the {@code followUpBy} of its first
 * event on {@code leads.qualified} when that is a NEW event, else that event's {@code receivedAt} +
 * SLA (it qualified later). Then:
 *
 * <ul>
 *   <li>not contacted: FOLLOW_UP_OVERDUE exactly once (missing otherwise); FOLLOW_UP_DUE_SOON at
 *       most once, because the design skips it for a lead that is already overdue when it is looked
 *       at (a processor was down across the warning), counted as skipped;
 *   <li>contacted: none raised ({@code raisedAt}) at or after the contact was processed (the {@code
 *       updatedAt} of the first committed status with {@code firstContactAt}); one raised before is
 *       allowed, at most once: a contact the lifecycle has not seen yet cannot stop an alert (such
 *       leads are counted as contacts processed late);
 *   <li>nurture, do-not-contact and test leads: none.
 * </ul>
 *
 * Every alert's id must be {@link LeadAlert#alertId}'s for its lead, type and due time, each id
 * once, and one id per deadline. The last status of each lead must be right: OPEN with the deadline
 * and no contact, or CONTACTED with the reported time and {@code slaMet}, NURTURING,
 * DO_NOT_CONTACT; test leads have none.
 */
final class LifecycleChecker {

  /** One committed event of an output topic, in offset order per topic and partition. */
  record Routed(String topic, int partition, long offset, String leadId, LeadEvent event) {}

  /** What the checker found; {@code expected} counts the alerts that must be there. */
  record Report(
      long expected,
      long seen,
      long duplicated,
      long missing,
      long unexpected,
      long dueSoonSeen,
      long dueSoonSkipped,
      long qualified,
      long contacted,
      long contactsProcessedLate,
      long statusWrong,
      List<Instant> deadlines,
      List<String> problems) {

    String summary() {
      return "alerts expected="
          + expected
          + " seen="
          + seen
          + " duplicated="
          + duplicated
          + " missing="
          + missing
          + " unexpected="
          + unexpected
          + " dueSoonSeen="
          + dueSoonSeen
          + " dueSoonSkipped="
          + dueSoonSkipped
          + " qualified="
          + qualified
          + " contacted="
          + contacted
          + " contactsProcessedLate="
          + contactsProcessedLate
          + " statusWrong="
          + statusWrong
          + (problems.isEmpty() ? "" : " first problems: " + problems);
    }
  }

  private final TopicNames topics;
  private final Duration sla;
  private final Duration warning;

  LifecycleChecker(TopicNames topics, Duration sla, Duration warning) {
    this.topics = topics;
    this.sla = sla;
    this.warning = warning;
  }

  /** Reads the topics through {@code reader} (read_committed) and checks them. */
  Report check(PipelineChecker reader, Map<String, Instant> contacts) {
    List<Routed> routed = new ArrayList<>();
    for (String topic :
        List.of(topics.qualified(), topics.nurture(), topics.dnc(), topics.test())) {
      for (ConsumerRecord<String, byte[]> r : reader.readAll(topic)) {
        routed.add(
            new Routed(
                topic,
                r.partition(),
                r.offset(),
                r.key(),
                LeadSerdes.leadEvent().deserialize(topic, r.value())));
      }
    }
    List<LeadAlert> alerts =
        reader.readAll(topics.alerts()).stream()
            .map(r -> LeadSerdes.leadAlert().deserialize(topics.alerts(), r.value()))
            .toList();
    List<LeadStatus> statuses =
        reader.readAll(topics.status()).stream()
            .sorted(
                Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
                    .thenComparingLong(ConsumerRecord::offset))
            .map(r -> LeadSerdes.leadStatus().deserialize(topics.status(), r.value()))
            .toList();
    return check(routed, contacts, alerts, statuses);
  }

  /** The deadline of every lead on leads.qualified (see the class comment). */
  Map<String, Instant> deadlines(List<Routed> routed) {
    Map<String, Routed> first = new HashMap<>();
    for (Routed r : routed) {
      if (r.topic().equals(topics.qualified())) {
        first.merge(r.leadId(), r, (a, b) -> a.offset() <= b.offset() ? a : b);
      }
    }
    Map<String, Instant> deadlines = new HashMap<>();
    first.forEach(
        (leadId, r) -> {
          LeadEvent e = r.event();
          boolean qualifiedLater = e.eventType() == EventType.UPDATED || e.followUpBy() == null;
          deadlines.put(leadId, qualifiedLater ? e.receivedAt().plus(sla) : e.followUpBy());
        });
    return deadlines;
  }

  /**
   * Checks {@code alerts} and {@code statuses} (each lead's in offset order) against the routed
   * events and {@code contacts} (leadId to the time the CONTACTED activity reported).
   */
  Report check(
      List<Routed> routed,
      Map<String, Instant> contacts,
      List<LeadAlert> alerts,
      List<LeadStatus> statuses) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> branches = new HashMap<>();
    for (Routed r : routed) {
      branches.computeIfAbsent(r.leadId(), k -> new HashSet<>()).add(r.topic());
    }
    Map<String, Instant> deadlines = deadlines(routed);
    Map<String, LeadStatus> last = new LinkedHashMap<>();
    Map<String, Instant> contactProcessedAt = new HashMap<>();
    for (LeadStatus s : statuses) {
      last.put(s.leadId(), s);
      if (s.firstContactAt() != null) {
        contactProcessedAt.putIfAbsent(s.leadId(), s.updatedAt());
      }
    }

    // Each id once, each id the deterministic one, one id per deadline.
    Map<String, Long> byId = new LinkedHashMap<>();
    Map<String, LeadAlert> alertOf = new HashMap<>();
    Map<List<Object>, Set<String>> idsPerDeadline = new HashMap<>();
    for (LeadAlert a : alerts) {
      byId.merge(a.alertId(), 1L, Long::sum);
      alertOf.put(a.alertId(), a);
      idsPerDeadline
          .computeIfAbsent(List.of(a.leadId(), a.type(), a.dueAt()), k -> new HashSet<>())
          .add(a.alertId());
    }
    long duplicated = 0;
    for (var e : byId.entrySet()) {
      if (e.getValue() > 1) {
        duplicated += e.getValue() - 1;
        note(problems, "alert " + e.getKey() + " is " + e.getValue() + " times on the topic");
      }
      LeadAlert a = alertOf.get(e.getKey());
      if (!a.alertId().equals(LeadAlert.alertId(a.leadId(), a.type(), a.dueAt()))) {
        duplicated++;
        note(problems, "alert " + a.alertId() + " does not carry the id of its deadline");
      }
    }
    for (var e : idsPerDeadline.entrySet()) {
      if (e.getValue().size() > 1) {
        duplicated += e.getValue().size() - 1;
        note(problems, "deadline " + e.getKey() + " has alert ids " + e.getValue());
      }
    }

    // Which alerts must be there, which may be.
    Map<List<Object>, Boolean> allowed = new HashMap<>(); // key -> required
    long dueSoonSkipped = 0;
    long unexpectedRaised = 0;
    Set<String> alertedContacts = new HashSet<>();
    for (var e : deadlines.entrySet()) {
      String leadId = e.getKey();
      Instant deadline = e.getValue();
      if (branches.get(leadId).contains(topics.dnc())) {
        continue;
      }
      List<Object> overdue = List.of(leadId, AlertType.FOLLOW_UP_OVERDUE, deadline);
      List<Object> dueSoon = List.of(leadId, AlertType.FOLLOW_UP_DUE_SOON, deadline);
      if (contacts.containsKey(leadId)) {
        Instant processed = contactProcessedAt.get(leadId);
        if (processed == null) {
          continue; // its status is wrong; counted below
        }
        // Allowed only if raised before the lifecycle saw the contact: judged per alert below.
        for (List<Object> key : List.of(dueSoon, overdue)) {
          allowed.put(key, false);
          if (idsPerDeadline.containsKey(key)) {
            alertedContacts.add(leadId);
            for (String id : idsPerDeadline.get(key)) {
              if (!alertOf.get(id).raisedAt().isBefore(processed)) {
                unexpectedRaised++;
                note(problems, "alert " + key + " raised after the contact was processed");
              }
            }
          }
        }
      } else {
        allowed.put(overdue, true);
        if (!warning.isZero()) {
          allowed.put(dueSoon, false);
          if (!idsPerDeadline.containsKey(dueSoon)) {
            dueSoonSkipped++;
          }
        }
      }
    }
    long expected = allowed.values().stream().filter(required -> required).count();
    long missing = 0;
    for (var e : allowed.entrySet()) {
      if (e.getValue() && !idsPerDeadline.containsKey(e.getKey())) {
        missing++;
        note(problems, "missing alert " + e.getKey());
      }
    }
    long unexpected = unexpectedRaised;
    for (List<Object> key : idsPerDeadline.keySet()) {
      if (!allowed.containsKey(key)) {
        unexpected++;
        note(problems, "unexpected alert " + key);
      }
    }
    long dueSoonSeen =
        idsPerDeadline.keySet().stream()
            .filter(k -> k.get(1) == AlertType.FOLLOW_UP_DUE_SOON)
            .count();

    // The last status of every lead.
    long statusWrong = 0;
    for (var e : branches.entrySet()) {
      String leadId = e.getKey();
      Set<String> on = e.getValue();
      LeadStatus s = last.get(leadId);
      String wrong;
      if (on.equals(Set.of(topics.test()))) {
        wrong = s == null ? null : "a test lead is tracked";
      } else {
        wrong = statusProblem(s, on, deadlines.get(leadId), contacts.get(leadId));
      }
      if (wrong != null) {
        statusWrong++;
        note(problems, "status of " + leadId + ": " + wrong);
      }
    }
    for (String leadId : last.keySet()) {
      if (!branches.containsKey(leadId)) {
        statusWrong++;
        note(problems, "status for " + leadId + ", which is on no output topic");
      }
    }
    return new Report(
        expected,
        byId.size(),
        duplicated,
        missing,
        unexpected,
        dueSoonSeen,
        dueSoonSkipped,
        deadlines.size(),
        contacts.keySet().stream().filter(deadlines::containsKey).count(),
        alertedContacts.size(),
        statusWrong,
        List.copyOf(deadlines.values()),
        List.copyOf(problems));
  }

  private String statusProblem(
      LeadStatus s, Set<String> on, Instant deadline, Instant contactedAt) {
    if (s == null) {
      return "none";
    }
    if (on.contains(topics.dnc())) {
      return expect(s.state() == LeadState.DO_NOT_CONTACT, s);
    }
    if (deadline == null) {
      return expect(s.state() == LeadState.NURTURING && s.firstContactAt() == null, s);
    }
    if (contactedAt == null) {
      return expect(
          s.state() == LeadState.OPEN
              && deadline.equals(s.followUpBy())
              && s.firstContactAt() == null
              && s.slaMet() == null,
          s);
    }
    return expect(
        s.state() == LeadState.CONTACTED
            && deadline.equals(s.followUpBy())
            && contactedAt.equals(s.firstContactAt())
            && Objects.equals(s.slaMet(), !contactedAt.isAfter(deadline)),
        s);
  }

  private static String expect(boolean right, LeadStatus s) {
    return right
        ? null
        : "state "
            + s.state()
            + " followUpBy "
            + s.followUpBy()
            + " firstContactAt "
            + s.firstContactAt()
            + " slaMet "
            + s.slaMet();
  }

  private static void note(List<String> problems, String problem) {
    if (problems.size() < 20) {
      problems.add(problem);
    }
  }
}
