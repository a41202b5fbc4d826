package io.leadstream.schemas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The names of Leadstream's topics: the defaults of the design, each overridable by a config key
 * {@code topics.<logical name>} (for example {@code topics.raw=acme.leads.raw}).
 */
public record TopicNames(
    String raw,
    String qualified,
    String nurture,
    String dnc,
    String test,
    String dlq,
    String offers,
    String dlqReplays,
    String activity,
    String alerts,
    String status) {

  public static final String PREFIX = "topics.";

  public TopicNames {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(qualified, "qualified");
    Objects.requireNonNull(nurture, "nurture");
    Objects.requireNonNull(dnc, "dnc");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(dlq, "dlq");
    Objects.requireNonNull(offers, "offers");
    Objects.requireNonNull(dlqReplays, "dlqReplays");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(status, "status");
  }

  /** The design's default names. */
  public static TopicNames defaults() {
    return new TopicNames(
        "leads.raw",
        "leads.qualified",
        "leads.nurture",
        "leads.dnc",
        "leads.test",
        "leads.dlq",
        "leads.offers",
        "leads.dlq.replays",
        "leads.activity",
        "leads.alerts",
        "leads.status");
  }

  /** Defaults overridden by any {@code topics.*} key of {@code config}; other keys are ignored. */
  public static TopicNames fromConfig(Map<String, ?> config) {
    TopicNames d = defaults();
    return new TopicNames(
        pick(config, "raw", d.raw),
        pick(config, "qualified", d.qualified),
        pick(config, "nurture", d.nurture),
        pick(config, "dnc", d.dnc),
        pick(config, "test", d.test),
        pick(config, "dlq", d.dlq),
        pick(config, "offers", d.offers),
        pick(config, "dlqReplays", d.dlqReplays),
        pick(config, "activity", d.activity),
        pick(config, "alerts", d.alerts),
        pick(config, "status", d.status));
  }

  /** Logical name to topic name, in the order of the design's table. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("raw", raw);
    map.put("qualified", qualified);
    map.put("nurture", nurture);
    map.put("dnc", dnc);
    map.put("test", test);
    map.put("dlq", dlq);
    map.put("offers", offers);
    map.put("dlqReplays", dlqReplays);
    map.put("activity", activity);
    map.put("alerts", alerts);
    map.put("status", status);
    return map;
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
