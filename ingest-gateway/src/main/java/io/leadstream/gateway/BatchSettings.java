package io.leadstream.gateway;

import io.leadstream.config.Config;
import io.leadstream.config.Config.ConfigException;

/**
 * Settings of {@code POST /v1/leads:batch} ({@code gateway.batch.*}), read and checked at start.
 *
 * @param bodyLimitBytes the largest batch body; larger ones get 413
 * @param maxInFlight batches read or awaiting Kafka at once; past it 503 (memory: at most this many
 *     times the limit)
 */
record BatchSettings(int bodyLimitBytes, int maxInFlight) {

  static BatchSettings from(Config config) {
    return new BatchSettings(
        range(config, "gateway.batch.body.limit.bytes", 2, 256 * 1024 * 1024),
        range(config, "gateway.batch.max.in.flight", 1, 1024));
  }

  private static int range(Config config, String key, int min, int max) {
    int value = config.integer(key);
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }
}
