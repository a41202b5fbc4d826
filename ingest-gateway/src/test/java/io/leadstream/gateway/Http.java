package io.leadstream.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A real HTTP client for the tests: the JDK's, on the gateway's base URL. */
final class Http {

  static final String TOKEN = "test-token-0123456789abcdef";
  static final String OTHER_TOKEN = "rotated-token-fedcba9876543210";
  static final String ACTIVITY_TOKEN = "activity-token-0123456789abcdef";
  static final String OTHER_ACTIVITY_TOKEN = "activity-rotated-fedcba9876543210";
  static final String LEAD_ID = "ld_abcdefghijklmnopqrstuvwxyz234567";

  private final HttpClient client;
  private final URI base;

  Http(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  URI base() {
    return base;
  }

  Http(URI base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  /** POST {@code body} as application/json to /v1/leads with the token in the query. */
  HttpResponse<String> postLead(String body) {
    return send(
        request("/v1/leads?code=" + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  CompletableFuture<HttpResponse<String>> postLeadAsync(String body) {
    return client.sendAsync(
        request("/v1/leads?code=" + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POST {@code body} with {@code contentType} to /v1/activity with the activity token. */
  HttpResponse<String> postActivity(String contentType, String body) {
    return send(activityRequest(contentType, body));
  }

  HttpRequest activityRequest(String contentType, String body) {
    return request("/v1/activity?code=" + ACTIVITY_TOKEN)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** A LeadActivity v1 JSON object for {@link #LEAD_ID} with these extra members (JSON text). */
  static String activity(String type, String more) {
    return "{\"leadId\":\"" + LEAD_ID + "\",\"type\":\"" + type + "\"" + more + "}";
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A small lead with obviously fake data. */
  static String lead(int n) {
    return "{\"ActionCode\":\"INS\",\"OfferTitle\":\"Fake Offer\",\"LeadSource\":\"AzureMarketplace\","
        + "\"UserDetails\":{\"FirstName\":\"Test\",\"LastName\":\"Person"
        + n
        + "\",\"Email\":\"test.person"
        + n
        + "@example.com\",\"Country\":\"US\"}}";
  }
}
