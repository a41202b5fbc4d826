package io.leadstream.processor;

import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the processor's internal records (the repartition topic's {@link ParsedLead}, the
 * dedup store's {@link DedupState}): Jackson's binary Smile format, the JSON data model at a
 * fraction of the cost on the per-record path, written and read with the streaming API ({@link
 * InternalCodec}). Public topics stay JSON. Errors never quote the bytes.
 *
 * <p>Each record is an array of its components in declaration order, not an object: no property
 * names in every repartition record and every changelog record. Adding a component at the end stays
 * readable; reordering or removing one needs a new format (and a reset).
 */
final class InternalSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** Smile as Jackson's {@code SmileMapper} writes it by default (a header, shared names). */
  static final SmileFactory FACTORY = new SmileFactory();

  private final Class<T> type;
  private final Writer<T> writer;
  private final Reader<T> reader;

  private InternalSerde(Class<T> type, Writer<T> writer, Reader<T> reader) {
    this.type = type;
    this.writer = writer;
    this.reader = reader;
  }

  static InternalSerde<ParsedLead> parsedLeads() {
    return new InternalSerde<>(
        ParsedLead.class, InternalCodec::write, InternalCodec::readParsedLead);
  }

  static InternalSerde<DedupState> dedupStates() {
    return new InternalSerde<>(
        DedupState.class, InternalCodec::write, InternalCodec::readDedupState);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return writer.write(FACTORY, data);
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
      return reader.read(FACTORY, data);
    } catch (IOException | RuntimeException e) {
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

  @FunctionalInterface
  private interface Writer<T> {
    byte[] write(SmileFactory factory, T value) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(SmileFactory factory, byte[] bytes) throws IOException;
  }
}
