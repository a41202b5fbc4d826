package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.LeadEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Two leads of one customer-offer that differ in a single field are never dropped as identical: the
 * second is an UPDATED event of the same leadId, or (when the field is part of the identity) a NEW
 * event of another leadId. Every field of the Partner Center body is varied, so a field the merge
 * or the digest left out would make a differing lead disappear here.
 */
class SingleFieldDifferenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger CUSTOMERS = new AtomicInteger();
  private static TopologyFixture fixture;

  @BeforeContainer
  static void start() {
    fixture = new TopologyFixture();
  }

  @AfterContainer
  static void stop() {
    fixture.close();
  }

  /**
   * One body field ({@code UserDetails.X} or a top-level name) and a value it takes instead ({@code
   * {customer}} stands for the try's customer number, so tries never share a customer).
   */
  record Change(String field, String value) {}

  @Property(tries = 300)
  void aLeadThatDiffersInOneFieldIsNeverDroppedAsADuplicate(@ForAll("changes") Change change)
      throws Exception {
    int customer = CUSTOMERS.incrementAndGet();
    Map<String, Object> first = baseBody(customer);
    Map<String, Object> second = baseBody(customer);
    apply(second, change, customer);
    int duplicatesBefore = fixture.metrics.duplicates;
    Instant at = TopologyFixture.T0.plus(Duration.ofMinutes(customer));

    fixture.send(JSON.writeValueAsString(first), at);
    fixture.send(JSON.writeValueAsString(second), at.plusSeconds(30));

    List<LeadEvent> events = drain();
    assertThat(fixture.metrics.duplicates).isEqualTo(duplicatesBefore);
    assertThat(events).hasSize(2);
    LeadEvent before = events.get(0);
    LeadEvent after = events.get(1);
    assertThat(before.eventType()).isEqualTo(EventType.NEW);
    if (after.leadId().equals(before.leadId())) {
      assertThat(after.eventType()).isEqualTo(EventType.UPDATED);
    } else {
      assertThat(after.eventType()).isEqualTo(EventType.NEW);
    }
  }

  @Provide
  Arbitrary<Change> changes() {
    Arbitrary<String> word =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    return Arbitraries.oneOf(
        word.map(w -> new Change("UserDetails.FirstName", "X" + w)),
        word.map(w -> new Change("UserDetails.LastName", "X" + w)),
        word.map(w -> new Change("UserDetails.Email", w + ".{customer}@fabrikam.com")),
        Arbitraries.of("6175555556", "2125550123", "+44 20 7946 0958", "3105550199")
            .map(p -> new Change("UserDetails.Phone", p)),
        Arbitraries.of("DE", "FR", "GB", "JP", "BR", "CA")
            .map(c -> new Change("UserDetails.Country", c)),
        word.map(w -> new Change("UserDetails.Company", "X" + w)),
        word.map(w -> new Change("UserDetails.Title", "X" + w)),
        Arbitraries.of("PLT", "Create", "StartTestDrive", "DNC", "Unheard")
            .map(a -> new Change("ActionCode", a)),
        Arbitraries.of("SPZA", "TestDrive", "AppSource")
            .map(s -> new Change("LeadSource", s + "|contoso.sales-insights")),
        word.map(w -> new Change("LeadSource", "AzureMarketplace|contoso." + w)),
        word.map(w -> new Change("OfferTitle", "Contoso " + w)),
        word.map(w -> new Change("Description", "Call me " + w)),
        Combinators.combine(Arbitraries.of("utm_source", "mktcmpid", "ocid"), word)
            .as((key, value) -> new Change("Description", key + "=" + value)));
  }

  private static Map<String, Object> baseBody(int customer) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("FirstName", "Pat");
    user.put("LastName", "Doe");
    user.put("Email", "pat." + customer + "@contoso.com");
    user.put("Phone", "6175555555");
    user.put("Country", "US");
    user.put("Company", "Contoso");
    user.put("Title", "CTO");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("UserDetails", user);
    body.put("ActionCode", "INS");
    body.put("LeadSource", "AzureMarketplace|contoso.sales-insights");
    body.put("OfferTitle", "Contoso Sales Insights");
    body.put("Description", "Call me");
    return body;
  }

  @SuppressWarnings("unchecked")
  private static void apply(Map<String, Object> body, Change change, int customer) {
    String value = change.value().replace("{customer}", Integer.toString(customer));
    if (change.field().startsWith("UserDetails.")) {
      ((Map<String, Object>) body.get("UserDetails"))
          .put(change.field().substring("UserDetails.".length()), value);
    } else {
      body.put(change.field(), value);
    }
  }

  private static List<LeadEvent> drain() {
    List<LeadEvent> events = new ArrayList<>();
    events.addAll(fixture.qualified.readValuesToList());
    events.addAll(fixture.nurture.readValuesToList());
    events.addAll(fixture.dnc.readValuesToList());
    events.addAll(fixture.test.readValuesToList());
    assertThat(fixture.dlq.isEmpty()).isTrue();
    events.sort(java.util.Comparator.comparing(LeadEvent::receivedAt));
    return events;
  }
}
