package io.leadstream.processor.views;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The funnel step: keeps each lead's last contribution ({@value ViewsStep#FUNNEL_LEAD_STORE}) and,
 * when a routed event or a status changes it, subtracts the old one from its part of the day
 * ({@value ViewsStep#FUNNEL_DAY_STORE}) and adds the new one, so a lead counts once however many
 * events and statuses it has, and the counts never drift. A part that no lead counts in any more is
 * deleted. Forwards nothing.
 */
final class FunnelProcessor implements FixedKeyProcessor<String, FunnelInput, Void> {

  private KeyValueStore<String, FunnelLead> leads;
  private KeyValueStore<String, FunnelDay> days;

  @Override
  public void init(FixedKeyProcessorContext<String, Void> context) {
    leads = context.getStateStore(ViewsStep.FUNNEL_LEAD_STORE);
    days = context.getStateStore(ViewsStep.FUNNEL_DAY_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, FunnelInput> record) {
    String leadId = record.key();
    FunnelInput input = record.value();
    if (leadId == null || input == null) {
      return;
    }
    FunnelLead before = leads.get(leadId);
    FunnelLead after =
        input.event() != null
            ? FunnelLead.withEvent(before, input.event())
            : FunnelLead.withStatus(before, input.status());
    if (Objects.equals(before, after)) {
      return;
    }
    if (before != null) {
      FunnelDay part = days.get(before.key());
      save(before.key(), part == null ? null : part.minus(before.figures()));
    }
    if (after == null) {
      leads.delete(leadId);
      return;
    }
    FunnelDay part = days.get(after.key());
    save(after.key(), part == null ? after.figures() : part.plus(after.figures()));
    leads.put(leadId, after);
  }

  private void save(String key, FunnelDay part) {
    if (part == null || part.leads() <= 0) {
      days.delete(key);
    } else {
      days.put(key, part);
    }
  }
}
