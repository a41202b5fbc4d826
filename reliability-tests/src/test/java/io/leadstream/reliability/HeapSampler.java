package io.leadstream.reliability;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Samples this JVM's heap every 100 ms: the peak of the heap in use right after a collection (what
 * the run kept: brokers, gateway, load generator and checker; after a young collection this still
 * includes old-generation garbage, so it is an upper bound of live data), and the peak of the heap
 * in use at any moment (garbage included, which depends mostly on -Xmx).
 */
final class HeapSampler implements AutoCloseable {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());

  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "heap-sampler");
            t.setDaemon(true);
            return t;
          });

  /** Collections before this sampler started do not count (they belong to earlier tests). */
  private final java.util.Map<String, Long> firstGcId = new java.util.HashMap<>();

  HeapSampler() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean collector) {
        var info = collector.getLastGcInfo();
        firstGcId.put(gc.getName(), info == null ? 0 : info.getId());
      }
    }
    timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    peakUsed.accumulateAndGet(used(), Math::max);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean collector) {
        var info = collector.getLastGcInfo();
        if (info != null && info.getId() > firstGcId.getOrDefault(gc.getName(), 0L)) {
          long after =
              info.getMemoryUsageAfterGc().entrySet().stream()
                  .filter(e -> HEAP_POOLS.contains(e.getKey()))
                  .map(java.util.Map.Entry::getValue)
                  .mapToLong(MemoryUsage::getUsed)
                  .sum();
          peakAfterGc.accumulateAndGet(after, Math::max);
        }
      }
    }
  }

  /** The largest heap in use right after a collection while sampling. */
  long peak() {
    sample();
    return peakAfterGc.get() > 0 ? peakAfterGc.get() : peakUsed.get();
  }

  /** The largest heap in use at any sample, garbage included. */
  long peakUsed() {
    sample();
    return peakUsed.get();
  }

  static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** Heap in use after a full collection (twice, so that finalizable objects are gone too). */
  static long usedAfterGc() {
    MEMORY.gc();
    MEMORY.gc();
    return used();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
