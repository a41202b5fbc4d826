package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The token check on its own: rotation (several valid at once), near misses, and how it compares
 * (fixed-length digests through {@code MessageDigest.isEqual}, every token, no early exit). The
 * HTTP side ({@code ?code=} and {@code Bearer}, the one 401 shape) is in {@code
 * GatewayRoutingTest}.
 */
class TokensTest {

  private static final String OLD = "old-token-0123456789abcdef";
  private static final String NEW = "new-token-fedcba9876543210";

  @Test
  void acceptsEveryConfiguredTokenSoThatATokenCanBeRotated() {
    Tokens tokens = new Tokens(List.of(OLD, NEW));
    assertThat(tokens.accepts(OLD)).isTrue();
    assertThat(tokens.accepts(NEW)).isTrue();
    Tokens afterRotation = new Tokens(List.of(NEW));
    assertThat(afterRotation.accepts(OLD)).isFalse();
    assertThat(afterRotation.accepts(NEW)).isTrue();
  }

  @Test
  void refusesMissingEmptyAndNearMissTokens() {
    Tokens tokens = new Tokens(List.of(OLD, NEW));
    for (String presented :
        new String[] {
          null,
          "",
          OLD.substring(1),
          OLD + "x",
          OLD.substring(0, OLD.length() - 1),
          OLD.toUpperCase(java.util.Locale.ROOT),
          " " + OLD,
          OLD + NEW,
          OLD + "\u0000",
          "x".repeat(10_000)
        }) {
      assertThat(tokens.accepts(presented)).as(String.valueOf(presented)).isFalse();
    }
  }

  @Test
  void readsOnlyABearerSchemeAuthorizationHeader() {
    assertThat(Tokens.bearer("Bearer " + OLD)).isEqualTo(OLD);
    assertThat(Tokens.bearer("bearer  " + OLD + " ")).isEqualTo(OLD);
    assertThat(Tokens.bearer(null)).isNull();
    assertThat(Tokens.bearer("Bearer")).isNull();
    assertThat(Tokens.bearer("Bearer   ")).isNull();
    assertThat(Tokens.bearer("Basic " + OLD)).isNull();
    assertThat(Tokens.bearer(OLD)).isNull();
  }

  @Test
  void needsAtLeastOneToken() {
    assertThatThrownBy(() -> new Tokens(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsOnlyFixedLengthDigestsOfTheTokensNeverTheTokensThemselves() throws Exception {
    Tokens tokens = new Tokens(List.of(OLD, "a-much-longer-token-" + "z".repeat(200)));
    var field = Tokens.class.getDeclaredField("digests");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<byte[]> digests = (List<byte[]>) field.get(tokens);
    assertThat(digests).hasSize(2).allSatisfy(d -> assertThat(d).hasSize(32));
    for (var declared : Tokens.class.getDeclaredFields()) {
      assertThat(declared.getType()).as(declared.getName()).isNotEqualTo(String.class);
    }
  }

  /**
   * A code-level check, because timing cannot be tested reliably on a shared machine: the
   * comparison goes through {@code MessageDigest.isEqual} of SHA-256 digests (constant time for
   * equal lengths, and digests always are), with a non-short-circuit OR over every token, and never
   * through {@code String.equals} or an early return.
   */
  @Test
  void comparesDigestsInConstantTimeRatherThanStringsWithEquals() throws IOException {
    String source =
        Files.readString(
            Path.of("src/main/java/io/leadstream/gateway/Tokens.java"), StandardCharsets.UTF_8);
    String accepts = source.substring(source.indexOf("boolean accepts("));
    accepts = accepts.substring(0, accepts.indexOf("\n  }\n"));
    assertThat(accepts)
        .contains("MessageDigest.isEqual(digest, candidate)")
        .contains("match |= ")
        .doesNotContain(".equals(")
        .doesNotContain("return true")
        .doesNotContain("break");
    assertThat(source).contains("MessageDigest.getInstance(\"SHA-256\")");
    // Where both handlers (single leads and batches) check a request's token.
    String handler =
        Files.readString(
            Path.of("src/main/java/io/leadstream/gateway/HttpExchange.java"),
            StandardCharsets.UTF_8);
    // Both the header and the query are checked, whichever was sent (no short-circuit ||).
    assertThat(handler).contains("tokens.accepts(bearer) | tokens.accepts(code)");
  }
}
