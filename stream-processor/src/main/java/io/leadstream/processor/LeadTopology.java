package io.leadstream.processor;

import io.leadstream.processor.lifecycle.LeadChange;
import io.leadstream.processor.lifecycle.LifecycleStep;
import io.leadstream.processor.views.ViewsStep;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.OfferCatalogEntry;
import io.leadstream.schemas.Routing;
import io.leadstream.schemas.Topic;
import io.leadstream.schemas.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Leadstream's topology; a pure function of the settings (no I/O, no KafkaStreams). Each
 * step does one thing, under its own node name:
 *
 * <pre>
 * leads.raw -> parse-normalize -+-> dead letters -> leads.dlq
 *                               +-> key-by-lead-id -> [lead-by-id repartition]
 *   -> dedup (lead-dedup-store)                      de-duplication: NEW or UPDATED merged leads
 *   -> enrich-region -> enrich-offer (leads.offers)  enrichment: region, owner, product line
 *   -> qualify                                       qualification and followUpBy
 *   -> route-test | route-dnc | route-qualified | route-nurture (-> count-* -> leads-*-sink)
 *   -> lifecycle (leads.activity too; see {@link LifecycleStep})      leads.status, leads.alerts
 *        -> funnel (see {@link ViewsStep}; lead-latest and trace beside it)
 * </pre>
 *
 * The lifecycle step reads the qualified events beside the routing step and judges each by the same
 * {@link Route}, so it touches none of the steps before it.
 *
 * <p>Every source, sink, store, branch and the repartition topic is named, so names do not shift
 * when the topology changes ({@code ensure.explicit.internal.resource.naming} is on).
 */
public final class LeadTopology {

  /** The repartition topic's name (Kafka Streams adds the application id and "-repartition"). */
  public static final String REPARTITION = "lead-by-id";

  /** The state store materializing the offer catalog. */
  public static final String OFFER_STORE = "offer-catalog-store";

  private LeadTopology() {}

  public static Topology build(ProcessorSettings settings, LeadMetrics metrics) {
    Topics topics = new Topics(settings.topics());
    LeadIds leadIds = LeadIds.withSecret(settings.leadIdSecret());
    RegionTable regions = RegionTable.shipped(settings.regionOverrides());
    Qualifier qualifier = new Qualifier(settings.qualification(), settings.followUpSla());
    InternalSerde<ParsedLead> parsedLeadSerde = InternalSerde.parsedLeads();
    InternalSerde<DedupState> stateSerde = InternalSerde.dedupStates();

    // Built with the application's config so that ensure.explicit.internal.resource.naming is
    // checked here, in tests too, and not first when the application starts.
    StreamsBuilder builder =
        new StreamsBuilder(new TopologyConfig(new StreamsConfig(settings.streamsProperties())));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                DedupProcessor.STORE, settings.dedupWindow(), settings.dedupWindow(), false),
            Serdes.String(),
            stateSerde));
    GlobalKTable<String, OfferCatalogEntry> offers =
        builder.globalTable(
            topics.offers().name(),
            Consumed.with(topics.offers().keySerde(), topics.offers().valueSerde())
                .withName("leads-offers-source"),
            // In memory: the catalog is a publisher's offers (tens, not millions), restored from
            // its compacted topic at each start, and looked up once per emitted lead.
            Materialized.<String, OfferCatalogEntry>as(Stores.inMemoryKeyValueStore(OFFER_STORE))
                .withKeySerde(topics.offers().keySerde())
                .withValueSerde(topics.offers().valueSerde()));

    KStream<String, ParseResult> parsed =
        builder.stream(
                topics.raw().name(),
                Consumed.with(topics.raw().keySerde(), topics.raw().valueSerde())
                    .withName("leads-raw-source"))
            .processValues(() -> new ParseProcessor(leadIds, metrics), Named.as("parse-normalize"));

    KStream<String, ParsedLead> byLeadId = byLeadId(parsed, topics, settings, parsedLeadSerde);
    Map<String, KStream<String, DedupOutcome>> dedup =
        byLeadId
            .processValues(
                () -> new DedupProcessor(settings.dedupWindow(), metrics),
                Named.as("dedup"),
                DedupProcessor.STORE)
            .split(Named.as("dedup-"))
            .branch((leadId, outcome) -> outcome.isEmitted(), Branched.as("emitted"))
            .defaultBranch(Branched.as("dropped"));
    KStream<String, LeadEvent> deduplicated =
        dedup.get("dedup-emitted").mapValues(DedupOutcome::event, Named.as("dedup-event"));
    KStream<String, LeadEvent> enriched =
        deduplicated
            .mapValues(regions::withRegion, Named.as("enrich-region"))
            .leftJoin(
                offers,
                (leadId, event) -> catalogKey(event),
                LeadTopology::withCatalog,
                Named.as("enrich-offer"));
    KStream<String, LeadEvent> qualified =
        enriched.mapValues(qualifier::qualify, Named.as("qualify"));
    route(qualified, topics, metrics);
    KStream<String, LeadChange> changes =
        settings.lifecycleEnabled()
            ? LifecycleStep.addTo(
                builder, qualified, topics, settings.lifecycle(), metrics.lifecycle())
            : null;
    ViewsStep.addTo(builder, qualified, changes, dedup.get("dedup-dropped"), topics, settings);
    return builder.build();
  }

  /**
   * Parsed leads to the dedup step's input, dead letters to {@code leads.dlq}: re-keyed by leadId
   * through the {@value #REPARTITION} topic, so one task sees every lead of a customer-offer.
   */
  private static KStream<String, ParsedLead> byLeadId(
      KStream<String, ParseResult> parsed,
      Topics topics,
      ProcessorSettings settings,
      InternalSerde<ParsedLead> serde) {
    Map<String, KStream<String, ParseResult>> outcomes =
        parsed
            .split(Named.as("parse-"))
            .branch((ingestId, result) -> result.failed(), Branched.as("dead-letter"))
            .defaultBranch(Branched.as("parsed"));
    outcomes
        .get("parse-dead-letter")
        .mapValues(ParseResult::deadLetterBody, Named.as("dead-letter-body"))
        .to(
            topics.dlq().name(),
            Produced.with(topics.dlq().keySerde(), topics.dlq().valueSerde())
                .withName("leads-dlq-sink"));
    return outcomes
        .get("parse-parsed")
        .mapValues(ParseResult::lead, Named.as("parsed-lead"))
        .selectKey((ingestId, lead) -> lead.leadId(), Named.as("key-by-lead-id"))
        .repartition(
            Repartitioned.<String, ParsedLead>as(REPARTITION)
                .withKeySerde(Serdes.String())
                .withValueSerde(serde)
                .withNumberOfPartitions(settings.partitions()));
  }

  /** The routing step: each event to the topic of its {@link Route}, counted on the way. */
  private static void route(KStream<String, LeadEvent> events, Topics topics, LeadMetrics metrics) {
    var split = events.split(Named.as("route-"));
    Route[] routes = Route.values();
    for (int i = 0; i < routes.length - 1; i++) {
      Route route = routes[i];
      split =
          split.branch(
              (leadId, event) -> Route.of(event) == route,
              Branched.withConsumer(s -> sink(s, route, topics, metrics), route.branch()));
    }
    Route last = routes[routes.length - 1];
    split.defaultBranch(Branched.withConsumer(s -> sink(s, last, topics, metrics), last.branch()));
  }

  private static void sink(
      KStream<String, LeadEvent> events, Route route, Topics topics, LeadMetrics metrics) {
    Topic<String, LeadEvent> topic = route.topic(topics);
    events
        .peek(
            (leadId, event) -> metrics.routed(route.branch(), event),
            Named.as("count-" + route.branch()))
        .to(
            topic.name(),
            Produced.with(topic.keySerde(), topic.valueSerde())
                .withName("leads-" + route.branch() + "-sink"));
  }

  /** The catalog key of a lead's offer: its offer id, else its normalized title, else "". */
  public static String catalogKey(LeadEvent event) {
    return catalogKey(event.offer());
  }

  /** The catalog key of an offer (null: ""), as {@link #catalogKey(LeadEvent)}. */
  public static String catalogKey(Offer offer) {
    return offer == null ? "" : offer.key();
  }

  private static LeadEvent withCatalog(LeadEvent event, OfferCatalogEntry entry) {
    if (entry == null) {
      return event;
    }
    Routing routing = event.routing();
    return event.withRouting(
        new Routing(routing == null ? null : routing.region(), entry.owner(), entry.productLine()));
  }
}
