package io.leadstream.processor;

import io.leadstream.schemas.TopicNames;
import io.leadstream.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics Leadstream needs when they are missing (configured partitions, replication
 * factor and cleanup policy) and verifies those that exist. Differences that would lose or corrupt
 * data (a compacted output topic, a non-compacted catalog) are errors; others are warnings.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  /** What a topic should look like. */
  public record TopicSpec(
      String name,
      int partitions,
      short replicationFactor,
      boolean compacted,
      boolean copartitioned) {}

  /** The outcome for one topic. */
  public record Outcome(String topic, String action, List<String> warnings) {
    /** One line for a person: topic, action, and any warnings. */
    public String line() {
      return String.format(
          "%-20s %s%s",
          topic, action, warnings.isEmpty() ? "" : " (" + String.join("; ", warnings) + ")");
    }
  }

  private final Admin admin;
  private final long timeoutMs;

  /**
   * The specs of Leadstream's topics under {@code names}, from the one list ({@link Topics#all()},
   * which says which are compacted): {@code partitions} and {@code replicationFactor} each.
   */
  public static List<TopicSpec> specs(TopicNames names, int partitions, short replicationFactor) {
    Topics topics = new Topics(names);
    List<String> copartitioned = topics.copartitioned().stream().map(t -> t.name()).toList();
    return topics.all().stream()
        .map(
            t ->
                new TopicSpec(
                    t.name(),
                    partitions,
                    replicationFactor,
                    t.compacted(),
                    copartitioned.contains(t.name())))
        .toList();
  }

  public TopicProvisioner(Admin admin, long timeoutMs) {
    this.admin = admin;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Creates what is missing and verifies what exists.
   *
   * @throws IncompatibleTopicException listing every incompatible topic, after creating the rest
   */
  public List<Outcome> provision(Collection<TopicSpec> specs) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<Outcome> outcomes = new ArrayList<>();
      List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
      for (TopicSpec spec : missing) {
        outcomes.add(create(spec));
      }
      for (TopicSpec spec : missing) {
        awaitServed(spec);
      }
      List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
      List<String> errors = new ArrayList<>();
      if (!present.isEmpty()) {
        Map<String, TopicDescription> descriptions =
            admin
                .describeTopics(present.stream().map(TopicSpec::name).toList())
                .allTopicNames()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<ConfigResource, Config> configs =
            admin
                .describeConfigs(
                    present.stream()
                        .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                        .toList())
                .all()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        for (TopicSpec spec : present) {
          outcomes.add(
              verify(
                  spec,
                  descriptions.get(spec.name()),
                  configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())),
                  errors));
        }
      }
      if (!errors.isEmpty()) {
        throw new IncompatibleTopicException(errors);
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot provision topics: the brokers did not answer in "
              + timeoutMs
              + " ms ("
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage()
              + ")",
          cause);
    }
  }

  private Outcome create(TopicSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, String> configs = new HashMap<>();
    configs.put(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
    if (spec.replicationFactor() >= 3) {
      configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                      .configs(configs)))
          .all()
          .get(timeoutMs, TimeUnit.MILLISECONDS);
      LOG.info(
          "Created topic {} ({} partitions, replication factor {}, {})",
          spec.name(),
          spec.partitions(),
          spec.replicationFactor(),
          spec.compacted() ? "compacted" : "delete");
      return new Outcome(spec.name(), "created", List.of());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        // Another instance created it at the same moment.
        return new Outcome(spec.name(), "exists", List.of());
      }
      throw e;
    }
  }

  /**
   * Waits until every partition of a new topic has a leader that serves it. The controller accepts
   * a topic before the brokers host it; a producer that writes in between gets NOT_LEADER errors
   * and, idempotent, can get stuck on out-of-order sequence numbers.
   */
  private void awaitServed(TopicSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (int p = 0; p < spec.partitions(); p++) {
      partitions.put(new TopicPartition(spec.name(), p), OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        // First until the metadata shows a leader everywhere (asking for offsets of a topic the
        // brokers do not know yet makes the admin client log errors), then until they serve it.
        TopicDescription description =
            admin
                .describeTopics(List.of(spec.name()))
                .allTopicNames()
                .get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(spec.name());
        if (description.partitions().size() == spec.partitions()
            && description.partitions().stream().allMatch(p -> p.leader() != null)) {
          admin.listOffsets(partitions).all().get(timeoutMs, TimeUnit.MILLISECONDS);
          return;
        }
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topic " + spec.name() + " has no leaders yet");
      }
      Thread.sleep(50);
    }
  }

  private static Outcome verify(
      TopicSpec spec, TopicDescription description, Config config, List<String> errors) {
    List<String> warnings = new ArrayList<>();
    String policy =
        config == null || config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null
            ? TopicConfig.CLEANUP_POLICY_DELETE
            : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    boolean compacted = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    if (spec.compacted() && !compacted) {
      errors.add(
          spec.name()
              + " must be compacted (cleanup.policy=compact) but has cleanup.policy="
              + policy);
    } else if (!spec.compacted() && compacted) {
      errors.add(
          spec.name()
              + " has cleanup.policy="
              + policy
              + ": compaction would drop leads that share a key; it must be delete");
    }
    int partitions = description.partitions().size();
    if (partitions != spec.partitions() && spec.copartitioned()) {
      errors.add(
          spec.name()
              + " has "
              + partitions
              + " partitions but must have "
              + spec.partitions()
              + ", as many as the processor's leadId repartition topic"
              + " (processor.topic.partitions), so that each lead's records meet in one task");
    } else if (partitions != spec.partitions()) {
      warnings.add(
          "has " + partitions + " partitions, configured " + spec.partitions() + " (kept as is)");
    }
    int rf = description.partitions().get(0).replicas().size();
    if (rf < spec.replicationFactor()) {
      warnings.add(
          "has replication factor "
              + rf
              + ", configured "
              + spec.replicationFactor()
              + ": fewer copies than asked for");
    }
    warnings.forEach(w -> LOG.warn("Topic {} {}", spec.name(), w));
    return new Outcome(spec.name(), "verified", warnings);
  }

  /** One or more existing topics cannot be used as they are. */
  public static final class IncompatibleTopicException extends RuntimeException {
    public IncompatibleTopicException(List<String> problems) {
      super(
          "incompatible topics; fix or delete them, then start again:\n  "
              + problems.stream().collect(Collectors.joining("\n  ")));
    }
  }
}
