package io.leadstream.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one of the contract's JSON records, with {@link LeadJson#mapper()}. Null is
 * null both ways (tombstones). Failures throw {@link SerializationException} whose message says
 * what and where but never quotes the data (records hold personal data). Thread-safe.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final ObjectMapper mapper;

  public JsonSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    this.mapper = LeadJson.mapper();
  }

  /** The record type this serde reads and writes. */
  public Class<T> type() {
    return type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new SerializationException(
          "cannot write " + type.getSimpleName() + " to topic " + topic, null);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.readValue(data, type);
    } catch (JsonMappingException e) {
      throw new SerializationException(
          "cannot read "
              + type.getSimpleName()
              + " from topic "
              + topic
              + ": the JSON does not match the record "
              + where(e),
          null);
    } catch (JsonProcessingException e) {
      throw new SerializationException(
          "cannot read "
              + type.getSimpleName()
              + " from topic "
              + topic
              + ": "
              + JsonBodies.describe(e).detail(),
          null);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot read " + type.getSimpleName() + " from topic " + topic, null);
    }
  }

  private static String where(JsonMappingException e) {
    var location = e.getLocation();
    return location == null || location.getLineNr() < 1
        ? "(position unknown)"
        : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
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

  @Override
  public String toString() {
    return "JsonSerde[" + type.getSimpleName() + "]";
  }
}
