#!/usr/bin/env bash
# perf/run.sh SCENARIO [--time-scale X] [--tool k6|gatling] [--profile]
#
# Runs one scenario of perf/scenarios.json against a fresh Gaara: builds the jar if needed, starts
# it on a new embedded PostgreSQL in a temporary data directory, seeds the accounts, runs the
# scenario with k6 when `k6` is on the PATH (else with the Gatling twin), and leaves everything in
# perf/results/<date>-<scenario>/:
#   summary.txt, summary.json   per-endpoint latency, throughput, errors, threshold verdicts
#   report.html                 k6's web-dashboard export, or Gatling's HTML report (gatling/)
#   server.json                 server CPU time, RSS now and peak, PostgreSQL CPU, ready time
#   server.log, <tool>.log      the server's and the load tool's own output
#   server.jfr, jfr-top.txt     with --profile: a JFR recording of the server and its hottest methods
#   native-memory.txt           when GAARA_JAVA_OPTS has -XX:NativeMemoryTracking=summary
# Exits with the load tool's status: non-zero when a threshold failed.
#
# Environment: GAARA_JAVA_OPTS (JVM flags for the server, e.g. -Xmx128m), GAARA_DATABASE_URL (use
# that database instead of the embedded one; it is not emptied first).
set -euo pipefail

PERF_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=perf/lib.sh
source "$PERF_DIR/lib.sh"

usage() { sed -n '2,3p' "$0" | sed 's/^# //' >&2; exit 2; }

SCENARIO=${1:-}
[[ -n "$SCENARIO" && "$SCENARIO" != -* ]] || usage
shift
TIME_SCALE=1
TOOL=$(command -v k6 >/dev/null 2>&1 && echo k6 || echo gatling)
PROFILE=false
while (( $# )); do
  case "$1" in
    --time-scale) TIME_SCALE=${2:?}; shift 2 ;;
    --tool) TOOL=${2:?}; shift 2 ;;
    --profile) PROFILE=true; shift ;;
    *) usage ;;
  esac
done
scenario_field "scenarios.$SCENARIO.users" >/dev/null 2>&1 \
  || die "no scenario '$SCENARIO' in perf/scenarios.json; known: $(python3 -c "import json;print(' '.join(json.load(open('$PERF_DIR/scenarios.json'))['scenarios']))")"
[[ "$TOOL" == k6 || "$TOOL" == gatling ]] || die "--tool is k6 or gatling"
[[ "$TOOL" != k6 ]] || command -v k6 >/dev/null 2>&1 || die "k6 is not on the PATH (docs/K6_SETUP_GUIDE.md); --tool gatling runs the twin"

USERS=$(scenario_field "scenarios.$SCENARIO.users")
EXPECTED_S=$(scenario_seconds "$SCENARIO" "$TIME_SCALE")
OUT="$PERF_DIR/results/$(date +%Y%m%d-%H%M%S)-$SCENARIO"
mkdir -p "$OUT"
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gaara-perf-XXXXXX")
LOAD_PID=
PROGRESS_PID=

cleanup() {
  [[ -n "$PROGRESS_PID" ]] && kill "$PROGRESS_PID" 2>/dev/null || true
  [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null || true
  server_stop
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_jar
log "scenario $SCENARIO with $TOOL, ~${EXPECTED_S} s of load (time scale $TIME_SCALE), results in ${OUT#"$ROOT_DIR"/}"

if [[ "$PROFILE" == true ]]; then
  GAARA_JAVA_OPTS="${GAARA_JAVA_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,dumponexit=true"
fi
server_start "$DATA_DIR" "$OUT/server.log"
server_wait_ready 90
log "gaara.jar ready in ${READY_MS} ms at $BASE_URL (pid $SERVER_PID)"

SEED_START=$(now_ms)
seed_users "$BASE_URL" "$USERS"
log "seeded $USERS accounts in $(( $(now_ms) - SEED_START )) ms"

MACHINE_BEFORE=$(machine_busy_ticks)
CPU_BEFORE=$(cpu_seconds "$SERVER_PID")
PG_CPU_BEFORE=$(postgres_cpu_seconds "$DATA_DIR")

# the progress line: elapsed of expected, the server's CPU and memory; every 2 s on a terminal, every 15 s in a log
progress() {
  local start=$1 period=2 eol='\r'
  [[ -t 2 ]] || { period=15; eol='\n'; }
  while sleep "$period"; do
    kill -0 "$SERVER_PID" 2>/dev/null || return
    local el=$(( ($(now_ms) - start) / 1000 ))
    printf "[perf] %s %d:%02d of ~%d:%02d | server CPU %s s | RSS %d MB (peak %d) | PostgreSQL CPU %s s   $eol" \
      "$SCENARIO" $((el / 60)) $((el % 60)) $((EXPECTED_S / 60)) $((EXPECTED_S % 60)) \
      "$(cpu_seconds "$SERVER_PID")" $(( $(status_kb "$SERVER_PID" VmRSS) / 1024 )) \
      $(( $(status_kb "$SERVER_PID" VmHWM) / 1024 )) "$(postgres_cpu_seconds "$DATA_DIR")" >&2
  done
}

LOAD_START=$(now_ms)
progress "$LOAD_START" &
PROGRESS_PID=$!
set +e
if [[ "$TOOL" == k6 ]]; then
  K6_WEB_DASHBOARD=true K6_WEB_DASHBOARD_EXPORT="$OUT/report.html" K6_WEB_DASHBOARD_OPEN=false \
    k6 run -e SCENARIO="$SCENARIO" -e BASE_URL="$BASE_URL" -e SKIP_SEED=1 -e USERS="$USERS" -e TIME_SCALE="$TIME_SCALE" \
    -e RESULTS_DIR="$OUT" "$PERF_DIR/k6/main.ts" >"$OUT/k6.log" 2>&1 &
else
  # login-flood-short → LoginFloodShortSimulation (ScenarioCatalogTest holds every scenario to this rule)
  SIMULATION="io.gaara.perf.$(sed -E 's/(^|-)([a-z])/\U\2/g' <<<"$SCENARIO")Simulation"
  "$ROOT_DIR/mvnw" -B -ntp -f "$PERF_DIR/pom.xml" gatling:test -Dgaara.standalone -Dgatling.simulationClass="$SIMULATION" \
    -Dgaara.baseUrl="$BASE_URL" -Dgaara.seed=false -Dgaara.users="$USERS" -Dgaara.timeScale="$TIME_SCALE" \
    -Dgatling.runDescription="$SCENARIO via perf/run.sh" >"$OUT/gatling.log" 2>&1 &
fi
LOAD_PID=$!
wait "$LOAD_PID"
STATUS=$?
LOAD_PID=
set -e
LOAD_S=$(( ($(now_ms) - LOAD_START) / 1000 ))
kill "$PROGRESS_PID" 2>/dev/null || true
wait "$PROGRESS_PID" 2>/dev/null || true
PROGRESS_PID=
[[ -t 2 ]] && printf '\n' >&2

# the server after the run, before it stops
MACHINE_AFTER=$(machine_busy_ticks)
CPU_AFTER=$(cpu_seconds "$SERVER_PID")
PG_CPU_AFTER=$(postgres_cpu_seconds "$DATA_DIR")
RSS_KB=$(status_kb "$SERVER_PID" VmRSS)
HWM_KB=$(status_kb "$SERVER_PID" VmHWM)
THREADS=$(awk '$1 == "Threads:" { print $2 }' "/proc/$SERVER_PID/status")
if [[ "${GAARA_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  # what the JVM itself accounts for; RSS minus this is memory malloc'd outside it (libargon2's work areas)
  jcmd "$SERVER_PID" VM.native_memory summary >"$OUT/native-memory.txt" 2>&1 || true
fi
server_stop

if [[ "$TOOL" == gatling ]]; then
  # Gatling names the report after the simulation class, lower case
  REPORT=$(ls -td "$PERF_DIR"/target/gatling/"${SCENARIO//-/}"simulation-* 2>/dev/null | head -1 || true)
  if [[ -n "$REPORT" ]]; then
    cp -r "$REPORT" "$OUT/gatling"
    ln -sf gatling/index.html "$OUT/report.html"
    python3 "$PERF_DIR/bench/gatling-summary.py" "$OUT/gatling" "$SCENARIO" >"$OUT/summary.txt" || true
    python3 "$PERF_DIR/bench/gatling-summary.py" "$OUT/gatling" "$SCENARIO" --json >"$OUT/summary.json" || true
  fi
  # the flood test's tally of login answers (the rejected ones' percentiles are not in Gatling's report)
  grep -E 'LoginFloodRun - ' "$OUT/gatling.log" | sed -E 's/^.*LoginFloodRun - //' >>"$OUT/summary.txt" || true
  # Gatling prints its assertion verdicts at the end of its log
  grep -E ' : (true|false) ' "$OUT/gatling.log" >>"$OUT/summary.txt" || true
fi

if [[ "$PROFILE" == true && -f "$OUT/server.jfr" ]]; then
  JFR25=$(ls -d /usr/lib/jvm/*25*/bin/jfr 2>/dev/null | head -1 || true)
  if [[ -n "$JFR25" ]]; then
    # JDK 21+'s `jfr view` reads a JDK 17 recording; JDK 17's jfr has no views
    "$JFR25" view --width 160 hot-methods "$OUT/server.jfr" >"$OUT/hot-methods.txt" 2>&1 || true
  fi
  python3 "$PERF_DIR/bench/jfr-top.py" "$OUT/server.jfr" >"$OUT/jfr-top.txt" 2>&1 || true
fi

cat >"$OUT/server.json" <<EOF
{
  "scenario": "$SCENARIO",
  "tool": "$TOOL",
  "timeScale": $TIME_SCALE,
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(commit_line)",
  "machine": "$(machine_line | sed 's/"/\\"/g')",
  "loadAverageAfter": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "javaOpts": "${GAARA_JAVA_OPTS:-}",
  "mallocArenaMax": "${MALLOC_ARENA_MAX:-}",
  "readyMillis": $READY_MS,
  "loadSeconds": $LOAD_S,
  "serverCpuSecondsDuringLoad": $(awk -v a="$CPU_AFTER" -v b="$CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }'),
  "serverCpuSecondsTotal": $CPU_AFTER,
  "machineCpuSecondsDuringLoad": $(awk -v d=$(( MACHINE_AFTER - MACHINE_BEFORE )) -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", d / hz }'),
  "postgresCpuSecondsDuringLoad": $(awk -v a="$PG_CPU_AFTER" -v b="$PG_CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }'),
  "serverRssMbAfter": $(( RSS_KB / 1024 )),
  "serverPeakRssMb": $(( HWM_KB / 1024 )),
  "serverThreadsAfter": ${THREADS:-0},
  "loadToolExitStatus": $STATUS
}
EOF

echo
cat "$OUT/summary.txt" 2>/dev/null || tail -40 "$OUT/$TOOL.log"
log "server: ready in ${READY_MS} ms; CPU $(awk -v a="$CPU_AFTER" -v b="$CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }') s during ${LOAD_S} s of load" \
    "(PostgreSQL $(awk -v a="$PG_CPU_AFTER" -v b="$PG_CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }') s); RSS $(( RSS_KB / 1024 )) MB after, peak $(( HWM_KB / 1024 )) MB"
log "results: ${OUT#"$ROOT_DIR"/}/ ($( [[ $STATUS == 0 ]] && echo 'thresholds passed' || echo "FAILED, $TOOL exit $STATUS"))"
exit "$STATUS"
