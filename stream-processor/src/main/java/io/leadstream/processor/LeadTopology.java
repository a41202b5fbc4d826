package io.leadstream.processor;

import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.OfferCatalogEntry;
import io.leadstream.schemas.Routing;
import io.leadstream.schemas.Stage;
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
 * Builds Leadstream's topology; a pure function of the settings (no I/O, no KafkaStreams).
 *
 * <pre>
 * leads.raw --parse-normalize--> dead letters --> leads.dlq
 *                              \-> key-by-lead-id --> [lead-by-id repartition] --> dedup
 *                                  (lead-dedup-store) --> enrich-offer (leads.offers as a
 *                                  GlobalKTable, offer-catalog-store) --> route-test | route-dnc |
 *                                  route-qualified | route-nurture --> leads.test | leads.dnc |
 *                                  leads.qualified | leads.nurture
 * </pre>
 *
 * Every source, sink, store, branch and the repartition topic is named, so names do not shift when
 * the topology changes ({@code ensure.explicit.internal.resource.naming} is on).
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
    RegionTable regions = RegionTable.shipped(Map.of());
    Qualifier qualifier = new Qualifier(settings.qualification());
    InternalSerde<RawLead> rawLeadSerde = InternalSerde.rawLeads();
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

    parsed
        .split(Named.as("parse-"))
        .branch(
            (ingestId, result) -> result.failed(),
            Branched.withConsumer(
                deadLetters ->
                    deadLetters
                        .mapValues(ParseResult::deadLetterBody, Named.as("dead-letter-body"))
                        .to(
                            topics.dlq().name(),
                            Produced.with(topics.dlq().keySerde(), topics.dlq().valueSerde())
                                .withName("leads-dlq-sink")),
                "dead-letter"))
        .defaultBranch(
            Branched.withConsumer(
                ok ->
                    route(
                        ok.mapValues(ParseResult::lead, Named.as("parsed-lead"))
                            .selectKey(
                                (ingestId, lead) -> lead.leadId(), Named.as("key-by-lead-id"))
                            .repartition(
                                Repartitioned.<String, RawLead>as(REPARTITION)
                                    .withKeySerde(Serdes.String())
                                    .withValueSerde(rawLeadSerde)
                                    .withNumberOfPartitions(settings.partitions()))
                            .processValues(
                                () ->
                                    new DedupProcessor(
                                        settings.dedupWindow(),
                                        settings.followUpSla(),
                                        regions,
                                        qualifier,
                                        metrics),
                                Named.as("dedup"),
                                DedupProcessor.STORE)
                            .leftJoin(
                                offers,
                                (leadId, event) -> catalogKey(event),
                                LeadTopology::withCatalog,
                                Named.as("enrich-offer")),
                        topics,
                        metrics),
                "parsed"));
    return builder.build();
  }

  private static void route(KStream<String, LeadEvent> events, Topics topics, LeadMetrics metrics) {
    events
        .split(Named.as("route-"))
        .branch(
            (leadId, event) -> event.test(),
            Branched.withConsumer(s -> sink(s, topics.test(), "test", metrics), "test"))
        .branch(
            (leadId, event) -> event.stage() == Stage.DO_NOT_CONTACT,
            Branched.withConsumer(s -> sink(s, topics.dnc(), "dnc", metrics), "dnc"))
        .branch(
            (leadId, event) -> event.qualification().qualified(),
            Branched.withConsumer(
                s -> sink(s, topics.qualified(), "qualified", metrics), "qualified"))
        .defaultBranch(
            Branched.withConsumer(s -> sink(s, topics.nurture(), "nurture", metrics), "nurture"));
  }

  private static void sink(
      KStream<String, LeadEvent> events,
      Topic<String, LeadEvent> topic,
      String branch,
      LeadMetrics metrics) {
    events
        .peek((leadId, event) -> metrics.routed(branch, event), Named.as("count-" + branch))
        .to(
            topic.name(),
            Produced.with(topic.keySerde(), topic.valueSerde())
                .withName("leads-" + branch + "-sink"));
  }

  /** The catalog key of a lead's offer: its offer id, else its normalized title, else "". */
  static String catalogKey(LeadEvent event) {
    return event.offer() == null ? "" : event.offer().key();
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
