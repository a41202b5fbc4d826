package io.leadstream.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The topic registry: every Leadstream topic with its key and value serdes, names from {@link
 * TopicNames} (defaults as the README's "Topics" lists them, each overridable by {@code
 * topics.<logical name>}). Immutable.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>accessor</th><th>key</th><th>value</th></tr>
 *   <tr><td>raw, dlq</td><td>ingest id</td><td>bytes as received</td></tr>
 *   <tr><td>qualified, nurture, dnc, test</td><td>leadId</td><td>{@link LeadEvent}</td></tr>
 *   <tr><td>offers</td><td>offer id</td><td>{@link OfferCatalogEntry} (compacted)</td></tr>
 *   <tr><td>dlqReplays</td><td>ingest id</td><td>the replayed dead letter's mark
 *   (compacted)</td></tr>
 *   <tr><td>activity</td><td>leadId</td><td>{@link LeadActivity}</td></tr>
 *   <tr><td>alerts</td><td>leadId</td><td>{@link LeadAlert}</td></tr>
 *   <tr><td>status</td><td>leadId</td><td>{@link LeadStatus} (compacted)</td></tr>
 * </table>
 *
 * <p>{@link #all()} is the one list of topic specs: the processor's {@code TopicProvisioner},
 * {@code ./leadstream topics} and docker-compose's one-shot setup all create topics from it.
 */
public final class Topics {

  private final TopicNames names;
  private final Topic<String, byte[]> raw;
  private final Topic<String, LeadEvent> qualified;
  private final Topic<String, LeadEvent> nurture;
  private final Topic<String, LeadEvent> dnc;
  private final Topic<String, LeadEvent> test;
  private final Topic<String, byte[]> dlq;
  private final Topic<String, OfferCatalogEntry> offers;
  private final Topic<String, byte[]> dlqReplays;
  private final Topic<String, LeadActivity> activity;
  private final Topic<String, LeadAlert> alerts;
  private final Topic<String, LeadStatus> status;
  private final List<Topic<String, ?>> all = new ArrayList<>();

  public Topics(TopicNames names) {
    this.names = Objects.requireNonNull(names, "names");
    raw = add(new Topic<>(names.raw(), LeadSerdes.key(), LeadSerdes.rawBytes()));
    qualified = add(new Topic<>(names.qualified(), LeadSerdes.key(), LeadSerdes.leadEvent()));
    nurture = add(new Topic<>(names.nurture(), LeadSerdes.key(), LeadSerdes.leadEvent()));
    dnc = add(new Topic<>(names.dnc(), LeadSerdes.key(), LeadSerdes.leadEvent()));
    test = add(new Topic<>(names.test(), LeadSerdes.key(), LeadSerdes.leadEvent()));
    dlq = add(new Topic<>(names.dlq(), LeadSerdes.key(), LeadSerdes.rawBytes()));
    offers =
        add(new Topic<>(names.offers(), LeadSerdes.key(), LeadSerdes.offerCatalogEntry(), true));
    dlqReplays =
        add(new Topic<>(names.dlqReplays(), LeadSerdes.key(), LeadSerdes.rawBytes(), true));
    activity = add(new Topic<>(names.activity(), LeadSerdes.key(), LeadSerdes.leadActivity()));
    alerts = add(new Topic<>(names.alerts(), LeadSerdes.key(), LeadSerdes.leadAlert()));
    status = add(new Topic<>(names.status(), LeadSerdes.key(), LeadSerdes.leadStatus(), true));
    List<String> registered = all.stream().map(Topic::name).toList();
    if (!registered.equals(List.copyOf(names.asMap().values()))) {
      throw new IllegalStateException(
          "the registry's topics " + registered + " are not the named ones " + names.asMap());
    }
  }

  private <V> Topic<String, V> add(Topic<String, V> topic) {
    all.add(topic);
    return topic;
  }

  /** The registry with the design's default names. */
  public static Topics defaults() {
    return new Topics(TopicNames.defaults());
  }

  /** The registry with names overridden by any {@code topics.*} key of {@code config}. */
  public static Topics fromConfig(Map<String, ?> config) {
    return new Topics(TopicNames.fromConfig(config));
  }

  public TopicNames names() {
    return names;
  }

  /** {@code leads.raw}: ingest id to the exact bytes received (+ {@link RawHeaders}). */
  public Topic<String, byte[]> raw() {
    return raw;
  }

  /** {@code leads.qualified}: contact now. */
  public Topic<String, LeadEvent> qualified() {
    return qualified;
  }

  /** {@code leads.nurture}: real leads that did not meet the qualification rules. */
  public Topic<String, LeadEvent> nurture() {
    return nurture;
  }

  /** {@code leads.dnc}: do-not-contact notifications; never to outreach. */
  public Topic<String, LeadEvent> dnc() {
    return dnc;
  }

  /** {@code leads.test}: Partner Center connection test leads. */
  public Topic<String, LeadEvent> test() {
    return test;
  }

  /**
   * {@code leads.dlq}: ingest id to the original bytes + reason headers (see {@link DeadLetters}).
   */
  public Topic<String, byte[]> dlq() {
    return dlq;
  }

  /** {@code leads.offers}: compacted offer catalog, offer id to {@link OfferCatalogEntry}. */
  public Topic<String, OfferCatalogEntry> offers() {
    return offers;
  }

  /**
   * {@code leads.dlq.replays}: compacted; ingest id to the mark ({@code <dlq topic>/<partition>/
   * <offset>}) of the dead letter last replayed under that id, written by {@code ./leadstream dlq
   * replay} in the same transaction as the replayed raw record. Small (one record per replayed id),
   * so a replay reads it instead of all of {@code leads.raw}.
   */
  public Topic<String, byte[]> dlqReplays() {
    return dlqReplays;
  }

  /**
   * {@code leads.activity}: leadId to {@link LeadActivity}, what sales and marketing did with a
   * lead. Read with the checks of {@link LeadActivities#parse}; must have as many partitions as the
   * processor's leadId repartition topic.
   */
  public Topic<String, LeadActivity> activity() {
    return activity;
  }

  /** {@code leads.alerts}: leadId to {@link LeadAlert}, a lead that needs a person now. */
  public Topic<String, LeadAlert> alerts() {
    return alerts;
  }

  /** {@code leads.status}: compacted; leadId to the lead's current {@link LeadStatus}. */
  public Topic<String, LeadStatus> status() {
    return status;
  }

  /** The four LeadEvent outputs, in the design's order: qualified, nurture, dnc, test. */
  public List<Topic<String, LeadEvent>> leadEventTopics() {
    return List.of(qualified, nurture, dnc, test);
  }

  /**
   * The topics keyed by leadId that the processor reads beside its leadId repartition topic: they
   * must have exactly as many partitions as it ({@code processor.topic.partitions}).
   */
  public List<Topic<String, ?>> copartitioned() {
    return List.of(activity);
  }

  /** Every topic, in the design's order: what to create, with each one's cleanup policy. */
  public List<Topic<String, ?>> all() {
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "Topics" + names.asMap();
  }
}
