package io.leadstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadstream.schemas.EventType;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.Fixtures.Fixture;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadSerdes;
import io.leadstream.schemas.RawHeaders;
import io.leadstream.schemas.Stage;
import io.leadstream.schemas.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as {@code ./leadstream up} runs it (a real broker process, the processor and
 * the gateway): every fixture posted over HTTP lands where its expectation says, the dedup rules
 * hold, and every acknowledged lead is accounted for.
 */
class LocalStackIT {

  private static final String TOKEN = "it-token-0123456789abcdef";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void postsEveryFixtureOverHttpAndFindsEachLeadWhereItBelongsWithNothingLost(@TempDir Path home)
      throws Exception {
    try (LocalStack stack = StackFixture.start(home, TOKEN)) {
      TopicNames topics = TopicNames.defaults();
      Map<String, String> expectedTopicById = new HashMap<>();
      // Identical leads: whichever the processor sees first is kept, the other dropped.
      List<Set<String>> identicalPairs = new ArrayList<>();
      String faqTestLead = null;
      for (Fixture fixture : Fixtures.all()) {
        HttpResponse<String> response = post(stack, fixture.bytes());
        String id = LeadJson.mapper().readTree(response.body()).path("id").asText();
        assertThat(response.statusCode())
            .as(fixture.name())
            .isEqualTo(fixture.rejected() ? 400 : 202);
        expectedTopicById.put(id, topics.asMap().get(fixture.expect().destination()));
        if (fixture.name().equals("faq-test-lead")) {
          faqTestLead = id;
        } else if (fixture.name().equals("faq-test-lead-camelcase")) {
          // The same customer-offer as faq-test-lead, within the window: identical.
          identicalPairs.add(Set.of(faqTestLead, id));
        }
      }

      // Dedup: the same lead again is dropped; a step down the funnel is UPDATED, same leadId.
      String contactMe =
          "{\"UserDetails\":{\"FirstName\":\"Robin\",\"Email\":\"robin@tailspin.example.com\","
              + "\"Country\":\"US\",\"Company\":\"Tailspin\"},\"ActionCode\":\"PLT\","
              + "\"LeadSource\":\"SPZA-PLT|contoso.sales-insights\",\"OfferTitle\":\"Sales Insights\"}";
      String first = id(post(stack, utf8(contactMe)));
      String again = id(post(stack, utf8(contactMe.replace("robin@", "ROBIN@"))));
      String getItNow = id(post(stack, utf8(contactMe.replace("\"PLT\"", "\"INS\""))));
      expectedTopicById.put(first, topics.qualified());
      expectedTopicById.put(again, topics.qualified());
      identicalPairs.add(Set.of(first, again));
      expectedTopicById.put(getItNow, topics.qualified());
      int expectedOutputs = expectedTopicById.size() - identicalPairs.size();

      Map<String, List<Out>> byId = new HashMap<>();
      try (KafkaConsumer<String, byte[]> consumer =
          StackFixture.consumer(stack.bootstrapServers(), "e2e-")) {
        consumer.subscribe(
            List.of(
                topics.qualified(), topics.nurture(), topics.dnc(), topics.test(), topics.dlq()));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Out out = Out.of(r, topics);
                    byId.computeIfAbsent(out.ingestId(), k -> new ArrayList<>()).add(out);
                  }
                  return byId.size() >= expectedOutputs;
                });
        // Anything extra or duplicated would show up now.
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            Out out = Out.of(r, topics);
            byId.computeIfAbsent(out.ingestId(), k -> new ArrayList<>()).add(out);
          }
        }
      }

      // Nothing lost, nothing twice: each acknowledged lead has exactly one output, in the topic
      // its expectation names, except the dropped copy of each identical pair.
      assertThat(byId).hasSize(expectedOutputs);
      byId.forEach(
          (id, outs) -> {
            assertThat(outs).as("outputs for %s", id).hasSize(1);
            assertThat(outs.get(0).topic())
                .as("topic of %s", id)
                .isEqualTo(expectedTopicById.get(id));
          });
      for (Set<String> pair : identicalPairs) {
        assertThat(pair.stream().filter(byId::containsKey)).as("one of %s kept", pair).hasSize(1);
      }

      // The three posts may reach the processor in any order (they sit on different raw
      // partitions): whichever comes first is NEW, the step that adds information is UPDATED with
      // the same leadId, and the merged record holds the furthest stage.
      String kept = byId.containsKey(first) ? first : again;
      List<LeadEvent> customer =
          List.of(byId.get(kept).get(0).event(), byId.get(getItNow).get(0).event());
      assertThat(customer)
          .extracting(LeadEvent::eventType)
          .containsExactlyInAnyOrder(EventType.NEW, EventType.UPDATED);
      assertThat(customer.get(0).leadId()).isEqualTo(customer.get(1).leadId());
      LeadEvent updated =
          customer.stream()
              .filter(e -> e.eventType() == EventType.UPDATED)
              .findFirst()
              .orElseThrow();
      assertThat(updated.stage()).isEqualTo(Stage.ACTIVE);
      assertThat(updated.occurrences()).isBetween(2, 3);

      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://localhost:" + stack.processorManagementPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("leadstream_leads_duplicates_dropped_total 2.0");
    }
  }

  /** One output record, reduced to what the assertions need. */
  record Out(String topic, String ingestId, LeadEvent event) {
    static Out of(ConsumerRecord<String, byte[]> r, TopicNames topics) {
      if (r.topic().equals(topics.dlq())) {
        String id = RawHeaders.read(r.headers(), RawHeaders.INGEST_ID);
        return new Out(r.topic(), id != null ? id : r.key(), null);
      }
      LeadEvent event = LeadSerdes.leadEvent().deserialize(r.topic(), r.value());
      return new Out(r.topic(), event.ingest().id(), event);
    }
  }

  private HttpResponse<String> post(LocalStack stack, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "?code=" + TOKEN))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String id(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode json = LeadJson.mapper().readTree(response.body());
    return json.path("id").asText();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
