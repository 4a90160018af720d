#!/usr/bin/env bash
# perf/bench/attempt-counters.sh [ITERATIONS] [BACKGROUND_ROWS]
#
# The brute-force throttle's database cost on the login path, statement by statement: the check a
# login makes before hashing (one SELECT of its three counters), the failure upsert (one multi-row
# INSERT ... ON CONFLICT), the reset after a success that followed failures, the registration
# counter, a hot account under 8 concurrent failing threads, and a sweep, against a durable
# embedded PostgreSQL holding BACKGROUND_ROWS other counters, next to a bare SELECT 1 over the same
# pool. Single-threaded timed loops (AttemptCountersBench), warmed up first; the whole-server
# comparison with throttling on and off is perf/run.sh with GAARA_LOGIN_THROTTLE_ENABLED=false.
# Results: perf/results/<date>-attempt-counters/results.jsonl, machine and commit in machine.json.
set -euo pipefail
PERF_DIR=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=perf/lib.sh
source "$PERF_DIR/lib.sh"
ITERATIONS=${1:-5000}
BACKGROUND=${2:-100000}

OUT="$PERF_DIR/results/$(date +%Y%m%d-%H%M%S)-attempt-counters"
mkdir -p "$OUT"
CP="$OUT/classpath.txt"
log "compiling adapters-out-persistence and its test classpath (offline)"
# -am resolves the application's test-jar from the reactor, never from ~/.m2 (nothing is installed)
(cd "$ROOT_DIR" && ./mvnw -o -q -pl adapters-out-persistence -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$CP")
MODULE="$ROOT_DIR/adapters-out-persistence/target"
echo "{\"machine\": \"$(machine_line | sed 's/"/\\"/g')\", \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"commit\": \"$(commit_line)\", \"loadAverageBefore\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >"$OUT/machine.json"
log "timing $ITERATIONS calls per phase over $BACKGROUND background counters"
java -cp "$MODULE/test-classes:$MODULE/classes:$(cat "$CP")" \
    io.gaara.adapters.persistence.AttemptCountersBench "$ITERATIONS" "$BACKGROUND" "$OUT/results.jsonl" \
    >"$OUT/bench.log" 2>&1
cat "$OUT/results.jsonl"
cat "$OUT/machine.json"
rm -f "$CP"
