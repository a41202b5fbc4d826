package io.leadstream.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one Jackson configuration of Leadstream's JSON records: camelCase property names as in the
 * records, instants as ISO-8601 UTC strings, nulls written out, unknown properties and unknown enum
 * values tolerated on read (forward compatibility for consumers of v1), {@link JsonBodies} read
 * limits. Thread-safe; share it.
 */
public final class LeadJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonBodies.factory())
          .addModule(new JavaTimeModule())
          // Accessors and constructors called through generated lambdas instead of reflection.
          .addModule(new BlackbirdModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          .build();

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private LeadJson() {}
}
