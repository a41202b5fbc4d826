package io.leadstream.processor.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cluster whose metadata the test fixes: the instances, each lead's owner, store sizes. */
final class FixedCluster implements Cluster {

  private final Instance self;
  final List<Instance> instances = new CopyOnWriteArrayList<>();
  final Map<String, Owner> owners = new HashMap<>();
  final Map<String, Integer> partitions = new HashMap<>();

  FixedCluster(Instance self) {
    this.self = self;
  }

  @Override
  public Instance self() {
    return self;
  }

  @Override
  public List<Instance> instances() {
    return List.copyOf(instances);
  }

  @Override
  public Owner ownerOfLead(String leadId) {
    return owners.getOrDefault(leadId, Owner.none(-1));
  }

  @Override
  public OptionalInt partitions(String store) {
    Integer count = partitions.get(store);
    return count == null ? OptionalInt.empty() : OptionalInt.of(count);
  }
}
