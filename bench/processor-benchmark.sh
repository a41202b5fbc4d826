#!/usr/bin/env bash
# Processor throughput on a real local broker: Leadstream's topology vs a pass-through topology
# with the same hops and exactly-once settings, then a small vs a large number of distinct
# customer-offers. Usage: bench/processor-benchmark.sh [smallCustomers=100000] [largeCustomers=2000000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests -pl stream-processor -am
mvn -q -B -pl stream-processor exec:exec \
  -Dexec.executable=java \
  -Dexec.classpathScope=test \
  -Dexec.args="-Xms1g -Xmx2g -cp %classpath io.leadstream.processor.bench.ProcessorBenchmark ${1:-100000} ${2:-2000000}"
