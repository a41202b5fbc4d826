package io.leadstream.processor.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadstream.processor.views.FunnelDay;
import io.leadstream.processor.views.LocalViews.FunnelFilter;
import io.leadstream.schemas.LeadJson;
import io.leadstream.schemas.LeadState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The funnel answer: per day and in total, leads by stage, branch and state; the conversion along
 * the funnel's steps (leads, qualified, contacted, won), each as a share of the step before; the
 * follow-up SLA (met, missed, open, and met as a share of those decided); the median time to first
 * contact (the upper bound of the histogram bucket that holds it, within 10%). No contact data.
 */
final class FunnelReport {

  /** The funnel's steps in order: what each counts in a {@link FunnelDay}. */
  enum Step {
    LEADS,
    QUALIFIED,
    CONTACTED,
    WON;

    long count(FunnelDay day) {
      return switch (this) {
        case LEADS -> day.leads();
        case QUALIFIED -> day.byBranch().getOrDefault("qualified", 0L);
        case CONTACTED -> day.contacted();
        case WON -> day.byState().getOrDefault(LeadState.WON.name(), 0L);
      };
    }
  }

  static ObjectNode of(FunnelFilter filter, List<FunnelDay> days) {
    ObjectNode root = LeadJson.mapper().createObjectNode();
    root.put("from", filter.from().toString());
    root.put("to", filter.to().toString());
    root.put("offer", filter.offer());
    root.put("source", filter.source());
    ArrayNode out = root.putArray("days");
    FunnelDay total = FunnelDay.empty(filter.from());
    for (FunnelDay day : days) {
      ObjectNode node = figures(day);
      node.put("day", day.day().toString());
      out.add(node);
      total = total.plus(relabel(day, filter.from()));
    }
    root.set("total", figures(total));
    return root;
  }

  /** The figures of one day (or of the total, relabelled to one day so that they add up). */
  static ObjectNode figures(FunnelDay day) {
    ObjectNode node = LeadJson.mapper().createObjectNode();
    node.put("leads", day.leads());
    node.set("byStage", counts(day.byStage()));
    node.set("byBranch", counts(day.byBranch()));
    node.set("byState", counts(day.byState()));
    ArrayNode conversion = node.putArray("conversion");
    Step[] steps = Step.values();
    for (int i = 1; i < steps.length; i++) {
      long before = steps[i - 1].count(day);
      long after = steps[i].count(day);
      ObjectNode step = conversion.addObject();
      step.put("from", steps[i - 1].name().toLowerCase(java.util.Locale.ROOT));
      step.put("to", steps[i].name().toLowerCase(java.util.Locale.ROOT));
      step.put("count", after);
      if (before == 0) {
        step.putNull("rate");
      } else {
        step.put("rate", (double) after / before);
      }
    }
    ObjectNode sla = node.putObject("sla");
    sla.put("met", day.slaMet());
    sla.put("missed", day.slaMissed());
    sla.put("open", day.slaOpen());
    long decided = day.slaMet() + day.slaMissed();
    if (decided == 0) {
      sla.putNull("metRate");
    } else {
      sla.put("metRate", (double) day.slaMet() / decided);
    }
    node.put("contacted", day.contacted());
    Duration median = day.medianTimeToFirstContact();
    if (median == null) {
      node.putNull("medianTimeToFirstContact");
      node.putNull("medianSecondsToFirstContact");
    } else {
      node.put("medianTimeToFirstContact", median.toString());
      node.put("medianSecondsToFirstContact", median.toSeconds());
    }
    return node;
  }

  private static ObjectNode counts(Map<String, Long> counts) {
    ObjectNode node = LeadJson.mapper().createObjectNode();
    counts.forEach(node::put);
    return node;
  }

  private static FunnelDay relabel(FunnelDay day, java.time.LocalDate as) {
    return new FunnelDay(
        as,
        day.leads(),
        day.byStage(),
        day.byBranch(),
        day.byState(),
        day.slaMet(),
        day.slaMissed(),
        day.slaOpen(),
        day.firstContact());
  }

  private FunnelReport() {}
}
