package io.leadstream.processor;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadstream.schemas.Action;
import io.leadstream.schemas.Customer;
import io.leadstream.schemas.CustomerIdentity;
import io.leadstream.schemas.NormalizedLead;
import io.leadstream.schemas.Offer;
import io.leadstream.schemas.Source;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the processor's internal records (the repartition topic's {@link RawLead}, the dedup
 * store's {@link DedupState}): Jackson's binary Smile format, the JSON data model at a fraction of
 * the cost on the per-record path. Public topics stay JSON. Errors never quote the bytes.
 */
final class InternalSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /**
   * The records written as arrays of their components in declaration order, not objects: no
   * property names in every repartition record and every changelog record. Adding a component at
   * the end stays readable; reordering or removing one needs a new format (and a reset).
   */
  private static final List<Class<?>> AS_ARRAYS =
      List.of(
          RawLead.class,
          DedupState.class,
          DedupState.Contribution.class,
          NormalizedLead.class,
          Source.class,
          Action.class,
          Offer.class,
          Customer.class,
          CustomerIdentity.class);

  private static final SmileMapper MAPPER = mapper();

  private static SmileMapper mapper() {
    SmileMapper.Builder builder =
        SmileMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY);
    for (Class<?> type : AS_ARRAYS) {
      builder.withConfigOverride(
          type, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.ARRAY)));
    }
    return builder.build();
  }

  private final Class<T> type;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  InternalSerde(Class<T> type) {
    this.type = type;
    this.writer = MAPPER.writerFor(type);
    this.reader = MAPPER.readerFor(type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return writer.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot write " + type.getSimpleName() + ": " + e.getClass().getSimpleName());
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return reader.readValue(data);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot read "
              + type.getSimpleName()
              + " from "
              + data.length
              + " bytes of "
              + topic
              + ": "
              + e.getClass().getSimpleName());
    }
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
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
