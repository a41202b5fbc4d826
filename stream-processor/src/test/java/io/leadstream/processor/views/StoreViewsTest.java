package io.leadstream.processor.views;

import static io.leadstream.processor.views.ViewsFixture.OFFER;
import static io.leadstream.processor.views.ViewsFixture.T0;
import static io.leadstream.processor.views.ViewsFixture.lastLeadId;
import static io.leadstream.processor.views.ViewsFixture.nurtureBody;
import static io.leadstream.processor.views.ViewsFixture.qualifiedBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.processor.views.LocalViews.FunnelFilter;
import io.leadstream.processor.views.LocalViews.LeadView;
import io.leadstream.processor.views.LocalViews.Page;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.processor.views.LocalViews.TraceOutcome;
import io.leadstream.processor.views.LocalViews.WorkItem;
import io.leadstream.processor.views.LocalViews.WorkQueueFilter;
import io.leadstream.schemas.ActivityType;
import io.leadstream.schemas.DeadLetterReason;
import io.leadstream.schemas.DeadLetterStage;
import io.leadstream.schemas.DeadLetters;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadState;
import io.leadstream.schemas.RawHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** What StoreViews answers from the stores the real topology filled. */
class StoreViewsTest {

  private static final LocalDate DAY = LocalDate.parse("2026-03-02");
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aLeadIsAnsweredWithItsStatusAndLatestEvent() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      LeadEvent event = f.qualified.readValue();

      LeadView view = f.views.lead(event.leadId()).orElseThrow();

      assertThat(view.event()).isEqualTo(event);
      assertThat(view.status().leadId()).isEqualTo(event.leadId());
      assertThat(view.status().state()).isEqualTo(LeadState.OPEN);
      assertThat(view.status().followUpBy()).isEqualTo(T0.plus(Duration.ofHours(24)));
    }
  }

  @Test
  void aTestLeadIsAnsweredWithoutAStatus() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("msft_test_pat@contoso.com"), T0);
      LeadEvent event = f.test.readValue();

      assertThat(f.views.lead(event.leadId())).contains(new LeadView(null, event));
    }
  }

  @Test
  void anUnknownLeadIsNotFound() {
    try (ViewsFixture f = new ViewsFixture()) {
      assertThat(f.views.lead("ld_unknown")).isEmpty();
    }
  }

  @Test
  void aLeadWhosePartitionCannotBeReadIsNotQueryableRatherThanNotFound() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      String leadId = lastLeadId(f.qualified);
      f.reader.makeUnreadable(LifecycleStep.STORE);

      assertThatThrownBy(() -> f.views.lead(leadId))
          .isInstanceOf(LocalViews.NotQueryable.class)
          .hasMessageContaining("partition 0");
    }
  }

  @Test
  void withoutAssignmentMetadataALeadIsFoundInTheLocalPartitionThatHoldsIt() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      LeadEvent event = f.qualified.readValue();
      f.reader.dropMetadata();

      assertThat(f.views.lead(event.leadId()).map(LeadView::event)).contains(event);
      assertThat(f.views.lead("ld_unknown")).isEmpty();
      f.reader.makeUnreadable(ViewsStep.LATEST_STORE);
      assertThatThrownBy(() -> f.views.lead("ld_unknown"))
          .isInstanceOf(LocalViews.NotQueryable.class);
    }
  }

  @Test
  void theFunnelGivesOneEntryPerDayInRangeSummingTheOffersAndSourcesThatMatch() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(nurtureBody("sam@gmail.com"), T0.plus(HOUR));
      f.send(qualifiedBody("kim@contoso.com"), T0.plus(Duration.ofDays(1)));
      f.send(qualifiedBody("lee@contoso.com"), T0.plus(Duration.ofDays(2)));

      Page<FunnelDay> all = f.views.funnel(new FunnelFilter(DAY, DAY.plusDays(1), null, null));
      Page<FunnelDay> marketplace =
          f.views.funnel(new FunnelFilter(DAY, DAY, OFFER, "AZURE_MARKETPLACE"));
      Page<FunnelDay> otherOffer =
          f.views.funnel(new FunnelFilter(DAY, DAY.plusDays(2), "fabrikam.crm", null));

      assertThat(all.items()).extracting(FunnelDay::day).containsExactly(DAY, DAY.plusDays(1));
      assertThat(all.items().get(0).leads()).isEqualTo(2);
      assertThat(all.items().get(0).byBranch()).isEqualTo(Map.of("qualified", 1L, "nurture", 1L));
      assertThat(all.items().get(1).leads()).isEqualTo(1);
      assertThat(all.partitions()).isEqualTo(Map.of(ViewsStep.FUNNEL_DAY_STORE, Set.of(0)));
      assertThat(marketplace.items()).hasSize(1);
      assertThat(marketplace.items().get(0).byBranch()).isEqualTo(Map.of("qualified", 1L));
      assertThat(otherOffer.items()).isEmpty();
    }
  }

  @Test
  void aPageLeavesOutAPartitionItCouldNotRead() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.reader.makeUnreadable(ViewsStep.FUNNEL_DAY_STORE);

      Page<FunnelDay> page = f.views.funnel(new FunnelFilter(DAY, DAY, null, null));

      assertThat(page.items()).isEmpty();
      assertThat(page.partitions()).isEqualTo(Map.of(ViewsStep.FUNNEL_DAY_STORE, Set.of()));
    }
  }

  @Test
  void theWorkQueueListsOverdueOpenLeadsSoonestDeadlineFirst() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("late@contoso.com"), T0.plus(Duration.ofHours(2)));
      f.send(qualifiedBody("first@contoso.com"), T0);
      f.send(qualifiedBody("contacted@contoso.com"), T0);
      f.send(qualifiedBody("notyet@contoso.com"), T0.plus(Duration.ofHours(20)));
      List<LeadEvent> events = f.qualified.readValuesToList();
      String late = events.get(0).leadId();
      String first = events.get(1).leadId();
      String contacted = events.get(2).leadId();
      f.advanceTo(T0.plus(HOUR));
      f.activity.pipeInput(
          contacted,
          LeadActivity.of(contacted, ActivityType.CONTACTED, T0.plus(HOUR), "sam", null),
          T0.plus(HOUR));
      f.advanceTo(T0.plus(Duration.ofHours(27)));

      Page<WorkItem> overdue =
          f.views.workQueue(new WorkQueueFilter(LeadState.OPEN, true, null, null), 10);
      Page<WorkItem> one =
          f.views.workQueue(new WorkQueueFilter(LeadState.OPEN, true, null, null), 1);

      assertThat(overdue.items())
          .extracting(item -> item.status().leadId(), WorkItem::dueAt, WorkItem::overdue)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(first, T0.plus(Duration.ofHours(24)), true),
              org.assertj.core.groups.Tuple.tuple(late, T0.plus(Duration.ofHours(26)), true));
      assertThat(one.items()).extracting(item -> item.status().leadId()).containsExactly(first);
      assertThat(overdue.partitions())
          .isEqualTo(Map.of(LifecycleStep.INDEX, Set.of(0), LifecycleStep.STORE, Set.of(0)));
    }
  }

  @Test
  void leadsWithNothingPendingComeAfterTheOnesWithADeadlineWhenTheFilterAsksForThem() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("won@contoso.com"), T0);
      f.send(qualifiedBody("open@contoso.com"), T0.plus(HOUR));
      List<LeadEvent> events = f.qualified.readValuesToList();
      String won = events.get(0).leadId();
      f.advanceTo(T0.plus(Duration.ofHours(2)));
      f.activity.pipeInput(
          won,
          LeadActivity.of(won, ActivityType.WON, T0.plus(Duration.ofHours(2)), "sam", null),
          T0.plus(Duration.ofHours(2)));

      Page<WorkItem> all = f.views.workQueue(new WorkQueueFilter(null, false, null, null), 10);

      assertThat(all.items())
          .extracting(item -> item.status().leadId(), WorkItem::dueAt)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  events.get(1).leadId(), T0.plus(Duration.ofHours(25))),
              org.assertj.core.groups.Tuple.tuple(won, null));
    }
  }

  @Test
  void theWorkQueueKeepsOnlyTheOwnerAndOfferAsked() {
    try (ViewsFixture f = new ViewsFixture()) {
      f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(qualifiedBody("kim@contoso.com"), T0);
      List<LeadEvent> events = f.qualified.readValuesToList();
      String assigned = events.get(1).leadId();
      f.activity.pipeInput(
          assigned, LeadActivity.of(assigned, ActivityType.ASSIGNED, T0, "lead", "sam"), T0);

      assertThat(f.views.workQueue(new WorkQueueFilter(null, false, "sam", OFFER), 10).items())
          .extracting(item -> item.status().leadId())
          .containsExactly(assigned);
      assertThat(
              f.views.workQueue(new WorkQueueFilter(null, false, "sam", "other.offer"), 10).items())
          .isEmpty();
    }
  }

  @Test
  void aRoutedRecordIsTracedToItsTopicAndLeadId() {
    try (ViewsFixture f = new ViewsFixture()) {
      String ingestId = f.send(qualifiedBody("pat@contoso.com"), T0);
      String leadId = lastLeadId(f.qualified);

      assertThat(f.views.trace(ingestId).items())
          .containsExactly(
              new TraceEntry(
                  ingestId, T0, TraceOutcome.ROUTED, leadId, "leads.qualified", null, null));
    }
  }

  @Test
  void aDuplicateIsTracedToTheLeadItWasMergedIntoAndAReplayToTheLeadItWasIgnoredFor() {
    try (ViewsFixture f = new ViewsFixture()) {
      String original = f.send(qualifiedBody("pat@contoso.com"), T0);
      String leadId = lastLeadId(f.qualified);
      String duplicate = f.send(qualifiedBody("pat@contoso.com"), T0.plus(HOUR));
      f.send(original, qualifiedBody("pat@contoso.com"), T0);

      assertThat(f.views.trace(duplicate).items())
          .containsExactly(
              new TraceEntry(
                  duplicate, T0.plus(HOUR), TraceOutcome.DUPLICATE, leadId, null, null, null));
      assertThat(f.views.trace(original).items())
          .extracting(TraceEntry::outcome, TraceEntry::leadId)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(TraceOutcome.ROUTED, leadId),
              org.assertj.core.groups.Tuple.tuple(TraceOutcome.REPLAY, leadId));
      assertThat(f.qualified.isEmpty()).isTrue();
    }
  }

  @Test
  void theProcessorsAndTheGatewaysDeadLettersAreTracedWithTheirReasonAndStage() {
    try (ViewsFixture f = new ViewsFixture()) {
      String unparsable = f.send("not json at all", T0);
      Instant failedAt = T0.plus(HOUR);
      f.dlqIn.pipeInput(
          new TestRecord<>(
              "in_gateway",
              "[1]".getBytes(StandardCharsets.UTF_8),
              DeadLetters.headers(
                  RawHeaders.of(
                      "in_gateway", failedAt, RawHeaders.CHANNEL_HTTPS, null, "req-1", null),
                  DeadLetterStage.GATEWAY,
                  DeadLetterReason.NOT_AN_OBJECT,
                  "not an object",
                  failedAt),
              failedAt));

      assertThat(f.views.trace(unparsable).items())
          .extracting(TraceEntry::outcome, TraceEntry::topic, TraceEntry::stage, TraceEntry::leadId)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  TraceOutcome.DEAD_LETTER, "leads.dlq", "processor", null));
      assertThat(f.views.trace(unparsable).items().get(0).reason()).isNotBlank();
      assertThat(f.views.trace("in_gateway").items())
          .containsExactly(
              new TraceEntry(
                  "in_gateway",
                  failedAt,
                  TraceOutcome.DEAD_LETTER,
                  null,
                  "leads.dlq",
                  "NOT_AN_OBJECT",
                  "gateway"));
      assertThat(f.views.trace("in_gateway").partitions())
          .isEqualTo(
              Map.of(ViewsStep.TRACE_STORE, Set.of(0), ViewsStep.DLQ_TRACE_STORE, Set.of(0)));
    }
  }

  @Test
  void aTraceIsKeptForTheDedupWindow() {
    try (ViewsFixture f = new ViewsFixture(Map.of("processor.dedup.window", "PT1H"))) {
      String old = f.send(qualifiedBody("pat@contoso.com"), T0);
      f.send(qualifiedBody("kim@contoso.com"), T0.plus(Duration.ofHours(3)));

      assertThat(f.views.trace(old).items()).isEmpty();
    }
  }
}
