package io.leadstream.cli;

import io.leadstream.processor.TopicProvisioner;
import io.leadstream.processor.TopicProvisioner.TopicSpec;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./leadstream topics}: creates missing topics and verifies existing ones. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Creates Leadstream's topics where missing and verifies those that exist.")
final class TopicsCommand implements Callable<Integer> {

  @Option(names = "--partitions", description = "Partitions for new topics (default: 6).")
  int partitions = 6;

  @Option(
      names = "--replication-factor",
      description = "Replication factor for new topics (default: 1; use 3 on a cluster).")
  short replicationFactor = 1;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    Clients.Settings settings = kafka.settings();
    List<TopicSpec> specs =
        TopicProvisioner.specs(settings.topics(), partitions, replicationFactor);
    try (Admin admin = Clients.admin(settings)) {
      List<TopicProvisioner.Outcome> outcomes;
      try {
        outcomes = new TopicProvisioner(admin, 15_000).provision(specs);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "cannot reach Kafka at "
                + settings.bootstrap()
                + " ("
                + settings.redact(e.getMessage())
                + "); "
                + settings.hint());
      }
      for (TopicProvisioner.Outcome outcome : outcomes) {
        System.out.println(outcome.line());
      }
    }
    return 0;
  }
}
