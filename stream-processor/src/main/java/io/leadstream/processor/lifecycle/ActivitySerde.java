package io.leadstream.processor.lifecycle;

import io.leadstream.schemas.ActivityException;
import io.leadstream.schemas.JsonSerde;
import io.leadstream.schemas.LeadActivities;
import io.leadstream.schemas.LeadActivity;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * LeadActivity v1 on {@code leads.activity}, read with the same checks as the gateway's {@code POST
 * /v1/activity} ({@link LeadActivities#parse}): a record a connector wrote directly that would be a
 * 400 at the gateway fails here with the same safe message, and goes to the dead-letter topic by
 * the deserialization handler instead of reaching the lifecycle. {@code at} is required on the
 * topic.
 */
public final class ActivitySerde implements Serde<LeadActivity> {

  private static final JsonSerde<LeadActivity> JSON = new JsonSerde<>(LeadActivity.class);

  @Override
  public Serializer<LeadActivity> serializer() {
    return JSON;
  }

  @Override
  public Deserializer<LeadActivity> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return LeadActivities.parse(data, null);
      } catch (ActivityException e) {
        throw new SerializationException(
            "cannot read LeadActivity from topic " + topic + ": " + e.getMessage(), null);
      }
    };
  }
}
