package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteMutatorTest {

  @Test
  void aMutantIsMadeAgainFromItsSeedAndIndexAlone() {
    ByteMutator.Mutant first = new ByteMutator(42).mutant(1234);
    ByteMutator.Mutant again = new ByteMutator(42).mutant(1234);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.operations()).isEqualTo(first.operations());
    assertThat(again.describe()).isEqualTo(first.describe()).contains("new ByteMutator(42L)");
    assertThat(new ByteMutator(43).mutant(1234).describe()).isNotEqualTo(first.describe());
  }

  @Test
  void mutantsUseEveryOperationStartFromEveryRealLeadAndDifferFromIt() {
    ByteMutator mutator = new ByteMutator(7);
    Set<String> operations = new HashSet<>();
    Set<String> from = new HashSet<>();
    int changed = 0;
    for (int i = 0; i < 5000; i++) {
      ByteMutator.Mutant m = mutator.mutant(i);
      m.operations().forEach(op -> operations.add(op.replaceFirst("\\(.*", "")));
      from.add(m.from());
      byte[] original =
          ByteMutator.realLeads().stream()
              .filter(l -> l.name().equals(m.from()))
              .findFirst()
              .orElseThrow()
              .bytes();
      changed += java.util.Arrays.equals(original, m.body()) ? 0 : 1;
    }
    assertThat(operations)
        .containsExactlyInAnyOrder(
            "flips",
            "flip",
            "set",
            "insert",
            "delete",
            "duplicate",
            "truncate",
            "utf8-cut",
            "utf8-bad",
            "swap",
            "splice");
    assertThat(from)
        .hasSize(ByteMutator.realLeads().size())
        .contains("documented-sample", "doc:azure-table-row", "doc:source-action-offer");
    // A ratio flip of zero bits or a swap of equal bytes may leave a lead as it was, rarely.
    assertThat(changed).isGreaterThan(4500);
  }

  @Test
  void theDocumentedShapesAreLeadsTheParserReads() throws Exception {
    for (ByteMutator.RealLead lead : ByteMutator.realLeads()) {
      if (lead.name().startsWith("doc:")) {
        NormalizedLead parsed = LeadNormalizer.parseAndNormalize(lead.bytes());
        assertThat(parsed).as(lead.name()).isNotNull();
        assertThat(PartnerCenterParser.parse(lead.bytes()).userDetails().email())
            .as(lead.name())
            .matches(".*@example\\.(net|org)");
      }
    }
  }
}
