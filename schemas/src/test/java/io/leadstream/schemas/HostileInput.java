package io.leadstream.schemas;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile-input building blocks shared by the fuzz campaigns: {@link ParserFuzzTest} here, the
 * gateway's {@code GatewayFuzzIT} and the CLI's {@code HostileInputIT} (through this module's
 * test-jar): jqwik arbitraries, byte helpers and the HTTP sending loop; each campaign keeps its own
 * cases and assertions.
 */
public final class HostileInput {

  private HostileInput() {}

  /** The property that sets an HTTP campaign's number of cases, in either mode. */
  public static final String HTTP_CASES_PROPERTY = "leadstream.fuzz.http.cases";

  /** Whether this is the full run ({@code -Dleadstream.full=true}), not CI's short one. */
  public static boolean full() {
    return Boolean.getBoolean("leadstream.full");
  }

  /** An HTTP campaign's case count: {@value #HTTP_CASES_PROPERTY} if set, else by the mode. */
  public static int httpCases(int ci, int full) {
    return Integer.getInteger(HTTP_CASES_PROPERTY, full() ? full : ci);
  }

  /** One generated request of a campaign: its input class and the status that class must get. */
  public interface Case {
    String kind();

    int expected();

    /** The case, reproducible by hand: its class, query, headers and body (fake data) in hex. */
    String describe();
  }

  /** What a campaign's requests got. */
  public record Sent(
      Map<String, AtomicInteger> statuses, List<String> wrong, int unavailable, long millis) {

    /** Answers 500-599 other than 503 (Kafka slow: allowed, never counted as kept). */
    public long fiveXx() {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey().matches(".* 5\\d\\d") && !e.getKey().endsWith(" 503"))
          .mapToLong(e -> e.getValue().get())
          .sum();
    }
  }

  /**
   * Sends {@code count} generated cases, 32 at a time over HTTP/1.1, and waits (5 minutes at most
   * after the last was sent) for every answer. Counts statuses per {@code "kind status"}; a 503 is
   * counted as unavailable, any other status than the case's expected one is listed as wrong, and
   * an expected answer goes to {@code onExpected} (on the client's threads).
   */
  public static <C extends Case> Sent send(
      Iterator<C> cases,
      int count,
      Function<C, HttpRequest> request,
      BiConsumer<C, HttpResponse<String>> onExpected)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Semaphore window = new Semaphore(32);
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger unavailable = new AtomicInteger();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    long begin = System.nanoTime();
    int tenth = Math.max(count / 10, 1);
    for (int i = 0; i < count; i++) {
      if (count >= 20_000 && i > 0 && i % tenth == 0) {
        // A long campaign says how far it is (the answer to "how long will this take").
        System.out.printf(
            "sent %d of %d cases in %d s%n", i, count, (System.nanoTime() - begin) / 1_000_000_000);
      }
      C c = cases.next();
      window.acquire();
      sent.add(
          client
              .sendAsync(request.apply(c), HttpResponse.BodyHandlers.ofString())
              .handle(
                  (response, error) -> {
                    window.release();
                    if (error != null) {
                      wrong.add(c.describe() + ": no answer: " + error);
                      return null;
                    }
                    int status = response.statusCode();
                    statuses
                        .computeIfAbsent(c.kind() + " " + status, k -> new AtomicInteger())
                        .incrementAndGet();
                    if (status == 503) {
                      unavailable.incrementAndGet();
                    } else if (status != c.expected()) {
                      wrong.add(c.describe() + ": expected " + c.expected() + ", got " + status);
                    } else {
                      onExpected.accept(c, response);
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    return new Sent(statuses, wrong, unavailable.get(), (System.nanoTime() - begin) / 1_000_000);
  }

  /** Byte sequences Jackson's decoder refuses: a body holding one is rejected as malformed. */
  public static Arbitrary<byte[]> refusedUtf8() {
    return Arbitraries.of(
        new byte[] {(byte) 0xC3}, // truncated 2-byte sequence
        new byte[] {(byte) 0x80}, // lone continuation byte
        new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xFE},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded surrogate U+D800
        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xE2, (byte) 0x82}, // truncated 3-byte
        new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}); // truncated 4-byte
  }

  /** Text that is not one JSON object: nothing, other JSON types, and structural damage. */
  public static Arbitrary<byte[]> brokenStructures() {
    return Arbitraries.of(
            "",
            " ",
            "  ",
            "[]",
            "[{\"Email\":\"a@b.co\"}]",
            "\"lead\"",
            "42",
            "null",
            "true",
            "{",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":01}",
            "{\"a\":NaN}",
            "{}{}",
            "{} []",
            "{} x",
            "{\"a\":\"\\q\"}",
            "{\"a\":\"\u0001\"}",
            "/*x*/{}")
        .map(HostileInput::utf8);
  }

  /**
   * Bodies that are not one well-formed JSON object, for the 400 class of a campaign: {@link
   * #brokenStructures}, the campaign's {@code tooDeep} and {@code truncated} bodies, and a lead
   * whose email holds {@link #refusedUtf8} bytes; only those {@link JsonBodies#checkObject}
   * rejects.
   */
  public static Arbitrary<byte[]> brokenBodies(
      Arbitrary<byte[]> tooDeep, Arbitrary<byte[]> truncated) {
    Arbitrary<byte[]> invalidUtf8 =
        refusedUtf8()
            .map(bad -> concat(utf8("{\"UserDetails\":{\"Email\":\"a"), bad, utf8("\"}}")));
    return Arbitraries.oneOf(brokenStructures(), tooDeep, invalidUtf8, truncated)
        .filter(b -> JsonBodies.checkObject(b).isPresent());
  }

  /** {@code "name":value} members joined into one JSON object's text. */
  public static Arbitrary<String> members(
      Arbitrary<String> name, Arbitrary<String> value, int maxMembers) {
    return net.jqwik.api.Combinators.combine(name, value)
        .as((n, v) -> quoted(n) + ":" + v)
        .list()
        .ofMaxSize(maxMembers)
        .map(members -> String.join(",", members));
  }

  /** A JSON object of {@code size} bytes: braces around spaces. */
  public static byte[] padded(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[size - 1] = '}';
    return body;
  }

  /** {@code text} as a JSON string literal (escaping what JSON requires, nothing else). */
  public static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
