package io.leadstream.processor;

import io.leadstream.config.Config;
import io.leadstream.config.KafkaSettings;
import io.leadstream.processor.console.ConsoleSettings;
import io.leadstream.processor.lifecycle.LifecycleSettings;
import io.leadstream.schemas.LeadIds;
import io.leadstream.schemas.TopicNames;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The processor's settings, read once from a layered {@link Config}. Everything the topology needs
 * is here; Kafka client and Streams properties stay in {@link #kafka()} untouched.
 */
public record ProcessorSettings(
    String applicationId,
    String stateDir,
    int streamThreads,
    int standbyReplicas,
    boolean provisionTopics,
    int partitions,
    short replicationFactor,
    Duration dedupWindow,
    Duration followUpSla,
    String leadIdSecret,
    QualificationRules qualification,
    Map<String, String> regionOverrides,
    String managementHost,
    int managementPort,
    Duration adminTimeout,
    int threadReplacementsMax,
    Duration threadReplacementsWindow,
    int rocksDbBlockCacheMb,
    int rocksDbMemtableKb,
    boolean lifecycleEnabled,
    LifecycleSettings lifecycle,
    ConsoleSettings console,
    TopicNames topics,
    Map<String, String> kafka) {

  /** Resource holding the shipped defaults. */
  public static final String DEFAULTS = "/processor-defaults.properties";

  /** {@code processor.region.<CC>=<REGION>}: a country's region over the shipped table. */
  public static final String REGION_PREFIX = "processor.region.";

  public ProcessorSettings {
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      throw new Config.ConfigException("processor.dedup.window", "must be positive");
    }
    if (partitions < 1) {
      throw new Config.ConfigException("processor.topic.partitions", "must be at least 1");
    }
    if (replicationFactor < 1) {
      throw new Config.ConfigException("processor.topic.replication.factor", "must be at least 1");
    }
    if (threadReplacementsMax < 0) {
      throw new Config.ConfigException("processor.thread.replacements.max", "must not be negative");
    }
    if (rocksDbBlockCacheMb < 0) {
      throw new Config.ConfigException(
          "processor.rocksdb.block.cache.mb", "must be 0 (a cache per store) or more");
    }
    if (rocksDbMemtableKb < 0) {
      throw new Config.ConfigException(
          "processor.rocksdb.memtable.kb", "must be 0 (RocksDB's own memtable size) or more");
    }
    if (threadReplacementsWindow.isNegative() || threadReplacementsWindow.isZero()) {
      throw new Config.ConfigException("processor.thread.replacements.window", "must be positive");
    }
    regionOverrides.forEach(
        (country, region) -> {
          if (!country.matches("[A-Za-z]{2}")) {
            throw new Config.ConfigException(
                REGION_PREFIX + country, "must name an ISO 3166-1 alpha-2 country code");
          }
          if (region == null || region.isBlank()) {
            throw new Config.ConfigException(REGION_PREFIX + country, "must name a region");
          }
        });
    regionOverrides = Map.copyOf(regionOverrides);
    kafka = Map.copyOf(kafka);
  }

  public static ProcessorSettings from(Config config) {
    return new ProcessorSettings(
        config.string("processor.application.id"),
        config.string("processor.state.dir"),
        config.integer("processor.num.stream.threads"),
        config.integer("processor.standby.replicas"),
        config.bool("processor.provision.topics"),
        config.integer("processor.topic.partitions"),
        (short) config.integer("processor.topic.replication.factor"),
        config.duration("processor.dedup.window"),
        config.duration("processor.followup.sla"),
        config.string("processor.leadid.secret", LeadIds.DEV_SECRET),
        new QualificationRules(
            config.bool("processor.qualify.require.reachable.contact"),
            config.bool("processor.qualify.require.known.action"),
            config.bool("processor.qualify.require.business.identity")),
        config.scoped(REGION_PREFIX),
        config.string("processor.management.host"),
        config.integer("processor.management.port"),
        config.duration("processor.admin.timeout"),
        config.integer("processor.thread.replacements.max"),
        config.duration("processor.thread.replacements.window"),
        config.integer("processor.rocksdb.block.cache.mb"),
        config.integer("processor.rocksdb.memtable.kb"),
        config.bool("processor.lifecycle.enabled"),
        LifecycleSettings.from(config),
        ConsoleSettings.from(config),
        TopicNames.fromConfig(config.asMap()),
        KafkaSettings.from(config).values());
  }

  /**
   * The Kafka Streams properties: the {@code kafka.*} passthrough (bootstrap servers, security)
   * under Leadstream's fixed choices: exactly-once v2, explicit internal names enforced, the
   * dead-letter exception handlers.
   */
  public Properties streamsProperties() {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
    if (replicationFactor >= 3) {
      props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), "2");
    }
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Deserialization.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Processing.class);
    // The catalog's global thread too; catalog records are skipped, not dead-lettered: they are
    // operator data, not leads. The key is deprecated because Kafka 5.0 makes this the default.
    props.put("processing.exception.handler.global.enabled", true);
    // The partition assignor builds a second StreamsConfig from the main consumer's settings only,
    // and warns when the key is missing there.
    props.put(
        StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterHandlers.Production.class);
    if (rocksDbBlockCacheMb > 0 || rocksDbMemtableKb > 0) {
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.class);
    }
    if (rocksDbBlockCacheMb > 0) {
      props.put(RocksDbMemory.BLOCK_CACHE_BYTES_CONFIG, rocksDbBlockCacheMb * 1024L * 1024L);
    }
    if (rocksDbMemtableKb > 0) {
      props.put(RocksDbMemory.MEMTABLE_BYTES_CONFIG, rocksDbMemtableKb * 1024L);
    }
    props.put(DeadLetterHandlers.DLQ_TOPIC_CONFIG, topics.dlq());
    props.put(DeadLetterHandlers.RAW_TOPIC_CONFIG, topics.raw());
    props.put(DeadLetterHandlers.OFFERS_TOPIC_CONFIG, topics.offers());
    return props;
  }

  /** Which requirements a lead must meet to be qualified. */
  public record QualificationRules(
      boolean requireReachableContact,
      boolean requireKnownAction,
      boolean requireBusinessIdentity) {
    public static QualificationRules defaults() {
      return new QualificationRules(true, true, true);
    }
  }
}
