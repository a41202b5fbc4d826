package io.leadstream.notify;

import java.util.Locale;

/** Where alerts can be delivered; each configured channel has its own consumer and offsets. */
public enum Channel {
  /** Microsoft Teams: a workflow or incoming-webhook URL; the message is an Adaptive Card. */
  TEAMS,
  /** Slack: an incoming-webhook URL. */
  SLACK,
  /** Any HTTPS endpoint: the LeadAlert JSON, signed with HMAC-SHA256. */
  WEBHOOK;

  /** The name in settings ({@code notify.teams.url}), metrics and consumer group ids. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
