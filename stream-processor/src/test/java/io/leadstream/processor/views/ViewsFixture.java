package io.leadstream.processor.views;

import io.leadstream.processor.ProcessorSettings;
import io.leadstream.processor.TopologyFixture;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.OfferCatalogEntry;
import io.leadstream.schemas.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The real topology in a TopologyTestDriver ({@link TopologyFixture}: production settings, names
 * and serdes, raw leads as the gateway writes them), with {@link StoreViews} reading its stores as
 * one partition.
 */
final class ViewsFixture implements AutoCloseable {

  static final Instant T0 = TopologyFixture.T0;
  static final String OFFER = "contoso.sales-insights";
  static final String MARKETPLACE = "AzureMarketplace-INS|" + OFFER;
  static final String APPSOURCE_PLT = "SPZA-PLT|" + OFFER;

  final TopologyFixture topology;
  final ProcessorSettings settings;
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> raw;
  final TestInputTopic<String, byte[]> dlqIn;
  final TestInputTopic<String, LeadActivity> activity;
  final TestInputTopic<String, OfferCatalogEntry> offers;
  final TestOutputTopic<String, LeadEvent> qualified;
  final TestOutputTopic<String, LeadEvent> nurture;
  final TestOutputTopic<String, LeadEvent> test;
  final DriverReader reader;
  final StoreViews views;
  private Instant clock = T0;
  private int sequence;

  ViewsFixture() {
    this(Map.of());
  }

  ViewsFixture(Map<String, String> overrides) {
    topology = new TopologyFixture(overrides);
    settings = topology.settings;
    driver = topology.driver;
    raw = topology.raw;
    offers = topology.offers;
    qualified = topology.qualified;
    nurture = topology.nurture;
    test = topology.test;
    TopicNames names = settings.topics();
    dlqIn =
        driver.createInputTopic(
            names.dlq(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    activity =
        driver.createInputTopic(
            names.activity(), Serdes.String().serializer(), LeadSerdes.leadActivity().serializer());
    reader = new DriverReader(driver);
    views = new StoreViews(reader, settings.lifecycleEnabled());
  }

  /** Pipes a raw lead as the gateway writes it, received at {@code at}; returns its ingest id. */
  String send(String json, Instant at) {
    return send("in_views" + ++sequence, json, at);
  }

  String send(String ingestId, String json, Instant at) {
    return topology.send(ingestId, json.getBytes(StandardCharsets.UTF_8), at);
  }

  /** The leadId of the last event routed to {@code topic}, draining it. */
  static String lastLeadId(TestOutputTopic<String, LeadEvent> topic) {
    List<KeyValue<String, LeadEvent>> all = topic.readKeyValuesToList();
    return all.get(all.size() - 1).key;
  }

  /** Moves the wall clock to {@code wallClock}; punctuations that fall due run. */
  void advanceTo(Instant wallClock) {
    Duration step = Duration.between(clock, wallClock);
    if (!step.isNegative() && !step.isZero()) {
      driver.advanceWallClockTime(step);
      clock = wallClock;
    }
  }

  <V> Map<String, V> store(String name) {
    KeyValueStore<String, V> store = driver.getKeyValueStore(name);
    Map<String, V> all = new java.util.TreeMap<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      it.forEachRemaining(kv -> all.put(kv.key, kv.value));
    }
    return all;
  }

  @Override
  public void close() {
    topology.close();
  }

  /** A qualified lead: business email, phone, a known action. */
  static String qualifiedBody(String email) {
    return body(email, "INS", MARKETPLACE);
  }

  /** A nurture lead: a free-mail address and no company are no business identity. */
  static String nurtureBody(String email) {
    return body(email, "PLT", APPSOURCE_PLT).replace(",\"Company\":\"Contoso\"", "");
  }

  static String body(String email, String actionCode, String leadSource) {
    return "{\"UserDetails\":{\"FirstName\":\"Pat\",\"LastName\":\"Doe\",\"Email\":\""
        + email
        + "\",\"Phone\":\"4255550100\",\"Country\":\"US\",\"Company\":\"Contoso\"},"
        + "\"ActionCode\":\""
        + actionCode
        + "\",\"LeadSource\":\""
        + leadSource
        + "\",\"OfferTitle\":\"Contoso Sales Insights\"}";
  }
}
