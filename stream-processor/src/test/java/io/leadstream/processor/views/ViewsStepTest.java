package io.leadstream.processor.views;

import static io.leadstream.processor.views.ViewsFixture.OFFER;
import static io.leadstream.processor.views.ViewsFixture.T0;
import static io.leadstream.processor.views.ViewsFixture.lastLeadId;
import static io.leadstream.processor.views.ViewsFixture.nurtureBody;
import static io.leadstream.processor.views.ViewsFixture.qualifiedBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadstream.processor.LeadMetrics;
import io.leadstream.processor.LeadTopology;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's stores, filled by the real topology: exact contents after each behaviour. */
class ViewsStepTest {

  private static final LocalDate DAY = LocalDate.parse("2026-03-02");
  private static final String MARKETPLACE_KEY = "2026-03-02|AZURE_MARKETPLACE|" + OFFER;

  @Test
  void aLeadCountsOnceInTheDayItWasFirstSeenHoweverManyEventsItHas() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(
          ViewsFixture.body("pat@contoso.com", "CREATE", ViewsFixture.MARKETPLACE),
          T0.plus(Duration.ofHours(1)));
      f.send(qualifiedBody("pat@contoso.com"), T0.plus(Duration.ofHours(2)));
      String leadId = lastLeadId(f.qualified);

      assertThat(f.<FunnelDay>store(ViewsStep.FUNNEL_DAY_STORE))
          .containsExactly(
              Map.entry(
                  MARKETPLACE_KEY,
                  new FunnelDay(
                      DAY,
                      1,
                      Map.of("ACTIVE", 1L),
                      Map.of("qualified", 1L),
                      Map.of("OPEN", 1L),
                      0,
                      0,
                      1,
                      null)));
      assertThat(f.<FunnelLead>store(ViewsStep.FUNNEL_LEAD_STORE)).containsOnlyKeys(leadId);
    }
  }

  @Test
  void testLeadsNeverCountInTheFunnel() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("msft_test_pat@contoso.com"), T0);
      assertThat(f.test.readValuesToList()).hasSize(1);

      assertThat(f.<FunnelDay>store(ViewsStep.FUNNEL_DAY_STORE)).isEmpty();
      assertThat(f.<FunnelLead>store(ViewsStep.FUNNEL_LEAD_STORE)).isEmpty();
    }
  }

  @Test
  void aContactBeforeTheDeadlineCountsTheSlaAsMetWithItsTimeToFirstContact() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      String leadId = lastLeadId(f.qualified);
      f.advanceTo(T0.plus(Duration.ofHours(2)));
      f.activity.pipeInput(
          leadId,
          LeadActivity.of(
              leadId, ActivityType.CONTACTED, T0.plus(Duration.ofHours(2)), "sam", null),
          T0.plus(Duration.ofHours(2)));

      FunnelDay day = f.<FunnelDay>store(ViewsStep.FUNNEL_DAY_STORE).get(MARKETPLACE_KEY);
      assertThat(day.byState()).isEqualTo(Map.of("CONTACTED", 1L));
      assertThat(day.slaMet()).isEqualTo(1);
      assertThat(day.slaMissed() + day.slaOpen()).isZero();
      assertThat(day.contacted()).isEqualTo(1);
      assertThat(day.firstContact()[FunnelDay.bucketOf(Duration.ofHours(2))]).isEqualTo(1);
    }
  }

  @Test
  void aDeadlinePassedWithoutContactCountsAsMissed() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.advanceTo(T0.plus(Duration.ofHours(25)));

      FunnelDay day = f.<FunnelDay>store(ViewsStep.FUNNEL_DAY_STORE).get(MARKETPLACE_KEY);
      assertThat(day.byState()).isEqualTo(Map.of("OPEN", 1L));
      assertThat(day.slaMissed()).isEqualTo(1);
      assertThat(day.slaMet() + day.slaOpen()).isZero();
      assertThat(day.contacted()).isZero();
    }
  }

  @Test
  void withTheLifecycleOffTheFunnelStillCountsLeadsByStageBranchSourceAndOffer() {
    try (ViewsFixture f = new ViewsFixture(Map.of("processor.lifecycle.enabled", "false"))) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(nurtureBody("sam@gmail.com"), T0.plus(Duration.ofHours(1)));
      assertThat(f.nurture.readValuesToList()).hasSize(1);

      assertThat(f.<FunnelDay>store(ViewsStep.FUNNEL_DAY_STORE))
          .containsExactly(
              Map.entry(
                  "2026-03-02|APPSOURCE|" + OFFER,
                  new FunnelDay(
                      DAY,
                      1,
                      Map.of("INITIAL_INTEREST", 1L),
                      Map.of("nurture", 1L),
                      Map.of(),
                      0,
                      0,
                      0,
                      null)),
              Map.entry(
                  MARKETPLACE_KEY,
                  new FunnelDay(
                      DAY,
                      1,
                      Map.of("ACTIVE", 1L),
                      Map.of("qualified", 1L),
                      Map.of(),
                      0,
                      0,
                      0,
                      null)));
    }
  }

  @Test
  void eachLeadsLatestEventIsKeptWithItsContactData() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(
          ViewsFixture.body("pat@contoso.com", "CREATE", ViewsFixture.MARKETPLACE),
          T0.plus(Duration.ofHours(1)));
      LeadEvent latest = f.qualified.readValuesToList().get(1);

      Map<String, LeadEvent> store = f.store(ViewsStep.LATEST_STORE);
      assertThat(store).containsExactly(Map.entry(latest.leadId(), latest));
      assertThat(store.get(latest.leadId()).customer().email()).isEqualTo("pat@contoso.com");
      assertThat(store.get(latest.leadId()).occurrences()).isEqualTo(2);
    }
  }

  @Test
  void aClosedLeadMovesFromItsOpenCountToItsNewState() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(qualifiedBody("kim@contoso.com"), T0);
      String won = f.qualified.readValuesToList().get(0).leadId();
      f.advanceTo(T0.plus(Duration.ofHours(3)));
      f.activity.pipeInput(
          won,
          LeadActivity.of(won, ActivityType.WON, T0.plus(Duration.ofHours(3)), "sam", null),
          T0.plus(Duration.ofHours(3)));

      FunnelDay day = f.<FunnelDay>store(ViewsStep.FUNNEL_DAY_STORE).get(MARKETPLACE_KEY);
      assertThat(day.leads()).isEqualTo(2);
      assertThat(day.byState()).isEqualTo(Map.of("OPEN", 1L, LeadState.WON.name(), 1L));
      assertThat(day.slaMet()).isEqualTo(1);
      assertThat(day.slaOpen()).isEqualTo(1);
    }
  }

  @Test
  void namesEveryStoreAndNodeOfTheViews() {
    try (ViewsFixture f = new ViewsFixture()) {
      String text = LeadTopology.build(f.settings, LeadMetrics.NONE).describe().toString();
      assertThat(text)
          .contains(
              ViewsStep.LATEST_STORE,
              ViewsStep.FUNNEL_LEAD_STORE,
              ViewsStep.FUNNEL_DAY_STORE,
              ViewsStep.TRACE_STORE,
              ViewsStep.DLQ_TRACE_STORE)
          .contains("dedup-emitted", "dedup-dropped", "leads-dlq-source", "funnel-change")
          .doesNotContain("KSTREAM-", "KTABLE-");
    }
  }
}
