package io.leadstream.processor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.ActionCode;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Source;
import io.leadstream.schemas.SourceCode;
import io.leadstream.schemas.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes and reads the internal records with Jackson's streaming Smile API: the very layout the
 * data-binding mapper produced (each record an array of its components in declaration order, maps
 * as objects, enums by name), without data binding's per-record reflection and creator buffering,
 * which were most of the processor's serialization cost. State and repartition records written by
 * either read with the other ({@code InternalCodecTest} holds them to that).
 *
 * <p>Reading follows data binding's rules for arrays: missing trailing components are null (0,
 * false), extra trailing components are skipped (a newer version added them), an unknown enum name
 * reads as the enum's default. Anything else is an {@link IOException} that never quotes the input.
 */
final class InternalCodec {

  private InternalCodec() {}

  // ---------------------------------------------------------------------------------------------
  // Writing

  static byte[] write(SmileFactory factory, ParsedLead raw) throws IOException {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartArray();
      g.writeString(raw.ingestId());
      g.writeString(raw.channel());
      g.writeNumber(raw.eventTime());
      g.writeString(raw.leadId());
      lead(g, raw.lead());
      g.writeEndArray();
    }
    return out.toByteArray();
  }

  static byte[] write(SmileFactory factory, DedupState state) throws IOException {
    ByteArrayBuilder out = new ByteArrayBuilder(1024);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartArray();
      g.writeNumber(state.firstSeenAt());
      g.writeNumber(state.occurrences());
      g.writeStartArray();
      for (String id : state.ingestIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
      g.writeStartArray();
      for (Contribution c : state.contributions()) {
        g.writeStartArray();
        g.writeNumber(c.eventTime());
        g.writeString(c.ingestId());
        g.writeString(c.channel());
        g.writeString(c.digest());
        lead(g, c.lead());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeString(state.emittedDigest());
      g.writeEndArray();
    }
    return out.toByteArray();
  }

  private static void lead(JsonGenerator g, NormalizedLead lead) throws IOException {
    if (lead == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    pair(g, lead.source(), Source::code, Source::raw);
    pair(g, lead.action(), Action::code, Action::raw);
    name(g, lead.stage());
    Offer offer = lead.offer();
    if (offer == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      g.writeString(offer.publisherId());
      g.writeString(offer.offerId());
      g.writeString(offer.title());
      g.writeEndArray();
    }
    Customer c = lead.customer();
    if (c == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      g.writeString(c.firstName());
      g.writeString(c.lastName());
      g.writeString(c.email());
      g.writeString(c.emailDomain());
      if (c.businessEmail() == null) {
        g.writeNull();
      } else {
        g.writeBoolean(c.businessEmail());
      }
      g.writeString(c.phone());
      g.writeString(c.country());
      g.writeString(c.company());
      g.writeString(c.title());
      g.writeEndArray();
    }
    g.writeString(lead.notes());
    g.writeStartObject();
    for (Map.Entry<String, String> e : lead.campaign().entrySet()) {
      g.writeFieldName(e.getKey());
      g.writeString(e.getValue());
    }
    g.writeEndObject();
    g.writeBoolean(lead.test());
    pair(g, lead.identity(), CustomerIdentity::kind, CustomerIdentity::value);
    g.writeEndArray();
  }

  /** A record of an enum and a string (source, action, identity), or null. */
  private static <T> void pair(
      JsonGenerator g, T value, Function<T, Enum<?>> code, Function<T, String> text)
      throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    name(g, code.apply(value));
    g.writeString(text.apply(value));
    g.writeEndArray();
  }

  private static void name(JsonGenerator g, Enum<?> value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value.name());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  static ParsedLead readParsedLead(SmileFactory factory, byte[] bytes) throws IOException {
    try (JsonParser p = factory.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("not an array");
      }
      Array a = new Array(p);
      ParsedLead raw =
          new ParsedLead(
              a.string(), a.string(), a.longValue(), a.string(), a.next() ? lead(p) : null);
      a.end();
      return raw;
    }
  }

  static DedupState readDedupState(SmileFactory factory, byte[] bytes) throws IOException {
    try (JsonParser p = factory.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("not an array");
      }
      Array a = new Array(p);
      long firstSeenAt = a.longValue();
      int occurrences = (int) a.longValue();
      List<String> ids = new ArrayList<>();
      if (a.nextArray()) {
        Array list = new Array(p);
        while (list.next()) {
          ids.add(list.current());
        }
      }
      List<Contribution> contributions = new ArrayList<>();
      if (a.nextArray()) {
        Array list = new Array(p);
        while (list.nextArray()) {
          Array c = new Array(p);
          contributions.add(
              new Contribution(
                  c.longValue(), c.string(), c.string(), c.string(), c.next() ? lead(p) : null));
          c.end();
        }
      }
      DedupState state = new DedupState(firstSeenAt, occurrences, ids, contributions, a.string());
      a.end();
      return state;
    }
  }

  /** A NormalizedLead at the parser's current token (an array, or null). */
  private static NormalizedLead lead(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_ARRAY);
    Array a = new Array(p);
    Source source = null;
    if (a.nextArray()) {
      Array s = new Array(p);
      source = new Source(s.enumValue(SourceCode.class, SourceCode.UNKNOWN), s.string());
      s.end();
    }
    Action action = null;
    if (a.nextArray()) {
      Array s = new Array(p);
      action = new Action(s.enumValue(ActionCode.class, ActionCode.UNKNOWN), s.string());
      s.end();
    }
    Stage stage = a.enumValue(Stage.class, Stage.UNKNOWN);
    Offer offer = null;
    if (a.nextArray()) {
      Array s = new Array(p);
      offer = new Offer(s.string(), s.string(), s.string());
      s.end();
    }
    Customer customer = null;
    if (a.nextArray()) {
      Array s = new Array(p);
      customer =
          new Customer(
              s.string(),
              s.string(),
              s.string(),
              s.string(),
              s.bool(),
              s.string(),
              s.string(),
              s.string(),
              s.string());
      s.end();
    }
    String notes = a.string();
    Map<String, String> campaign = null;
    if (a.next() && p.currentToken() != JsonToken.VALUE_NULL) {
      expect(p, JsonToken.START_OBJECT);
      campaign = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        campaign.put(key, value == JsonToken.VALUE_NULL ? null : text(p));
      }
      expect(p, JsonToken.END_OBJECT);
    }
    Boolean test = a.bool();
    CustomerIdentity identity = null;
    if (a.nextArray()) {
      Array s = new Array(p);
      identity = new CustomerIdentity(s.enumValue(CustomerIdentity.Kind.class, null), s.string());
      s.end();
    }
    a.end();
    return new NormalizedLead(
        source, action, stage, offer, customer, notes, campaign, test != null && test, identity);
  }

  private static void expect(JsonParser p, JsonToken token) throws IOException {
    if (p.currentToken() != token) {
      throw new IOException("expected " + token + ", found " + p.currentToken());
    }
  }

  private static String text(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IOException("expected a string, found " + p.currentToken());
    }
    return p.getText();
  }

  /**
   * The components of one array, read in order: once the array has ended, every further component
   * reads as absent; {@link #end()} skips components this version does not know.
   */
  private static final class Array {
    private final JsonParser p;
    private boolean ended;

    Array(JsonParser p) {
      this.p = p;
    }

    /** Moves to the next component; false (and stays at the array's end) if there is none. */
    boolean next() throws IOException {
      if (ended) {
        return false;
      }
      JsonToken token = p.nextToken();
      if (token == null) {
        throw new IOException("truncated");
      }
      if (token == JsonToken.END_ARRAY) {
        ended = true;
        return false;
      }
      return true;
    }

    /** Moves to the next component; true if it is an array (null reads as absent). */
    boolean nextArray() throws IOException {
      if (!next() || p.currentToken() == JsonToken.VALUE_NULL) {
        return false;
      }
      expect(p, JsonToken.START_ARRAY);
      return true;
    }

    /** The current component as a string (or null). */
    String current() throws IOException {
      return p.currentToken() == JsonToken.VALUE_NULL ? null : text(p);
    }

    String string() throws IOException {
      return next() ? current() : null;
    }

    long longValue() throws IOException {
      if (!next() || p.currentToken() == JsonToken.VALUE_NULL) {
        return 0;
      }
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw new IOException("expected an integer, found " + p.currentToken());
      }
      return p.getLongValue();
    }

    Boolean bool() throws IOException {
      if (!next()) {
        return null;
      }
      return switch (p.currentToken()) {
        case VALUE_NULL -> null;
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        default -> throw new IOException("expected a boolean, found " + p.currentToken());
      };
    }

    <E extends Enum<E>> E enumValue(Class<E> type, E unknown) throws IOException {
      String name = string();
      if (name == null) {
        return null;
      }
      try {
        return Enum.valueOf(type, name);
      } catch (IllegalArgumentException e) {
        if (unknown == null) {
          throw new IOException("unknown " + type.getSimpleName());
        }
        return unknown;
      }
    }

    /** Skips the components after the known ones, up to and including the array's end. */
    void end() throws IOException {
      while (next()) {
        p.skipChildren();
      }
    }
  }
}
