package io.leadstream.processor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code java -cp ... io.leadstream.processor.TopicsMain [--config FILE]}: creates Leadstream's
 * topics where missing, verifies those that exist, prints one line per topic and exits: 0 when all
 * are usable, 1 otherwise. The processor's own configuration (partitions, replication factor,
 * {@code topics.*}, {@code kafka.*}) and its {@link TopicProvisioner}, so docker-compose's one-shot
 * setup makes exactly the topics the processor would.
 */
public final class TopicsMain {

  private TopicsMain() {}

  public static void main(String[] args) {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else {
        System.err.println("usage: TopicsMain [--config FILE]");
        System.exit(2);
      }
    }
    try {
      ProcessorSettings settings =
          ProcessorSettings.from(StreamProcessor.loadConfig(file, Map.of()));
      List<TopicProvisioner.Outcome> outcomes;
      try (Admin admin = Admin.create(Map.<String, Object>copyOf(settings.kafka()))) {
        outcomes =
            new TopicProvisioner(admin, settings.adminTimeout().toMillis())
                .provision(
                    TopicProvisioner.specs(
                        settings.topics(), settings.partitions(), settings.replicationFactor()));
      }
      for (TopicProvisioner.Outcome outcome : outcomes) {
        System.out.println(outcome.line());
      }
    } catch (RuntimeException e) {
      System.err.println("cannot provision topics: " + e.getMessage());
      System.exit(1);
    }
  }
}
