package io.leadstream.notify;

import io.leadstream.schemas.LeadAlert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP POST of one alert to one channel, and what it means: delivered (2xx), worth trying again
 * (a network error, 408, 425, 429, 5xx; with the receiver's Retry-After when it sent one), or
 * refused for good (any other status: a wrong URL or a revoked webhook will not heal by retrying).
 */
final class Delivery {

  /** What one attempt came to. */
  sealed interface Outcome {
    record Delivered(int status) implements Outcome {}

    record Retry(String reason, Optional<Duration> retryAfter) implements Outcome {}

    record Rejected(int status) implements Outcome {}
  }

  private final HttpClient client;
  private final Channel channel;
  private final URI url;
  private final String webhookSecret;
  private final String consoleUrl;
  private final Duration timeout;

  Delivery(HttpClient client, Channel channel, URI url, NotifySettings settings) {
    this.client = client;
    this.channel = channel;
    this.url = url;
    this.webhookSecret = settings.webhookSecret();
    this.consoleUrl = settings.consoleUrl();
    this.timeout = settings.requestTimeout();
  }

  Outcome attempt(LeadAlert alert) throws InterruptedException {
    return attempt(alert, null);
  }

  /** One attempt; {@code contact} (null: none) goes into the message's contact block. */
  Outcome attempt(LeadAlert alert, ContactDirectory.Contact contact) throws InterruptedException {
    byte[] body = Messages.body(channel, alert, consoleUrl, contact);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(Messages.IDEMPOTENCY_HEADER, alert.alertId())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (channel == Channel.WEBHOOK) {
      request.header(Messages.SIGNATURE_HEADER, Messages.signature(webhookSecret, body));
    }
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // The message names the failure's kind only: a URL (with its secret path) is never logged.
      return new Outcome.Retry(e.getClass().getSimpleName(), Optional.empty());
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered(status);
    }
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      return new Outcome.Retry("HTTP " + status, retryAfter(response));
    }
    return new Outcome.Rejected(status);
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
              } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: our own backoff will do
              }
            });
  }
}
