package io.leadstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerField;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.Fixtures;
import io.leadstream.schemas.LeadNormalizer;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import java.util.Arrays;
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
 * The internal records survive the repartition topic and the dedup store unchanged, carry their
 * format version, and fail clearly (without quoting the bytes) when they cannot be read.
 */
class InternalSerdeTest {

  private final InternalSerde<ParsedLead> parsedLeads = InternalSerde.parsedLeads();
  private final InternalSerde<DedupState> states = InternalSerde.dedupStates();

  @Property(tries = 500)
  void parsedLeadsReadBackAsTheyWereWritten(@ForAll("parsedLeads") ParsedLead parsed) {
    assertThat(parsedLeads.deserialize("t", parsedLeads.serialize("t", parsed))).isEqualTo(parsed);
  }

  @Property(tries = 300)
  void dedupStatesReadBackAsTheyWereWritten(@ForAll("states") DedupState state) {
    assertThat(states.deserialize("t", states.serialize("t", state))).isEqualTo(state);
  }

  @Test
  void everyAcceptedFixtureSurvivesTheRepartitionTopic() throws Exception {
    for (Fixtures.Fixture fixture : Fixtures.accepted()) {
      NormalizedLead lead = LeadNormalizer.parseAndNormalize(fixture.bytes());
      ParsedLead parsed = new ParsedLead("in_1", "https", 1L << 40, "ld_1", lead);

      assertThat(parsedLeads.deserialize("t", parsedLeads.serialize("t", parsed)))
          .isEqualTo(parsed);
    }
  }

  @Test
  void recordsStartWithTheirFormatVersion() throws Exception {
    byte[] bytes = parsedLeads.serialize("t", new ParsedLead("in_1", "https", 42, "ld_1", lead()));

    List<?> written = InternalSerde.MAPPER.readValue(bytes, List.class);

    assertThat(written).hasSize(2).first().isEqualTo(InternalSerde.FORMAT_VERSION);
    assertThat(((List<?>) written.get(1)).subList(0, 4))
        .isEqualTo(List.of("in_1", "https", 42, "ld_1"));
  }

  @Test
  void aRecordOfAnotherFormatVersionFailsNamingBothVersions() throws Exception {
    byte[] current = states.serialize("t", DedupState.first(contribution()));
    List<?> written = InternalSerde.MAPPER.readValue(current, List.class);
    byte[] newer = InternalSerde.MAPPER.writeValueAsBytes(List.of(2, written.get(1)));

    assertThatThrownBy(() -> states.deserialize("lead-dedup-store-changelog", newer))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "cannot read DedupState from "
                + newer.length
                + " bytes of lead-dedup-store-changelog: format version 2, but this processor"
                + " reads version 1 only (a newer processor wrote it, or the layout changed"
                + " without a reset)");
  }

  @Test
  void componentsANewerProcessorAddedAtTheEndAreSkipped() throws Exception {
    ParsedLead parsed = new ParsedLead("in_1", "https", 42, "ld_1", lead());
    List<?> record =
        (List<?>)
            InternalSerde.MAPPER.readValue(parsedLeads.serialize("t", parsed), List.class).get(1);
    List<Object> newer = new java.util.ArrayList<>(record);
    newer.add("added");
    byte[] bytes =
        InternalSerde.MAPPER.writeValueAsBytes(List.of(InternalSerde.FORMAT_VERSION, newer));

    assertThat(parsedLeads.deserialize("t", bytes)).isEqualTo(parsed);
  }

  @Test
  void unknownEnumNamesReadAsUnknown() throws Exception {
    List<Object> source = List.of("NEW-SOURCE", "raw");
    List<Object> action = List.of("NEW-ACTION", "raw");
    List<Object> lead =
        Arrays.asList(source, action, "NEW-STAGE", null, null, null, Map.of(), false);
    byte[] bytes =
        InternalSerde.MAPPER.writeValueAsBytes(
            List.of(InternalSerde.FORMAT_VERSION, List.of("in_1", "https", 1, "ld_1", lead)));

    ParsedLead read = parsedLeads.deserialize("t", bytes);

    assertThat(read.lead().source().code()).isEqualTo(SourceCode.UNKNOWN);
    assertThat(read.lead().action().code()).isEqualTo(ActionCode.UNKNOWN);
    assertThat(read.lead().stage()).isEqualTo(Stage.UNKNOWN);
  }

  @Test
  void unreadableBytesFailWithoutQuotingThem() throws Exception {
    byte[] wrongShape =
        InternalSerde.MAPPER.writeValueAsBytes(Map.of("ingestId", "secret-value@example.com"));
    byte[] unversioned =
        InternalSerde.MAPPER.writeValueAsBytes(List.of("secret-value@example.com", 1));
    byte[] truncated =
        Arrays.copyOf(
            parsedLeads.serialize("t", new ParsedLead("in_1", "https", 1, "ld_1", lead())), 40);

    for (byte[] bytes :
        List.of(
            wrongShape,
            unversioned,
            truncated,
            "not smile at all".getBytes(),
            new byte[] {(byte) 0xFF})) {
      assertThatThrownBy(() -> parsedLeads.deserialize("lead-by-id", bytes))
          .isInstanceOf(SerializationException.class)
          .hasMessageStartingWith(
              "cannot read ParsedLead from " + bytes.length + " bytes of lead-by-id")
          .hasMessageNotContaining("secret")
          .hasMessageNotContaining("example");
    }
  }

  private static Contribution contribution() {
    return new Contribution(7, "in_1", "https", "digest", lead());
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

  /** Every {@link CustomerField} null or not: a field added later is generated too. */
  private static Arbitrary<Customer> customers() {
    List<Arbitrary<Object>> fields =
        CustomerField.ALL.stream()
            .map(
                field ->
                    field == CustomerField.BUSINESS_EMAIL
                        ? Arbitraries.of(Boolean.TRUE, Boolean.FALSE)
                            .injectNull(0.3)
                            .map(b -> (Object) b)
                        : text().map(t -> (Object) t))
            .toList();
    return Combinators.combine(fields)
        .as(values -> CustomerField.customer(field -> values.get(field.ordinal())))
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
