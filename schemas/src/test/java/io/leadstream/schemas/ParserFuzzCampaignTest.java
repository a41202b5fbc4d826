package io.leadstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;

/**
 * The parser's fuzz campaign in-process: {@value #CI_CASES} cases in CI, a million with {@code
 * -Dleadstream.full=true} ({@code -Dleadstream.fuzz.parser.cases=N} for any other count), each
 * through the parser and the normalizer as the processor runs them. The cases: byte-level mutants
 * of the real-format leads ({@link ByteMutator}, 75%), {@link ParserFuzzTest}'s hostile bodies
 * (20%; jqwik's generators are the slowest part), and the real leads themselves (5%).
 *
 * <p>Every case gets its documented outcome, checked by {@link ParserFuzzTest#outcome}: a parsed
 * and normalized lead with a well-formed leadId, or {@link LeadParseException} with a reason and a
 * fixed-phrase message, nothing else, within the time bound. On top: the gateway's check and the
 * parser agree on every case (what the gateway answers 202 is never dead-lettered by the parser,
 * what it answers 400 is), no rejection message holds a contact value or description of any real
 * lead, and each real lead gives what its fixture says. The mutants and the hostile bodies come
 * from one printed seed ({@value ByteMutator#SEED_PROPERTY}); a failure names its case.
 *
 * <p>Writes {@code target/reliability/fuzz.json} (cases, outcomes by class, seconds) for the
 * reliability table.
 */
class ParserFuzzCampaignTest {

  static final int CI_CASES = 10_000;
  private static final boolean FULL = Boolean.getBoolean("leadstream.full");
  private static final int CASES =
      Integer.getInteger("leadstream.fuzz.parser.cases", FULL ? 1_000_000 : CI_CASES);

  /** Failures listed before the campaign gives up (each names its case in full). */
  private static final int MAX_FAILURES = 20;

  @Example
  void everyMutatedRealLeadAndHostileBodyGetsItsDocumentedOutcome() throws Exception {
    long seed = ByteMutator.campaignSeed("parser fuzz campaign");
    ByteMutator mutator = new ByteMutator(seed);
    Random random = new Random(seed);
    RandomGenerator<byte[]> hostile = new ParserFuzzTest().hostileBodies().generator(1000);
    List<String> personal = personalValues();
    List<Fixtures.Fixture> fixtures = Fixtures.all();

    Map<String, Long> outcomes = new TreeMap<>();
    Map<String, Long> kinds = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long begin = System.nanoTime();
    int tried = 0;
    for (int i = 0; i < CASES && failures.size() < MAX_FAILURES; i++, tried++) {
      int pick = random.nextInt(100);
      String kind;
      String described;
      byte[] body;
      Fixtures.Fixture fixture = null; // a real lead as it is: its fixture says what it gives
      if (pick < 75) {
        ByteMutator.Mutant mutant = mutator.mutant(i);
        kind = "mutant";
        body = mutant.body();
        described = mutant.describe();
      } else if (pick < 95) {
        kind = "hostile";
        body = hostile.next(random).value();
        described = "hostile body " + i + " of seed " + seed + " " + hex(body);
      } else {
        kind = "real";
        fixture = fixtures.get(random.nextInt(fixtures.size()));
        body = fixture.bytes();
        described = "fixture " + fixture.name();
      }
      kinds.merge(kind, 1L, Long::sum);
      try {
        ParserFuzzTest.Outcome outcome = ParserFuzzTest.outcome(body);
        Optional<DeadLetterReason> gateway = ParserFuzzTest.reasonOfGatewayCheck(body);
        assertThat(outcome.reason())
            .as("the parser against the gateway's check")
            .isEqualTo(gateway);
        if (fixture != null) {
          assertThat(outcome.reason())
              .as("the fixture's expectation")
              .isEqualTo(Optional.ofNullable(fixture.expect().reason()));
        }
        outcome
            .message()
            .map(m -> m.toLowerCase(Locale.ROOT))
            .ifPresent(
                m ->
                    assertThat(personal)
                        .as("personal values in the message")
                        .noneMatch(m::contains));
        outcomes.merge(
            outcome.reason().map(DeadLetterReason::name).orElse("PARSED"), 1L, Long::sum);
      } catch (AssertionError e) {
        outcomes.merge("UNEXPECTED", 1L, Long::sum);
        failures.add(described + ": " + e.getMessage());
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;

    long peakHeap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getPeakUsage)
            .mapToLong(java.lang.management.MemoryUsage::getUsed)
            .sum();
    StringBuilder json = new StringBuilder("{\"fuzzCases\": ").append(tried);
    json.append(", \"seconds\": ").append(Math.round(seconds));
    json.append(", \"seed\": ").append(seed);
    kinds.forEach((k, n) -> json.append(", \"cases").append(camel(k)).append("\": ").append(n));
    // Every class, zero included, so that a run's file always has the same fields.
    Stream.concat(
            Stream.of("PARSED", "UNEXPECTED"),
            Stream.of(JsonBodies.Problem.values()).map(p -> DeadLetterReason.of(p).name()))
        .distinct()
        .forEach(
            c ->
                json.append(", \"outcome")
                    .append(camel(c))
                    .append("\": ")
                    .append(outcomes.getOrDefault(c, 0L)));
    json.append(", \"peakHeapBytes\": ").append(peakHeap).append("}\n");
    Path dir = Files.createDirectories(Path.of("target", "reliability"));
    Files.writeString(dir.resolve("fuzz.json"), json);
    System.out.printf(
        "parser fuzz campaign: %d cases in %.1f s (%.0f a second), seed %d; cases %s; outcomes %s%n",
        tried, seconds, tried / seconds, seed, kinds, outcomes);

    assertThat(failures).as("cases without their documented outcome").isEmpty();
    assertThat(tried).isEqualTo(CASES);
    // A campaign that never parsed or never rejected anything would test nothing.
    assertThat(outcomes.getOrDefault("PARSED", 0L)).isPositive();
    assertThat(outcomes.getOrDefault(DeadLetterReason.MALFORMED_JSON.name(), 0L)).isPositive();
  }

  /**
   * The contact values and descriptions of every real lead, lower case, 6 characters or more (so
   * that a fixed phrase's word cannot match by chance): a rejection message must hold none.
   */
  private static List<String> personalValues() {
    List<String> values = new ArrayList<>();
    for (ByteMutator.RealLead lead : ByteMutator.realLeads()) {
      PartnerCenterBody body;
      try {
        body = PartnerCenterParser.parse(lead.bytes());
      } catch (LeadParseException rejected) {
        continue;
      }
      UserDetails u = body.userDetails();
      Stream.of(
              u.firstName(),
              u.lastName(),
              u.email(),
              u.phone(),
              u.company(),
              u.title(),
              body.description())
          .filter(v -> v != null && v.strip().length() >= 6)
          .map(v -> v.strip().toLowerCase(Locale.ROOT))
          .forEach(values::add);
    }
    assertThat(values).as("the real leads' personal values").hasSizeGreaterThan(20);
    return values;
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static String hex(byte[] body) {
    return "body["
        + body.length
        + "]="
        + java.util.HexFormat.of().formatHex(body, 0, Math.min(body.length, 300));
  }
}
