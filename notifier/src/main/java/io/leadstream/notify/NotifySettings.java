package io.leadstream.notify;

import io.leadstream.config.Config;
import io.leadstream.config.KafkaSettings;
import io.leadstream.schemas.AlertType;
import io.leadstream.schemas.TopicNames;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifier's settings ({@code notify.*}; defaults in {@value #DEFAULTS}).
 *
 * @param urls the configured channels and their URLs ({@code notify.teams.url}, {@code
 *     notify.slack.url}, {@code notify.webhook.url}); none configured means nothing runs
 * @param webhookSecret {@code notify.webhook.secret}: the HMAC key of {@code Leadstream-Signature};
 *     required with a webhook URL
 * @param types {@code notify.types}: which alert types are delivered
 * @param consoleUrl {@code notify.console.url}: base of the link to a lead's page, or null
 * @param retryInitial {@code notify.retry.initial}: the first wait after a failed delivery
 * @param retryMax {@code notify.retry.max}: the longest wait between tries
 * @param requestTimeout {@code notify.request.timeout}: one HTTP request's limit
 * @param groupPrefix {@code notify.group.id}: consumer groups are this + "-" + channel
 * @param alertsTopic {@code topics.alerts}
 * @param includeContact {@code notify.include.contact}: messages carry the lead's name, company,
 *     email and phone (looked up on the lead topics); when false nothing about the customer is read
 * @param contactTopics where the contact is looked up: {@code topics.qualified} and {@code
 *     topics.nurture} (never {@code leads.dnc})
 */
public record NotifySettings(
    Map<Channel, URI> urls,
    String webhookSecret,
    Set<AlertType> types,
    String consoleUrl,
    Duration retryInitial,
    Duration retryMax,
    Duration requestTimeout,
    String groupPrefix,
    String alertsTopic,
    Map<String, String> kafka,
    boolean includeContact,
    List<String> contactTopics) {

  /** Classpath resource with the shipped defaults. */
  public static final String DEFAULTS = "/notifier-defaults.properties";

  public NotifySettings {
    urls = urls.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(urls));
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
    kafka = Map.copyOf(kafka);
    contactTopics = List.copyOf(contactTopics);
    if (urls.containsKey(Channel.WEBHOOK)
        && (webhookSecret == null || webhookSecret.getBytes().length < 16)) {
      throw new Config.ConfigException(
          "notify.webhook.secret", "must be set (at least 16 bytes) when notify.webhook.url is");
    }
    if (retryInitial.isNegative()
        || retryInitial.isZero()
        || retryMax.compareTo(retryInitial) < 0) {
      throw new Config.ConfigException(
          "notify.retry.initial", "must be positive and at most notify.retry.max");
    }
  }

  public static NotifySettings from(Config config) {
    TopicNames topics = TopicNames.fromConfig(config.asMap());
    Map<Channel, URI> urls = new EnumMap<>(Channel.class);
    for (Channel channel : Channel.values()) {
      String key = "notify." + channel.code() + ".url";
      config
          .get(key)
          .map(String::strip)
          .filter(url -> !url.isEmpty())
          .ifPresent(url -> urls.put(channel, uri(key, url)));
    }
    Set<AlertType> types = EnumSet.noneOf(AlertType.class);
    for (String type : config.list("notify.types")) {
      try {
        types.add(AlertType.valueOf(type.strip()));
      } catch (IllegalArgumentException e) {
        throw new Config.ConfigException(
            "notify.types",
            "unknown alert type; expected some of " + EnumSet.allOf(AlertType.class));
      }
    }
    return new NotifySettings(
        urls,
        config.get("notify.webhook.secret").filter(s -> !s.isBlank()).orElse(null),
        types,
        config.get("notify.console.url").filter(s -> !s.isBlank()).orElse(null),
        config.duration("notify.retry.initial"),
        config.duration("notify.retry.max"),
        config.duration("notify.request.timeout"),
        config.string("notify.group.id"),
        topics.alerts(),
        KafkaSettings.from(config).values(),
        config.bool("notify.include.contact"),
        List.of(topics.qualified(), topics.nurture()));
  }

  /** Whether any channel is configured. */
  public boolean enabled() {
    return !urls.isEmpty();
  }

  private static URI uri(String key, String url) {
    try {
      URI uri = URI.create(url);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      // The URL may hold a secret (Slack's and Teams' do): never echo it.
      throw new Config.ConfigException(key, "must be an http or https URL");
    }
  }
}
