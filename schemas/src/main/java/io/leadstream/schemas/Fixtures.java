package io.leadstream.schemas;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The sample Partner Center bodies shipped in this jar ({@code fixtures/} next to this class), one
 * per case the contract handles, with what each is expected to produce. Used by the tests of every
 * module and by the CLI's {@code send --samples}. The list and the expectations live in {@code
 * fixtures/index.json}; {@code fixtures/README.md} describes them for people. All personal data in
 * them is fake (example domains, 555 numbers) except the values of Microsoft's documented sample.
 */
public final class Fixtures {

  private static final String FOLDER = "fixtures/";
  private static final List<Fixture> ALL = load();

  /**
   * One fixture.
   *
   * @param name the fixture's name (its file name without {@code .json})
   * @param file the resource file name inside {@code fixtures/}
   * @param description what case it covers
   * @param expect what parsing and normalizing it gives
   * @param schema whether it validates against {@code json/partner-center-body.schema.json}
   */
  public record Fixture(
      String name, String file, String description, Expectation expect, SchemaCheck schema) {

    /** The body bytes exactly as stored. */
    public byte[] bytes() {
      return Fixtures.bytes(file);
    }

    /** Whether the parser rejects this body (it then goes to the dead-letter topic). */
    public boolean rejected() {
      return expect.reason() != null;
    }
  }

  /**
   * Expected outcome. A null field is not asserted by the shared fixture test (the per-rule unit
   * tests cover nulls).
   *
   * @param destination where the pipeline routes the lead when it is alone in its dedup window:
   *     qualified, nurture, dnc, test or dlq (the processor's default qualification rules)
   * @param reason the rejection reason, or null when the body is accepted
   * @param identity the kind of customer identity, or null when none is expected
   */
  public record Expectation(
      String destination,
      DeadLetterReason reason,
      SourceCode source,
      String sourceRaw,
      ActionCode action,
      String actionRaw,
      Stage stage,
      Boolean test,
      CustomerIdentity.Kind identity,
      String publisherId,
      String offerId,
      String offerTitle,
      String country,
      String phone,
      String emailDomain,
      Boolean businessEmail,
      String firstName,
      String company,
      Boolean notes,
      Map<String, String> campaign) {}

  /**
   * The JSON Schema outcome.
   *
   * @param valid whether the body validates
   * @param failure for invalid bodies, the documented reason (why the schema rejects it while the
   *     parser tolerates or rejects it)
   * @param pointer the JSON pointer of the first invalid value, when there is one
   */
  public record SchemaCheck(boolean valid, String failure, String pointer) {}

  /** Every fixture, in index order. */
  public static List<Fixture> all() {
    return ALL;
  }

  /** The fixture called {@code name}. */
  public static Fixture get(String name) {
    for (Fixture fixture : ALL) {
      if (fixture.name().equals(name)) {
        return fixture;
      }
    }
    throw new NoSuchElementException("no fixture named " + name);
  }

  /** The fixtures the parser accepts (everything a sender may legitimately post). */
  public static List<Fixture> accepted() {
    return ALL.stream().filter(f -> !f.rejected()).toList();
  }

  /** The bytes of fixture resource {@code file} (a name inside {@code fixtures/}). */
  public static byte[] bytes(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new NoSuchElementException("no fixture file " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file, e);
    }
  }

  private static List<Fixture> load() {
    try {
      return List.copyOf(
          LeadJson.mapper().readValue(bytes("index.json"), new TypeReference<List<Fixture>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixtures/index.json", e);
    }
  }

  private Fixtures() {}
}
