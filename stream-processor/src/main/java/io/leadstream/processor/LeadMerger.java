package io.leadstream.processor;

import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerField;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Merges the distinct leads of one customer-offer into one record. The merge depends only on the
 * set of contributions, never on the order they arrived in, so out-of-order arrival ends in the
 * same merged record:
 *
 * <ul>
 *   <li>contributions are ordered by event time, then ingest id;
 *   <li>each customer and offer field takes the latest non-blank value (the newest information);
 *   <li>stage is the furthest reached; source and action are those of the lead that reached it;
 *   <li>notes are the distinct notes in time order; campaign keys are merged, latest value wins;
 *   <li>a lead is a test lead when any contribution is.
 * </ul>
 */
final class LeadMerger {

  /**
   * Funnel order, furthest last. Do-not-contact dominates everything: once a customer-offer has
   * been flagged, no merged record may reach outreach.
   */
  private static final List<Stage> FUNNEL =
      List.of(
          Stage.UNKNOWN, Stage.INITIAL_INTEREST, Stage.TRIAL, Stage.ACTIVE, Stage.DO_NOT_CONTACT);

  private static final Comparator<Contribution> CHRONOLOGICAL =
      Comparator.comparingLong(Contribution::eventTime).thenComparing(Contribution::ingestId);

  /**
   * The merged view of a customer-offer; what is compared to decide "adds information".
   *
   * @param lead the merged lead (no dedup identity: it is the customer-offer's, known already)
   * @param actionsSeen every call to action that contributed, as {@code code:raw}
   */
  record Merged(NormalizedLead lead, Set<String> actionsSeen) {}

  private LeadMerger() {}

  static Merged merge(List<Contribution> contributions) {
    List<Contribution> ordered = new ArrayList<>(contributions);
    ordered.sort(CHRONOLOGICAL);
    List<NormalizedLead> leads = ordered.stream().map(Contribution::lead).toList();

    NormalizedLead furthest = leads.get(0);
    for (NormalizedLead lead : leads) {
      if (rank(lead.stage()) >= rank(furthest.stage())) {
        furthest = lead;
      }
    }
    Customer customer =
        CustomerField.customer(field -> latest(leads, l -> field.get(l.customer())));
    Offer offer =
        new Offer(
            latest(leads, l -> l.offer().publisherId()),
            latest(leads, l -> l.offer().offerId()),
            latest(leads, l -> l.offer().title()));
    Set<String> notes = new LinkedHashSet<>();
    Map<String, String> campaign = new LinkedHashMap<>();
    Set<String> actions = new TreeSet<>();
    boolean test = false;
    for (NormalizedLead lead : leads) {
      if (lead.notes() != null && !lead.notes().isBlank()) {
        notes.add(lead.notes());
      }
      campaign.putAll(lead.campaign());
      actions.add(lead.action().code() + ":" + lead.action().raw());
      test |= lead.test();
    }
    return new Merged(
        new NormalizedLead(
            furthest.source(),
            furthest.action(),
            furthest.stage(),
            offer,
            customer,
            notes.isEmpty() ? null : String.join("\n\n", notes),
            Map.copyOf(campaign),
            test,
            null),
        Set.copyOf(actions));
  }

  static int rank(Stage stage) {
    int rank = FUNNEL.indexOf(stage);
    return rank < 0 ? 0 : rank;
  }

  private static <T> T latest(
      List<NormalizedLead> chronological, Function<NormalizedLead, T> field) {
    T found = null;
    for (NormalizedLead lead : chronological) {
      T value = field.apply(lead);
      if (value != null && !(value instanceof String s && s.isBlank())) {
        found = value;
      }
    }
    return found;
  }
}
