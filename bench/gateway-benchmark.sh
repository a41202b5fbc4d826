#!/usr/bin/env bash
# Gateway throughput and p50/p99 latency (single-lead POSTs, acks=all) side by side with a minimal
# peer (a Vert.x server and one acks=all, idempotent producer; no auth, limits, logging or metrics),
# in one run on one real local broker, same record size. Prints a table at the end.
#
#   bench/gateway-benchmark.sh [--record-size 700] [--seconds 30] [--warmup 5]
#                              [--rounds 3] [--connections 64] [--partitions 3] [--gateway-heap 128m]
#
# Needs Java 17, Maven and a free 2 GB of memory; builds what it needs in the reactor (tests
# skipped, nothing installed into ~/.m2) and runs from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
# One reactor build of benchmarks and what it needs; the classpath points at the modules' jars.
mvn -B -q ${BENCH_MAVEN_OPTS:-} -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package \
  dependency:build-classpath -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime
exec java -Xmx256m -cp "benchmarks/target/classes:$(cat "$classpath_file")" \
  io.leadstream.bench.GatewayBenchmark "$@"
