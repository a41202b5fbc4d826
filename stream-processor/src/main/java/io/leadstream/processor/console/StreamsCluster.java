package io.leadstream.processor.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Cluster} of a running {@link KafkaStreams}: owners from {@code queryMetadataForKey},
 * instances from {@code metadataForAllStreamsClients}, each advertised by its {@code
 * application.server}. A store's partition count is its changelog topic's (one partition per task),
 * read once with the admin client; every console store is changelogged.
 */
public final class StreamsCluster implements Cluster, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsCluster.class);

  private final KafkaStreams streams;
  private final Instance self;
  private final String applicationId;
  private final String leadStore;
  private final Admin admin;
  private final Duration adminTimeout;
  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

  /**
   * @param leadStore the store keyed by leadId whose owner answers a single lead
   * @param admin closed with this cluster
   */
  public StreamsCluster(
      KafkaStreams streams,
      Instance self,
      String applicationId,
      String leadStore,
      Admin admin,
      Duration adminTimeout) {
    this.streams = streams;
    this.self = self;
    this.applicationId = applicationId;
    this.leadStore = leadStore;
    this.admin = admin;
    this.adminTimeout = adminTimeout;
  }

  @Override
  public Instance self() {
    return self;
  }

  @Override
  public List<Instance> instances() {
    try {
      return streams.metadataForAllStreamsClients().stream()
          .map(m -> instance(m.hostInfo()))
          .distinct()
          .toList();
    } catch (StreamsException | IllegalStateException notStarted) {
      return List.of(self);
    }
  }

  @Override
  public Owner ownerOfLead(String leadId) {
    KeyQueryMetadata metadata;
    try {
      metadata = streams.queryMetadataForKey(leadStore, leadId, new StringSerializer());
    } catch (StreamsException | IllegalStateException notStarted) {
      return Owner.none(-1);
    }
    if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return Owner.none(-1);
    }
    HostInfo active = metadata.activeHost();
    if (active == null || active.port() < 0 || active.equals(HostInfo.unavailable())) {
      return Owner.none(metadata.partition());
    }
    return new Owner(instance(active), metadata.partition());
  }

  @Override
  public OptionalInt partitions(String store) {
    Integer known = partitions.get(store);
    if (known != null) {
      return OptionalInt.of(known);
    }
    String changelog = applicationId + "-" + store + "-changelog";
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(changelog))
              .allTopicNames()
              .get(adminTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(changelog);
      int count = description.partitions().size();
      partitions.put(store, count);
      return OptionalInt.of(count);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Cannot tell how many partitions store {} has ({}): {}",
          store,
          changelog,
          e.getClass().getSimpleName());
      return OptionalInt.empty();
    }
  }

  private static Instance instance(HostInfo host) {
    return new Instance(host.host(), host.port());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
