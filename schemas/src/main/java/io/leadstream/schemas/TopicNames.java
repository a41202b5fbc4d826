package io.leadstream.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names of Leadstream's topics: the defaults of the design, each overridable by a config key
 * {@code topics.<logical name>} (for example {@code topics.raw=acme.leads.raw}). {@link #DEFAULTS}
 * is the one list of them; {@link Topics} gives each its serdes and checks that it covers this list
 * exactly.
 */
public final class TopicNames {

  public static final String PREFIX = "topics.";

  /** Logical name to default name, in the order of the design's table. */
  private static final Map<String, String> DEFAULTS =
      ordered(
          "raw", "leads.raw",
          "qualified", "leads.qualified",
          "nurture", "leads.nurture",
          "dnc", "leads.dnc",
          "test", "leads.test",
          "dlq", "leads.dlq",
          "offers", "leads.offers",
          "dlqReplays", "leads.dlq.replays",
          "activity", "leads.activity",
          "alerts", "leads.alerts",
          "status", "leads.status");

  private final Map<String, String> names;

  private TopicNames(Map<String, String> names) {
    this.names = Collections.unmodifiableMap(names);
  }

  /** The design's default names. */
  public static TopicNames defaults() {
    return new TopicNames(DEFAULTS);
  }

  /** Defaults overridden by any {@code topics.*} key of {@code config}; other keys are ignored. */
  public static TopicNames fromConfig(Map<String, ?> config) {
    Map<String, String> names = new LinkedHashMap<>();
    DEFAULTS.forEach((logical, fallback) -> names.put(logical, pick(config, logical, fallback)));
    return new TopicNames(names);
  }

  public String raw() {
    return name("raw");
  }

  public String qualified() {
    return name("qualified");
  }

  public String nurture() {
    return name("nurture");
  }

  public String dnc() {
    return name("dnc");
  }

  public String test() {
    return name("test");
  }

  public String dlq() {
    return name("dlq");
  }

  public String offers() {
    return name("offers");
  }

  public String dlqReplays() {
    return name("dlqReplays");
  }

  public String activity() {
    return name("activity");
  }

  public String alerts() {
    return name("alerts");
  }

  public String status() {
    return name("status");
  }

  /** Logical name to topic name, in the order of the design's table (unmodifiable). */
  public Map<String, String> asMap() {
    return names;
  }

  private String name(String logical) {
    return names.get(logical);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TopicNames that && names.equals(that.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return "TopicNames" + names;
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static String pick(Map<String, ?> config, String logical, String fallback) {
    Object value = config.get(PREFIX + logical);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    String name = value.toString().trim();
    if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          PREFIX + logical + " is not a valid Kafka topic name: '" + name + "'");
    }
    return name;
  }
}
