package io.leadstream.processor.lifecycle;

import io.leadstream.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * The timing rules of the lead lifecycle (design page, "Lead lifecycle"); every duration ISO-8601.
 *
 * @param followUpSla {@code processor.followup.sla}: a qualified lead's deadline after it qualified
 * @param warning {@code processor.lifecycle.followup.warning}: FOLLOW_UP_DUE_SOON this long before
 *     the deadline; zero turns it off
 * @param cadence {@code processor.lifecycle.nurture.cadence}: nurture steps after firstSeenAt, in
 *     increasing order
 * @param minGap {@code processor.lifecycle.nurture.min.gap}: a step is skipped when a touch was
 *     recorded less than this before it
 * @param expireAfter {@code processor.lifecycle.expire.after}: an unanswered lead expires this long
 *     after its last deadline or cadence step (or its last activity, if later)
 * @param punctuateInterval {@code processor.lifecycle.punctuate.interval}: how often due deadlines
 *     are looked for
 */
public record LifecycleSettings(
    Duration followUpSla,
    Duration warning,
    List<Duration> cadence,
    Duration minGap,
    Duration expireAfter,
    Duration punctuateInterval) {

  public LifecycleSettings {
    cadence = List.copyOf(cadence);
    require(!followUpSla.isNegative() && !followUpSla.isZero(), "processor.followup.sla");
    require(!warning.isNegative(), "processor.lifecycle.followup.warning");
    require(!minGap.isNegative(), "processor.lifecycle.nurture.min.gap");
    require(!expireAfter.isNegative() && !expireAfter.isZero(), "processor.lifecycle.expire.after");
    require(
        !punctuateInterval.isNegative() && !punctuateInterval.isZero(),
        "processor.lifecycle.punctuate.interval");
    for (int i = 0; i < cadence.size(); i++) {
      boolean increasing = i == 0 || cadence.get(i).compareTo(cadence.get(i - 1)) > 0;
      if (cadence.get(i).isNegative() || cadence.get(i).isZero() || !increasing) {
        throw new Config.ConfigException(
            "processor.lifecycle.nurture.cadence",
            "must be positive durations in increasing order");
      }
    }
  }

  public static LifecycleSettings from(Config config) {
    return new LifecycleSettings(
        config.duration("processor.followup.sla"),
        config.duration("processor.lifecycle.followup.warning"),
        config.list("processor.lifecycle.nurture.cadence").stream()
            .map(step -> Config.of(java.util.Map.of("step", step)).duration("step"))
            .toList(),
        config.duration("processor.lifecycle.nurture.min.gap"),
        config.duration("processor.lifecycle.expire.after"),
        config.duration("processor.lifecycle.punctuate.interval"));
  }

  private static void require(boolean ok, String key) {
    if (!ok) {
      throw new Config.ConfigException(key, "must be a positive duration");
    }
  }
}
