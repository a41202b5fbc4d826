package io.leadstream.processor;

import io.leadstream.config.Config;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.OfferCatalogEntry;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver around the real topology, with the production topic names and serdes; the
 * views' tests build on it ({@code views.ViewsFixture}).
 */
public final class TopologyFixture implements AutoCloseable {

  public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  public final ProcessorSettings settings;
  final RecordingMetrics metrics = new RecordingMetrics();
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, byte[]> raw;
  public final TestInputTopic<String, OfferCatalogEntry> offers;
  public final TestOutputTopic<String, LeadEvent> qualified;
  public final TestOutputTopic<String, LeadEvent> nurture;
  final TestOutputTopic<String, LeadEvent> dnc;
  public final TestOutputTopic<String, LeadEvent> test;
  final TestOutputTopic<String, byte[]> dlq;
  private final AtomicInteger ingestSequence = new AtomicInteger();

  TopologyFixture() {
    this(Map.of());
  }

  public TopologyFixture(Map<String, String> overrides) {
    settings =
        ProcessorSettings.from(
            Config.load(ProcessorSettings.DEFAULTS, Optional.empty(), Map.of(), overrides));
    driver =
        new TopologyTestDriver(
            LeadTopology.build(settings, metrics), settings.streamsProperties(), T0);
    TopicNames names = settings.topics();
    raw =
        driver.createInputTopic(
            names.raw(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    offers =
        driver.createInputTopic(
            names.offers(),
            Serdes.String().serializer(),
            LeadSerdes.offerCatalogEntry().serializer());
    qualified = output(names.qualified());
    nurture = output(names.nurture());
    dnc = output(names.dnc());
    test = output(names.test());
    dlq =
        driver.createOutputTopic(
            names.dlq(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  private TestOutputTopic<String, LeadEvent> output(String topic) {
    return driver.createOutputTopic(
        topic, Serdes.String().deserializer(), LeadSerdes.leadEvent().deserializer());
  }

  /** Pipes a raw lead as the gateway writes it, received at {@code at}; returns its ingest id. */
  String send(byte[] body, Instant at) {
    return send("in_test" + ingestSequence.incrementAndGet(), body, at);
  }

  public String send(String ingestId, byte[] body, Instant at) {
    Headers headers =
        RawHeaders.of(
            ingestId, at, RawHeaders.CHANNEL_HTTPS, "application/json", "req-" + ingestId, null);
    raw.pipeInput(new TestRecord<>(ingestId, body, headers, at));
    return ingestId;
  }

  /**
   * Pipes an imported lead as the importer writes it: created at {@code createdAt}, written at
   * {@code importedAt}.
   */
  String sendImport(String ingestId, String json, Instant createdAt, Instant importedAt) {
    Headers headers =
        RawHeaders.of(
            ingestId,
            importedAt,
            RawHeaders.CHANNEL_IMPORT,
            "application/json",
            "im_test",
            createdAt);
    raw.pipeInput(
        new TestRecord<>(ingestId, json.getBytes(StandardCharsets.UTF_8), headers, importedAt));
    return ingestId;
  }

  String send(String json, Instant at) {
    return send(json.getBytes(StandardCharsets.UTF_8), at);
  }

  /** Every output topic is drained: nothing else was emitted. */
  boolean allOutputsEmpty() {
    return qualified.isEmpty()
        && nurture.isEmpty()
        && dnc.isEmpty()
        && test.isEmpty()
        && dlq.isEmpty();
  }

  @Override
  public void close() {
    driver.close();
  }

  /** A Partner Center body with the given fields (nulls left out). */
  static String body(
      String email, String actionCode, String leadSource, String company, String notes) {
    return body(email, actionCode, leadSource, company, notes, "Pat", "Doe", "4255550100", "US");
  }

  static String body(
      String email,
      String actionCode,
      String leadSource,
      String company,
      String notes,
      String firstName,
      String lastName,
      String phone,
      String country) {
    StringBuilder user = new StringBuilder();
    field(user, "FirstName", firstName);
    field(user, "LastName", lastName);
    field(user, "Email", email);
    field(user, "Phone", phone);
    field(user, "Country", country);
    field(user, "Company", company);
    StringBuilder json = new StringBuilder("{\"UserDetails\":{").append(user).append("}");
    if (actionCode != null) {
      json.append(",\"ActionCode\":\"").append(actionCode).append('"');
    }
    if (leadSource != null) {
      json.append(",\"LeadSource\":\"").append(leadSource).append('"');
    }
    json.append(",\"OfferTitle\":\"Contoso Sales Insights\"");
    if (notes != null) {
      json.append(",\"Description\":\"").append(notes).append('"');
    }
    return json.append('}').toString();
  }

  private static void field(StringBuilder json, String name, String value) {
    if (value == null) {
      return;
    }
    if (json.length() > 0) {
      json.append(',');
    }
    json.append('"').append(name).append("\":\"").append(value).append('"');
  }

  static Instant at(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  /** Counts what the topology reports. */
  static final class RecordingMetrics implements LeadMetrics {
    final List<String> routed = new ArrayList<>();
    int duplicates;
    int replays;
    final List<String> deadLetters = new ArrayList<>();

    @Override
    public void routed(String branch, LeadEvent event) {
      routed.add(branch);
    }

    @Override
    public void duplicateDropped() {
      duplicates++;
    }

    @Override
    public void replayIgnored() {
      replays++;
    }

    @Override
    public void deadLettered(String reason) {
      deadLetters.add(reason);
    }
  }
}
