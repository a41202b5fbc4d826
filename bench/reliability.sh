#!/usr/bin/env bash
# The full reliability run (docs/reliability.md): the fuzz campaign, then the crash, broker-fault,
# overload and log-privacy tests of module reliability-tests, all with -Dleadstream.full=true
# (200,000 leads and 20 processor kills; 5,000 answers per broker-fault phase; 2,000 slow clients),
# then one table: leads sent, acknowledged, outputs, lost, duplicated, faults injected, fuzz cases
# tried, 5xx answers, peak memory.
#
# Usage: bench/reliability.sh
#   FUZZ_ITS="module:ITClass ..."  the fuzz campaign's integration tests (default below; a class
#                                   whose source file is missing is skipped with a note)
#   SKIP_FUZZ=1                     leave the fuzz campaign out
# Exit status: 0 when every test passed and nothing was lost or duplicated.
set -u
cd "$(dirname "$0")/.."

# >>> The fuzz campaign's ITs (they write <module>/target/reliability/fuzz.json). <<<
FUZZ_ITS=${FUZZ_ITS:-"ingest-gateway:GatewayFuzzIT leadstream-cli:HostileInputIT"}

begin=$(date +%s)
status=0
mvn -q -B install -DskipTests -pl reliability-tests,ingest-gateway,leadstream-cli -am || exit 1

if [ "${SKIP_FUZZ:-0}" != "1" ]; then
  for entry in $FUZZ_ITS; do
    module=${entry%%:*}
    class=${entry#*:}
    if ! find "$module/src/test" -name "$class.java" 2>/dev/null | grep -q .; then
      echo "fuzz campaign: $module has no $class; skipped"
      continue
    fi
    rm -f "$module/target/reliability/fuzz.json"
    echo "== fuzz campaign: $module $class (full)"
    log="$module/target/reliability-run.log"
    mvn -B verify -pl "$module" -Dleadstream.full=true -Dit.test="$class" -Dtest=NONE \
      -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1 || status=1
    grep -E "Tests run:|FAIL|BUILD" "$log"
  done
fi

rm -rf reliability-tests/target/reliability
# Installed again right before use: on a machine where another checkout installs its own
# kafka-testkit into ~/.m2 meanwhile, this module must still get the test kit of this tree.
mvn -q -B install -DskipTests -pl kafka-testkit || exit 1
echo "== crash, broker faults, overload, log privacy (full)"
log=reliability-tests/target/reliability-run.log
mvn -B verify -pl reliability-tests -Dleadstream.full=true > "$log" 2>&1 || status=1
grep -E "Tests run:|FAIL|BUILD" "$log"

echo
echo "Reliability run, full mode, $(date -u +%Y-%m-%dT%H:%MZ), $(( ($(date +%s) - begin) / 60 )) min:"
echo
java -cp reliability-tests/target/test-classes io.leadstream.reliability.ReliabilitySummary . \
  || status=1
echo
echo "5xx answers are 503 + Retry-After (the tests fail on any other 5xx). Peak heap after GC: the"
echo "test JVM (in-process brokers, gateway, load generator and checker together; fuzz rows: as they"
echo "report). Processor peak RSS: VmHWM of the largest processor JVM (-Xmx256m)."
exit $status
