package io.leadstream.processor.views;

import io.leadstream.processor.StorePriming;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The funnel step: keeps each lead's last contribution ({@value ViewsStep#FUNNEL_LEAD_STORE}) and,
 * when a routed event, a status or both (an event and the status it caused) change it, subtracts
 * the old one from its part of the day ({@value ViewsStep#FUNNEL_DAY_STORE}) and adds the new one,
 * so a lead counts once however many events and statuses it has, and the counts never drift. A part
 * that no lead counts in any more is deleted. Forwards nothing.
 *
 * <p>A day's part is rewritten by almost every lead of that day, and a read of the store decodes it
 * again each time (its cache holds bytes), so this step also keeps the parts it last read or wrote
 * as objects: it is their only writer, and a task that is revived or moves starts a new {@link
 * #init} with an empty copy, as the lifecycle's counts do.
 */
final class FunnelProcessor implements FixedKeyProcessor<String, FunnelInput, Void> {

  /** Day parts kept decoded; the parts of a few recent days are the ones that change. */
  static final int PARTS_KEPT = 1_000;

  private KeyValueStore<String, FunnelLead> leads;
  private KeyValueStore<String, FunnelDay> days;
  private final Map<String, FunnelDay> parts =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FunnelDay> eldest) {
          return size() > PARTS_KEPT;
        }
      };

  @Override
  public void init(FixedKeyProcessorContext<String, Void> context) {
    leads = context.getStateStore(ViewsStep.FUNNEL_LEAD_STORE);
    days = context.getStateStore(ViewsStep.FUNNEL_DAY_STORE);
    StorePriming.schedule(context, ViewsStep.FUNNEL_LEAD_STORE, ViewsStep.FUNNEL_DAY_STORE);
    parts.clear();
  }

  @Override
  public void process(FixedKeyRecord<String, FunnelInput> record) {
    String leadId = record.key();
    FunnelInput input = record.value();
    if (leadId == null || input == null) {
      return;
    }
    FunnelLead before = leads.get(leadId);
    FunnelLead after = before;
    if (input.event() != null) {
      after = FunnelLead.withEvent(after, input.event());
    }
    if (input.status() != null && (after != null || input.event() == null)) {
      after = FunnelLead.withStatus(after, input.status());
    }
    if (Objects.equals(before, after)) {
      return;
    }
    if (after == null) {
      leads.delete(leadId);
    } else {
      leads.put(leadId, after);
    }
    if (before != null && after != null && before.key().equals(after.key())) {
      // The lead stays in its part (a new stage, state or SLA outcome): one read, one write.
      String key = after.key();
      save(key, plus(without(part(key), before), after));
      return;
    }
    if (before != null) {
      save(before.key(), without(part(before.key()), before));
    }
    if (after != null) {
      save(after.key(), plus(part(after.key()), after));
    }
  }

  /** A part without a lead's contribution; null once no lead counts in it. */
  private static FunnelDay without(FunnelDay part, FunnelLead lead) {
    FunnelDay rest = part == null ? null : part.minus(lead.figures());
    return rest == null || rest.leads() <= 0 ? null : rest;
  }

  private static FunnelDay plus(FunnelDay part, FunnelLead lead) {
    return part == null ? lead.figures() : part.plus(lead.figures());
  }

  private FunnelDay part(String key) {
    FunnelDay part = parts.get(key);
    if (part == null) {
      part = days.get(key);
      if (part != null) {
        parts.put(key, part);
      }
    }
    return part;
  }

  private void save(String key, FunnelDay part) {
    if (part == null) {
      parts.remove(key);
      days.delete(key);
    } else {
      parts.put(key, part);
      days.put(key, part);
    }
  }
}
