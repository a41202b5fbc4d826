package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Checks that an answer has the gateway's one error shape (or the one health shape). */
final class ProblemAssert {

  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode problem(HttpResponse<String> response, int status, String slug) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode json = json(response.body());
    assertThat(json.path("type").asText()).isEqualTo("urn:leadstream:problem:" + slug);
    assertThat(json.path("status").asInt()).isEqualTo(status);
    assertThat(json.path("title").asText()).isNotBlank();
    assertThat(json.path("detail").asText()).isNotBlank();
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(json.path("requestId").asText()).isEqualTo(requestId);
    assertThat(json.path("instance").asText()).isEqualTo("urn:leadstream:request:" + requestId);
    if (status == 503) {
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
    return json;
  }

  /**
   * Checks that an answer of {@code /healthz} or {@code /readyz} has the one health shape of every
   * service, {@code {"status":"UP"|"DOWN","detail":...}}, with 200 or 503, and returns its detail.
   */
  static String health(HttpResponse<String> response, boolean up) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(up ? 200 : 503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode json = json(response.body());
    assertThat(json.path("status").asText()).isEqualTo(up ? "UP" : "DOWN");
    assertThat(json.size()).isEqualTo(2);
    if (!up) {
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
    return json.path("detail").asText();
  }

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProblemAssert() {}
}
