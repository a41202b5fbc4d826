package io.leadstream.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The token check on its own: rotation (several valid at once), near misses, and that the time it
 * takes says nothing about the token (fixed-length digests, every token compared). The HTTP side
 * ({@code ?code=} and {@code Bearer}, the one 401 shape) is in the gateway's {@code
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
  void comparesTokensOfAnyLengthIncludingUnequalOnes() {
    String longToken = "a-much-longer-token-" + "z".repeat(10_000);
    Tokens tokens = new Tokens(List.of(OLD, longToken));
    assertThat(tokens.accepts(longToken)).isTrue();
    assertThat(tokens.accepts(OLD)).isTrue();
    assertThat(tokens.accepts(longToken.substring(0, OLD.length()))).isFalse();
    assertThat(tokens.accepts(OLD + longToken)).isFalse();
    assertThat(tokens.accepts("z")).isFalse();
  }

  /**
   * A token compared character by character refuses a guess that is wrong at its first character
   * sooner than one wrong only at its last, which lets an attacker find a token one character at a
   * time. Tokens compares fixed-length digests instead, so both take as long (within a factor of
   * five here, where a character-wise comparison of a 1 MiB token differs by orders of magnitude).
   */
  @Test
  void takesAsLongToRefuseAGuessWrongAtItsFirstCharacterAsOneWrongAtItsLast() {
    String token = "t".repeat(1 << 20);
    Tokens tokens = new Tokens(List.of(token));
    String wrongFirst = "x" + token.substring(1);
    String wrongLast = token.substring(1) + "x";
    assertThat(ratio(() -> tokens.accepts(wrongFirst), () -> tokens.accepts(wrongLast)))
        .isBetween(0.2, 5.0);
  }

  /**
   * Every configured token is compared, with no early exit, so the time to accept does not say
   * which token (of how many) matched: accepting the first of 20,000 tokens takes as long as the
   * last, where an early exit would make the first about 20,000 comparisons faster.
   */
  @Test
  void takesAsLongToAcceptTheFirstConfiguredTokenAsTheLast() {
    List<String> configured = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      configured.add(String.format(java.util.Locale.ROOT, "token-%016d", i));
    }
    Tokens tokens = new Tokens(configured);
    String first = configured.get(0);
    String last = configured.get(configured.size() - 1);
    assertThat(tokens.accepts(first)).isTrue();
    assertThat(tokens.accepts(last)).isTrue();
    assertThat(ratio(() -> tokens.accepts(first), () -> tokens.accepts(last))).isBetween(0.2, 5.0);
  }

  /** Written by every timed run so that the work cannot be optimised away. */
  private static volatile boolean sink;

  /**
   * The fastest run of {@code a} over the fastest of {@code b}, timed in alternation so that a busy
   * machine slows both alike; the fastest run is the one least disturbed by anything else.
   */
  private static double ratio(
      java.util.function.BooleanSupplier a, java.util.function.BooleanSupplier b) {
    for (int i = 0; i < 5; i++) {
      sink = a.getAsBoolean();
      sink = b.getAsBoolean();
    }
    long fastestA = Long.MAX_VALUE;
    long fastestB = Long.MAX_VALUE;
    for (int i = 0; i < 41; i++) {
      long begin = System.nanoTime();
      sink = a.getAsBoolean();
      fastestA = Math.min(fastestA, System.nanoTime() - begin);
      begin = System.nanoTime();
      sink = b.getAsBoolean();
      fastestB = Math.min(fastestB, System.nanoTime() - begin);
    }
    return (double) fastestA / fastestB;
  }
}
