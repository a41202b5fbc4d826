package io.leadstream.processor;

import io.leadstream.processor.ProcessorSettings.QualificationRules;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.Qualification;
import io.leadstream.schemas.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The qualification step: decides whether a merged lead is ready for sales, and by when to follow
 * it up ({@code followUpBy = firstSeenAt + processor.followup.sla}). A lead qualifies when it meets
 * every requirement the rules switch on: a reachable contact (a valid email or an E.164 phone), a
 * known action other than do-not-contact, and a business identity (a business email domain or a
 * company name). The score (0-100) ranks leads for follow-up; the reasons say what was met and what
 * not.
 */
final class Qualifier {

  private final QualificationRules rules;
  private final Duration followUpSla;

  Qualifier(QualificationRules rules, Duration followUpSla) {
    this.rules = rules;
    this.followUpSla = followUpSla;
  }

  /** {@code event} with its qualification and follow-up deadline. */
  LeadEvent qualify(LeadEvent event) {
    return event.withQualification(
        qualify(event.customer(), event.action().code(), event.stage()),
        event.firstSeenAt().plus(followUpSla));
  }

  Qualification qualify(Customer customer, ActionCode action, Stage stage) {
    List<String> reasons = new ArrayList<>();
    boolean qualified = true;
    int score = 0;

    // The normalizer sets emailDomain only for an email of valid syntax.
    boolean email = customer.emailDomain() != null;
    boolean phone = customer.phone() != null;
    if (email || phone) {
      score += 35;
      reasons.add("reachable: " + (email && phone ? "email and phone" : email ? "email" : "phone"));
    } else {
      reasons.add("not reachable: no valid email or phone");
      qualified &= !rules.requireReachableContact();
    }

    boolean knownAction = action != ActionCode.UNKNOWN && action != ActionCode.DNC;
    if (knownAction) {
      score += 15;
      reasons.add("known action: " + action);
    } else {
      reasons.add(action == ActionCode.DNC ? "do-not-contact action" : "unknown action");
      qualified &= !rules.requireKnownAction();
    }

    boolean businessEmail = Boolean.TRUE.equals(customer.businessEmail());
    boolean company = customer.company() != null;
    if (businessEmail || company) {
      score += businessEmail && company ? 30 : 20;
      reasons.add(
          "business identity: "
              + (businessEmail && company
                  ? "business email domain and company"
                  : businessEmail ? "business email domain" : "company"));
    } else {
      reasons.add("no business identity: free-mail or no email, and no company");
      qualified &= !rules.requireBusinessIdentity();
    }

    score +=
        switch (stage) {
          case ACTIVE -> 20;
          case TRIAL -> 15;
          case INITIAL_INTEREST -> 10;
          default -> 0;
        };
    if (stage == Stage.DO_NOT_CONTACT) {
      qualified = false;
      score = 0;
    }
    return new Qualification(qualified, Math.min(100, score), reasons);
  }
}
