package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.LeadNormalizer;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The streaming codec against the data-binding mapper it replaced (kept here as the reference): the
 * same bytes, each reading what the other wrote, and data binding's rules for arrays that are
 * shorter or longer than this version's records.
 */
class InternalCodecTest {

  /** The mapper that wrote the internal records before {@link InternalCodec}. */
  private static final ObjectMapper REFERENCE = reference();

  private static ObjectMapper reference() {
    SmileMapper.Builder builder =
        SmileMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY);
    for (Class<?> type :
        List.of(
            ParsedLead.class,
            DedupState.class,
            Contribution.class,
            NormalizedLead.class,
            Source.class,
            Action.class,
            Offer.class,
            Customer.class,
            CustomerIdentity.class)) {
      builder.withConfigOverride(
          type, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.ARRAY)));
    }
    return builder.build();
  }

  private final InternalSerde<ParsedLead> rawLeads = InternalSerde.parsedLeads();
  private final InternalSerde<DedupState> states = InternalSerde.dedupStates();

  @Property(tries = 500)
  void rawLeadsAreWrittenAsDataBindingWroteThemAndReadBackEitherWay(
      @ForAll("parsedLeads") ParsedLead raw) throws Exception {
    byte[] reference = REFERENCE.writeValueAsBytes(raw);
    byte[] written = rawLeads.serialize("t", raw);

    assertThat(written).isEqualTo(reference);
    assertThat(rawLeads.deserialize("t", reference)).isEqualTo(raw);
    assertThat(REFERENCE.readValue(written, ParsedLead.class)).isEqualTo(raw);
  }

  @Property(tries = 300)
  void dedupStatesAreWrittenAsDataBindingWroteThemAndReadBackEitherWay(
      @ForAll("states") DedupState state) throws Exception {
    byte[] reference = REFERENCE.writeValueAsBytes(state);
    byte[] written = states.serialize("t", state);

    assertThat(written).isEqualTo(reference);
    assertThat(states.deserialize("t", reference)).isEqualTo(state);
    assertThat(REFERENCE.readValue(written, DedupState.class)).isEqualTo(state);
  }

  @Test
  void everyAcceptedFixtureSurvivesTheRepartitionTopic() throws Exception {
    for (Fixtures.Fixture fixture : Fixtures.accepted()) {
      NormalizedLead lead = LeadNormalizer.parseAndNormalize(fixture.bytes());
      ParsedLead raw = new ParsedLead("in_1", "https", 1L << 40, "ld_1", lead);

      assertThat(rawLeads.deserialize("t", rawLeads.serialize("t", raw))).isEqualTo(raw);
    }
  }

  @Test
  void componentsANewerVersionAddedAreSkipped() throws Exception {
    ParsedLead raw = new ParsedLead("in_1", "https", 42, "ld_1", lead());
    // The same record with a component appended at the end of the lead and of the record.
    List<?> leadArray = REFERENCE.convertValue(raw.lead(), List.class);
    List<Object> newerLead = new java.util.ArrayList<>(leadArray);
    newerLead.add(Map.of("added", List.of(1, 2)));
    List<Object> newer = List.of("in_1", "https", 42, "ld_1", newerLead, "added too");

    assertThat(rawLeads.deserialize("t", REFERENCE.writeValueAsBytes(newer))).isEqualTo(raw);
  }

  @Test
  void componentsAnOlderVersionLackedReadAsAbsent() throws Exception {
    byte[] older = REFERENCE.writeValueAsBytes(List.of(7, 2, List.of("in_1", "in_2")));

    assertThat(states.deserialize("t", older))
        .isEqualTo(new DedupState(7, 2, List.of("in_1", "in_2"), List.of(), null));
  }

  @Test
  void unknownEnumNamesReadAsUnknownLikeDataBinding() throws Exception {
    List<Object> source = List.of("NEW-SOURCE", "raw");
    List<Object> action = List.of("NEW-ACTION", "raw");
    List<Object> lead =
        java.util.Arrays.asList(source, action, "NEW-STAGE", null, null, null, Map.of(), false);
    byte[] bytes = REFERENCE.writeValueAsBytes(List.of("in_1", "https", 1, "ld_1", lead));

    ParsedLead read = rawLeads.deserialize("t", bytes);

    assertThat(read.lead().source().code()).isEqualTo(SourceCode.UNKNOWN);
    assertThat(read.lead().action().code()).isEqualTo(ActionCode.UNKNOWN);
    assertThat(read.lead().stage()).isEqualTo(Stage.UNKNOWN);
    assertThat(read).isEqualTo(REFERENCE.readValue(bytes, ParsedLead.class));
  }

  @Test
  void unreadableBytesFailWithoutQuotingThem() throws Exception {
    byte[] wrongShape = REFERENCE.writeValueAsBytes(Map.of("ingestId", "secret-value@example.com"));
    byte[] truncated =
        java.util.Arrays.copyOf(
            rawLeads.serialize("t", new ParsedLead("in_1", "https", 1, "ld_1", lead())), 40);

    for (byte[] bytes :
        List.of(wrongShape, truncated, "not smile at all".getBytes(), new byte[] {(byte) 0xFF})) {
      assertThatThrownBy(() -> rawLeads.deserialize("lead-by-id", bytes))
          .isInstanceOf(SerializationException.class)
          .hasMessageStartingWith(
              "cannot read ParsedLead from " + bytes.length + " bytes of lead-by-id")
          .hasMessageNotContaining("secret")
          .hasMessageNotContaining("example");
    }
  }

  private static NormalizedLead lead() {
    return new NormalizedLead(
        new Source(SourceCode.APPSOURCE, "SPZA-PLT|contoso.app"),
        new Action(ActionCode.PLT, "PLT"),
        Stage.TRIAL,
        new Offer("contoso", "app", "Contoso App"),
        new Customer(
            "Pat",
            "Example",
            "pat@contoso.example",
            "contoso.example",
            true,
            null,
            "US",
            "Contoso",
            null),
        "notes",
        Map.of("mktcmpid", "spring"),
        false,
        new CustomerIdentity(CustomerIdentity.Kind.EMAIL, "pat@contoso.example"));
  }

  // ---------------------------------------------------------------------------------------------
  // Generators: every component null or not, any text (unpaired surrogates excepted: the parser
  // never produces them from valid UTF-8, and neither writer accepts them).

  private static Arbitrary<String> text() {
    return Arbitraries.strings().all().excludeChars(surrogates()).ofMaxLength(40).injectNull(0.2);
  }

  private static char[] surrogates() {
    char[] out = new char[0xE000 - 0xD800];
    for (int i = 0; i < out.length; i++) {
      out[i] = (char) (0xD800 + i);
    }
    return out;
  }

  private static <E extends Enum<E>> Arbitrary<E> nullable(Class<E> type) {
    return Arbitraries.of(type).injectNull(0.1);
  }

  private static Arbitrary<Customer> customers() {
    return Combinators.combine(
            List.of(text(), text(), text(), text(), text(), text(), text(), text()))
        .as(t -> t)
        .flatMap(
            t ->
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE)
                    .injectNull(0.3)
                    .map(
                        business ->
                            new Customer(
                                t.get(0), t.get(1), t.get(2), t.get(3), business, t.get(4),
                                t.get(5), t.get(6), t.get(7))))
        .injectNull(0.1);
  }

  private static Arbitrary<NormalizedLead> leads() {
    Arbitrary<Source> sources =
        Combinators.combine(Arbitraries.of(SourceCode.class), text())
            .as(Source::new)
            .injectNull(0.1);
    Arbitrary<Action> actions =
        Combinators.combine(Arbitraries.of(ActionCode.class), text())
            .as(Action::new)
            .injectNull(0.1);
    Arbitrary<Offer> offers =
        Combinators.combine(text(), text(), text()).as(Offer::new).injectNull(0.1);
    Arbitrary<CustomerIdentity> identities =
        Combinators.combine(
                Arbitraries.of(CustomerIdentity.Kind.class), text().filter(v -> v != null))
            .as(CustomerIdentity::new)
            .injectNull(0.2);
    Arbitrary<Map<String, String>> campaigns =
        Arbitraries.maps(text().filter(k -> k != null), text()).ofMaxSize(4);
    return Combinators.combine(
            sources,
            actions,
            nullable(Stage.class),
            offers,
            customers(),
            text(),
            campaigns,
            Arbitraries.of(true, false))
        .as(
            (source, action, stage, offer, customer, notes, campaign, test) ->
                new Object[] {source, action, stage, offer, customer, notes, campaign, test})
        .flatMap(
            parts ->
                identities.map(
                    identity ->
                        new NormalizedLead(
                            (Source) parts[0],
                            (Action) parts[1],
                            (Stage) parts[2],
                            (Offer) parts[3],
                            (Customer) parts[4],
                            (String) parts[5],
                            cast(parts[6]),
                            (Boolean) parts[7],
                            identity)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> cast(Object map) {
    return (Map<String, String>) map;
  }

  @Provide
  Arbitrary<ParsedLead> parsedLeads() {
    return Combinators.combine(
            text(), text(), Arbitraries.longs(), text(), leads().injectNull(0.05))
        .as(ParsedLead::new);
  }

  @Provide
  Arbitrary<DedupState> states() {
    Arbitrary<Contribution> contributions =
        Combinators.combine(Arbitraries.longs(), text(), text(), text(), leads())
            .as(Contribution::new);
    return Combinators.combine(
            Arbitraries.longs(),
            Arbitraries.integers(),
            text().filter(s -> s != null).list().ofMaxSize(5),
            contributions.list().ofMaxSize(3),
            text())
        .as(DedupState::new);
  }
}
