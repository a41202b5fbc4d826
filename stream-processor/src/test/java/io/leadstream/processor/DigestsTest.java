package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerField;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every customer field, read through {@link CustomerField}, counts in the merge and the digest. */
class DigestsTest {

  @Test
  void aLeadDifferingInAnyOneCustomerFieldHasAnotherDigestAndChangesTheMergedRecord() {
    Customer base = CustomerField.customer(DigestsTest::value);
    for (CustomerField changed : CustomerField.ALL) {
      Customer other =
          CustomerField.customer(field -> field != changed ? value(field) : otherValue(field));
      NormalizedLead first = lead(base);
      NormalizedLead second = lead(other);

      assertThat(Digests.of(second)).as(changed.name()).isNotEqualTo(Digests.of(first));
      LeadMerger.Merged before = LeadMerger.merge(List.of(contribution(1, first)));
      LeadMerger.Merged after =
          LeadMerger.merge(List.of(contribution(1, first), contribution(2, second)));
      assertThat(changed.get(after.lead().customer()))
          .as(changed.name())
          .isEqualTo(otherValue(changed));
      assertThat(Digests.of(after)).as(changed.name()).isNotEqualTo(Digests.of(before));
    }
  }

  @Test
  void anEmailThatDiffersOnlyInCaseIsTheSameContent() {
    Customer lower = CustomerField.customer(DigestsTest::value);
    Customer upper =
        CustomerField.customer(
            field ->
                field == CustomerField.EMAIL
                    ? ((String) value(field)).toUpperCase(Locale.ROOT)
                    : value(field));

    assertThat(Digests.of(lead(upper))).isEqualTo(Digests.of(lead(lower)));
  }

  private static Object value(CustomerField field) {
    return field == CustomerField.BUSINESS_EMAIL
        ? Boolean.TRUE
        : field.name().toLowerCase(Locale.ROOT);
  }

  private static Object otherValue(CustomerField field) {
    return field == CustomerField.BUSINESS_EMAIL
        ? Boolean.FALSE
        : "other " + field.name().toLowerCase(Locale.ROOT);
  }

  private static NormalizedLead lead(Customer customer) {
    return new NormalizedLead(
        new Source(SourceCode.APPSOURCE, "AppSource"),
        new Action(ActionCode.INS, "INS"),
        Stage.ACTIVE,
        new Offer("contoso", "app", "Contoso App"),
        customer,
        null,
        Map.of(),
        false,
        null);
  }

  private static Contribution contribution(long eventTime, NormalizedLead lead) {
    return new Contribution(eventTime, "in_" + eventTime, "https", Digests.of(lead), lead);
  }
}
