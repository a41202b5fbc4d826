package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Checks that an answer is the gateway's one error shape and returns it. */
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

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProblemAssert() {}
}
