package io.leadstream.bench;

import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.LeadNormalizer;
import io.leadstream.schemas.LeadParseException;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.PartnerCenterBody;
import io.leadstream.schemas.PartnerCenterParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost per lead of what the processor does first: parse the raw bytes, normalize, compute the
 * leadId. Not a unit test (Surefire runs only *Test); run it with {@code benchmarks/run parse}.
 * {@code mix} cycles through every accepted fixture; {@code typical} is the typical AppSource
 * Contact-me lead of the processor profile ({@link #TYPICAL}); the others measure one body each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBenchmark {

  @Param({"mix", "typical", "documented-sample", "contact-me-with-campaign", "unicode-names"})
  public String fixture;

  /** A typical lead as the processor sees it (AppSource PLT, formatted phone, campaign pair). */
  static final String TYPICAL =
      "{\"UserDetails\":{\"FirstName\":\"Pat\",\"LastName\":\"Example\","
          + "\"Email\":\"customer42@company42.example.com\",\"Phone\":\"+1 425 555 0142\","
          + "\"Country\":\"US\",\"Company\":\"Company 42\",\"Title\":\"Buyer\"},"
          + "\"ActionCode\":\"PLT\",\"LeadSource\":\"SPZA-PLT|contoso.sales-insights\","
          + "\"OfferTitle\":\"Contoso Sales Insights\","
          + "\"Description\":\"Please call about pricing. mktcmpid=spring-campaign\"}";

  private final LeadIds ids = LeadIds.withSecret("benchmark-secret-0123456789");
  private List<byte[]> bodies;
  private int next;

  @Setup(Level.Trial)
  public void load() {
    bodies =
        switch (fixture) {
          case "mix" -> Fixtures.accepted().stream().map(Fixtures.Fixture::bytes).toList();
          case "typical" -> List.of(TYPICAL.getBytes(StandardCharsets.UTF_8));
          default -> List.of(Fixtures.get(fixture).bytes());
        };
  }

  /** Parse + normalize + leadId of one lead. */
  @Benchmark
  public String parseNormalizeLeadId() throws LeadParseException {
    byte[] body = bodies.get(next);
    next = (next + 1) % bodies.size();
    PartnerCenterBody parsed = PartnerCenterParser.parse(body);
    NormalizedLead lead = LeadNormalizer.normalize(parsed);
    return ids.leadId(lead, "in_benchmark");
  }
}
