#!/usr/bin/env bash
# Runs the schemas module's JMH benchmark: parse + normalize + leadId per lead, in microseconds.
# Usage: bench/parse-benchmark.sh [JMH options]
#   no options: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, every fixture parameter;
#   any options replace those defaults, e.g.  bench/parse-benchmark.sh -f 1 -wi 5 -i 10 -p fixture=mix
# Prints the average time per lead in microseconds (us/op) per fixture ("mix" = all accepted fixtures).
set -euo pipefail
cd "$(dirname "$0")/.."

# Compiles main + test classes (the benchmark lives in schemas/src/test/java/.../bench and JMH's
# annotation processor generates its harness at test-compile) and writes the test classpath.
mvn -B -q -pl schemas test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

CP="schemas/target/test-classes:schemas/target/classes:$(cat schemas/target/bench.classpath)"
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
exec java -cp "$CP" org.openjdk.jmh.Main 'io.leadstream.schemas.bench.ParseBenchmark' \
  -bm avgt -tu us "$@"
