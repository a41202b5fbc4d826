package io.leadstream.gateway;

import io.leadstream.support.ManagementServer.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Whether the gateway can make a lead durable right now: brokers reachable, raw topic present. */
interface Readiness {

  /** The answer of one probe; its detail is safe to show (no personal data, no secrets). */
  CompletionStage<Health> probe();

  /**
   * Asks the cluster for the raw topic through the admin client; answers are cached for a second so
   * that a busy load balancer does not turn into load on the brokers.
   */
  final class Kafka implements Readiness, AutoCloseable {

    private static final long CACHE_NANOS = Duration.ofSeconds(1).toNanos();

    private final Supplier<Admin> adminFactory;
    private final String rawTopic;
    private final int timeoutMs;
    private Admin admin;
    private CompletableFuture<Health> last;
    private long lastAt;

    Kafka(Supplier<Admin> adminFactory, String rawTopic, Duration timeout) {
      this.adminFactory = adminFactory;
      this.rawTopic = rawTopic;
      this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public synchronized CompletionStage<Health> probe() {
      long now = System.nanoTime();
      if (last != null && (!last.isDone() || now - lastAt < CACHE_NANOS)) {
        return last;
      }
      if (admin == null) {
        admin = adminFactory.get();
      }
      CompletableFuture<Health> probe = new CompletableFuture<>();
      admin
          .describeTopics(List.of(rawTopic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
          .allTopicNames()
          .whenComplete((topics, error) -> probe.complete(state(topics, error)));
      last = probe;
      lastAt = now;
      return probe;
    }

    private Health state(Map<String, TopicDescription> topics, Throwable error) {
      if (error == null) {
        int partitions = topics.get(rawTopic).partitions().size();
        return Health.up("topic " + rawTopic + " has " + partitions + " partition(s)");
      }
      Throwable cause = error;
      while ((cause instanceof ExecutionException || cause instanceof CompletionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof UnknownTopicOrPartitionException) {
        return Health.down("topic " + rawTopic + " does not exist");
      }
      return Health.down(
          "Kafka not reachable: " + cause.getClass().getSimpleName() + " within the timeout");
    }

    @Override
    public synchronized void close() {
      if (admin != null) {
        admin.close(Duration.ofSeconds(2));
      }
    }
  }
}
