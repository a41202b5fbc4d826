package io.leadstream.processor.views;

import io.leadstream.processor.StorePriming;
import io.leadstream.schemas.LeadEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps each lead's latest routed event in {@value ViewsStep#LATEST_STORE}; forwards nothing. */
final class LatestEventProcessor implements FixedKeyProcessor<String, LeadEvent, Void> {

  private KeyValueStore<String, LeadEvent> store;

  @Override
  public void init(FixedKeyProcessorContext<String, Void> context) {
    store = context.getStateStore(ViewsStep.LATEST_STORE);
    StorePriming.schedule(context, ViewsStep.LATEST_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, LeadEvent> record) {
    if (record.key() != null && record.value() != null) {
      store.put(record.key(), record.value());
    }
  }
}
