#!/usr/bin/env bash
# Gateway throughput and p50/p99 latency (single-lead POSTs, acks=all) side by side with Kafka's own
# ProducerPerformance, on one real local broker, same record size. Prints a table at the end.
#
#   bench/gateway-benchmark.sh [--record-size 700] [--records 300000] [--seconds 20]
#                              [--connections 64] [--partitions 3] [--gateway-heap 128m]
#
# Needs Java 17, Maven and a free 2 GB of memory; builds what it needs (tests skipped) and runs from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

# BENCH_SKIP_BUILD=1 reuses what is installed in ~/.m2 (only benchmarks itself is compiled).
if [[ "${BENCH_SKIP_BUILD:-}" == "1" ]]; then
  mvn -B -q compile -pl benchmarks
else
  mvn -B -q install -DskipTests -pl benchmarks -am
fi
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime
exec java -Xmx256m -cp "benchmarks/target/classes:$(cat "$classpath_file")" \
  io.leadstream.bench.GatewayBenchmark "$@"
