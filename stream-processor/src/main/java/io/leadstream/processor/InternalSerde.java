package io.leadstream.processor;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.processor.lifecycle.Tracked;
import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.FunnelLead;
import io.leadstream.processor.views.LocalViews.TraceEntry;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.Ingest;
import io.leadstream.schemas.JsonSerde;
import io.leadstream.schemas.LeadActivity;
import io.leadstream.schemas.LeadEvent;
import io.leadstream.schemas.LeadStatus;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Qualification;
import io.leadstream.schemas.Routing;
import io.leadstream.schemas.Source;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the processor's internal records (the repartition topic's {@link ParsedLead}, the
 * dedup store's {@link DedupState}, and the values of the lifecycle's and the console's stores):
 * Jackson data binding to its binary Smile format, the JSON data model in fewer bytes and without
 * its text. Public topics stay JSON.
 *
 * <p>A record is {@code [formatVersion, record]}, and each record (and every record inside it) is
 * an array of its components in declaration order, not an object: no property names in every
 * repartition and changelog record. Within one version, a component added at the end stays readable
 * (missing trailing components read as null, unknown ones are skipped, an unknown enum name reads
 * as the enum's default); any other change of the layout takes a new {@link #FORMAT_VERSION}, and a
 * record of a version this processor does not know fails with an error naming both versions. Errors
 * never quote the bytes. Instants are written as a decimal number of seconds (nanoseconds kept).
 *
 * <p>The stores that held their values as the public JSON before they moved to this format ({@link
 * #latestEvents}, {@link #trackedLeads}, {@link #funnelLeads}, {@link #funnelDays}, {@link
 * #traceEntries}) still read that JSON, with the JSON serde that wrote it: a JSON record starts
 * with '{', which a Smile record (it starts with its header, ":)") never does. So their state, and
 * their changelogs, need no reset; a value is rewritten in this format when it next changes.
 */
public final class InternalSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** The layout version this processor writes and the only one it reads. */
  static final int FORMAT_VERSION = 1;

  /** Records written as arrays: the internal records and everything they hold. */
  private static final List<Class<?>> ARRAY_SHAPED =
      List.of(
          ParsedLead.class,
          DedupState.class,
          Contribution.class,
          NormalizedLead.class,
          Source.class,
          Action.class,
          Offer.class,
          Customer.class,
          CustomerIdentity.class,
          LeadEvent.class,
          Routing.class,
          Qualification.class,
          Ingest.class,
          Tracked.class,
          LeadStatus.class,
          LeadActivity.class,
          FunnelLead.class,
          FunnelDay.class,
          TraceEntry.class);

  static final SmileMapper MAPPER = mapper();

  private final Class<T> type;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  /** The serde of the JSON a store held before it moved to this format, or null. */
  private final JsonSerde<T> formerJson;

  private InternalSerde(Class<T> type, boolean readsFormerJson) {
    this.type = type;
    this.writer = MAPPER.writerFor(type);
    this.reader = MAPPER.readerFor(type);
    this.formerJson = readsFormerJson ? new JsonSerde<>(type) : null;
  }

  private static SmileMapper mapper() {
    SmileMapper.Builder builder =
        SmileMapper.builder()
            // Accessors and constructors called through generated lambdas instead of reflection.
            .addModule(new BlackbirdModule())
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY);
    for (Class<?> record : ARRAY_SHAPED) {
      builder.withConfigOverride(
          record, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.ARRAY)));
    }
    return builder.build();
  }

  static InternalSerde<ParsedLead> parsedLeads() {
    return new InternalSerde<>(ParsedLead.class, false);
  }

  static InternalSerde<DedupState> dedupStates() {
    return new InternalSerde<>(DedupState.class, false);
  }

  /** {@code lead-latest-store}'s values: a lead's latest routed event, contact data included. */
  public static InternalSerde<LeadEvent> latestEvents() {
    return new InternalSerde<>(LeadEvent.class, true);
  }

  /** {@code lead-lifecycle-store}'s values. */
  public static InternalSerde<Tracked> trackedLeads() {
    return new InternalSerde<>(Tracked.class, true);
  }

  /** {@code funnel-lead-store}'s values. */
  public static InternalSerde<FunnelLead> funnelLeads() {
    return new InternalSerde<>(FunnelLead.class, true);
  }

  /** {@code funnel-day-store}'s values. */
  public static InternalSerde<FunnelDay> funnelDays() {
    return new InternalSerde<>(FunnelDay.class, true);
  }

  /** The trace stores' values. */
  public static InternalSerde<TraceEntry> traceEntries() {
    return new InternalSerde<>(TraceEntry.class, true);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartArray();
      g.writeNumber(FORMAT_VERSION);
      writer.writeValue(g, data);
      g.writeEndArray();
    } catch (IOException e) {
      throw new SerializationException(
          "cannot write " + type.getSimpleName() + ": " + e.getClass().getSimpleName());
    }
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (formerJson != null && data.length > 0 && data[0] == '{') {
      return formerJson.deserialize(topic, data);
    }
    int version;
    T value;
    try (JsonParser p = MAPPER.createParser(data)) {
      if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
        throw failure(topic, data, "no format version");
      }
      version = p.getIntValue();
      if (version != FORMAT_VERSION) {
        throw failure(
            topic,
            data,
            "format version "
                + version
                + ", but this processor reads version "
                + FORMAT_VERSION
                + " only (a newer processor wrote it, or the layout changed without a reset)");
      }
      p.nextToken();
      value = reader.readValue(p);
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw failure(topic, data, "more than a version and a record");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException known) {
        throw known;
      }
      throw failure(topic, data, e.getClass().getSimpleName());
    }
    return value;
  }

  private SerializationException failure(String topic, byte[] data, String why) {
    return new SerializationException(
        "cannot read "
            + type.getSimpleName()
            + " from "
            + data.length
            + " bytes of "
            + topic
            + ": "
            + why);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
