package io.leadstream.cli;

import io.leadstream.processor.TopicProvisioner;
import io.leadstream.processor.TopicProvisioner.TopicSpec;
import io.leadstream.schemas.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka (default: $LEADSTREAM_KAFKA_BOOTSTRAP_SERVERS or localhost:9092).")
  String bootstrapServers;

  private final Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    TopicNames names = TopicNames.fromConfig(TailCommand.topicConfig(env));
    List<TopicSpec> specs = TopicProvisioner.specs(names, partitions, replicationFactor);
    String bootstrap = Clients.bootstrap(bootstrapServers, env);
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
      for (TopicProvisioner.Outcome outcome :
          new TopicProvisioner(admin, 15_000).provision(specs)) {
        System.out.printf(
            "%-20s %s%s%n",
            outcome.topic(),
            outcome.action(),
            outcome.warnings().isEmpty() ? "" : " (" + String.join("; ", outcome.warnings()) + ")");
      }
    }
    return 0;
  }
}
