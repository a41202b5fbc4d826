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
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.leadstream.processor.DedupState.Contribution;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
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
 * dedup store's {@link DedupState}): Jackson data binding to its binary Smile format, the JSON data
 * model in fewer bytes. Public topics stay JSON.
 *
 * <p>A record is {@code [formatVersion, record]}, and each record (and every record inside it) is
 * an array of its components in declaration order, not an object: no property names in every
 * repartition and changelog record. Within one version, a component added at the end stays readable
 * (missing trailing components read as null, unknown ones are skipped, an unknown enum name reads
 * as the enum's default); any other change of the layout takes a new {@link #FORMAT_VERSION}, and a
 * record of a version this processor does not know fails with an error naming both versions. Errors
 * never quote the bytes.
 */
final class InternalSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

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
          CustomerIdentity.class);

  static final SmileMapper MAPPER = mapper();

  private final Class<T> type;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  private InternalSerde(Class<T> type) {
    this.type = type;
    this.writer = MAPPER.writerFor(type);
    this.reader = MAPPER.readerFor(type);
  }

  private static SmileMapper mapper() {
    SmileMapper.Builder builder =
        SmileMapper.builder()
            // Accessors and constructors called through generated lambdas instead of reflection.
            .addModule(new BlackbirdModule())
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
    return new InternalSerde<>(ParsedLead.class);
  }

  static InternalSerde<DedupState> dedupStates() {
    return new InternalSerde<>(DedupState.class);
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
