#!/usr/bin/env bash
# perf/bench/bench.sh [--seconds N] [--warmup N] [--profile] [PHASE...]
#
# Peak-throughput benchmarks of a fresh gaara.jar (embedded PostgreSQL, durable: fsync and
# synchronous_commit on), with wrk beside it on the same cores. Phases (default: all, in this order):
#   argon2   the C reference argon2id on 1 and on all cores (perf/bench/argon2-ref.c)
#   live     GET /health/live           the nearest bare route
#   me       GET /api/v1/auth/me        with one valid access token
#   login    POST /api/v1/auth/login    round robin over the seeded accounts, 8 connections
#   login-flood  the same with 64 connections and no think time: what a login flood does to latency
#   refresh  POST /api/v1/auth/refresh  16 concurrent rotating sessions (perf/bench/refresh.lua)
# wrk is a closed-loop generator: these are peak rates; its latencies understate what an overloaded
# server does to users (coordinated omission). Latency figures come from the open-model runs
# (perf/run.sh arrival) and the k6/Gatling scenarios.
# Results: perf/results/<date>-bench/: one JSON line per phase in results.jsonl, wrk's own output,
# the server log and, with --profile, a JFR recording with its hottest methods per phase.
set -euo pipefail

PERF_DIR=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=perf/lib.sh
source "$PERF_DIR/lib.sh"

SECONDS_PER_PHASE=20
# the JIT is still compiling a path for tens of seconds after it first runs (C2 took 14 % of a core
# 25 s into a login run): warm each phase up before measuring it
WARMUP_SECONDS=10
PROFILE=false
PHASES=()
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_PHASE=${2:?}; shift 2 ;;
    --warmup) WARMUP_SECONDS=${2:?}; shift 2 ;;
    --profile) PROFILE=true; shift ;;
    argon2|live|me|login|login-flood|refresh) PHASES+=("$1"); shift ;;
    *) sed -n '2,3p' "$0" >&2; exit 2 ;;
  esac
done
(( ${#PHASES[@]} )) || PHASES=(argon2 live me login refresh)
command -v wrk >/dev/null || die "wrk is not installed (Debian: apt-get install -y wrk)"

OUT="$PERF_DIR/results/$(date +%Y%m%d-%H%M%S)-bench"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gaara-bench-XXXXXX")
trap 'server_stop; rm -rf "$DATA_DIR"' EXIT
USERS=64
API=/api/v1/auth
PATTERN=$(scenario_field flow.userEmailPattern)
PASSWORD=$(scenario_field flow.userPassword)

record() { echo "$1" >>"$RESULTS"; echo "$1"; }
context() {
  printf '"date": "%s", "commit": "%s", "loadAverageBefore": "%s"' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(commit_line)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "{\"machine\": \"$(machine_line | sed 's/"/\\"/g')\", $(context), \"javaOpts\": \"${GAARA_JAVA_OPTS:-}\"}" >"$OUT/machine.json"

argon2_phase() {
  local bin="$PERF_DIR/target/bench/argon2-ref"
  mkdir -p "$(dirname "$bin")"
  [[ -x "$bin" && "$bin" -nt "$PERF_DIR/bench/argon2-ref.c" ]] \
    || gcc -O2 -o "$bin" "$PERF_DIR/bench/argon2-ref.c" -largon2 -lpthread \
    || die "cannot build argon2-ref (Debian: apt-get install -y gcc libargon2-dev)"
  local threads ctx
  for threads in 1 "$(nproc)"; do
    ctx=$(context)
    record "{\"phase\": \"argon2-c-reference\", $ctx, \"result\": $("$bin" "$threads" "$SECONDS_PER_PHASE")}"
  done
}

# wrk_phase NAME WARM_SCRIPT_ARG WRK_ARGS... [-- SCRIPT_ARGS]: WARMUP_SECONDS of warm-up, then the measured
# run; records rate, latency and the server's CPU. WARM_SCRIPT_ARG replaces the script's first
# argument during warm-up ("-" keeps it): the refresh chains of the warm-up cannot be reused.
wrk_phase() {
  local name=$1 warm_arg=$2; shift 2
  local args=("$@") warm=("$@") i
  if [[ "$warm_arg" != - ]]; then
    for i in "${!warm[@]}"; do [[ "${warm[$i]}" == -- ]] && warm[$((i + 1))]=$warm_arg; done
  fi
  wrk -d"${WARMUP_SECONDS}s" "${warm[@]}" >/dev/null 2>&1 || true
  local cpu0 pg0 cpu1 pg1 ctx
  ctx=$(context)
  thread_ticks "$SERVER_PID" >"$OUT/threads-before"
  local m0 m1
  m0=$(machine_busy_ticks)
  cpu0=$(cpu_ticks "$SERVER_PID"); pg0=$(postgres_cpu_seconds "$DATA_DIR")
  wrk --latency -d"${SECONDS_PER_PHASE}s" "${args[@]}" >"$OUT/wrk-$name.txt" 2>&1
  cpu1=$(cpu_ticks "$SERVER_PID"); pg1=$(postgres_cpu_seconds "$DATA_DIR")
  m1=$(machine_busy_ticks)
  thread_ticks "$SERVER_PID" >"$OUT/threads-after"
  ctx="$ctx, \"machineCoresBusy\": $(awk -v d=$(( m1 - m0 )) -v hz="$CLK_TCK" -v s="$SECONDS_PER_PHASE" 'BEGIN { printf "%.2f", d / hz / s }')"
  ctx="$ctx, \"serverThreadCores\": $(thread_cores "$OUT/threads-before" "$OUT/threads-after" "$SECONDS_PER_PHASE")"
  rm -f "$OUT/threads-before" "$OUT/threads-after"
  record "$(python3 "$PERF_DIR/bench/wrk-result.py" "$OUT/wrk-$name.txt" "$name" "$ctx" "$(( cpu1 - cpu0 ))" "$CLK_TCK" "$pg0" "$pg1" "$SECONDS_PER_PHASE")"
}

# refresh_tokens FILE: logs in 16 seeded accounts, one refresh token per line.
refresh_tokens() {
  : >"$1"
  for i in $(seq 0 15); do
    curl -sf -X POST "$BASE_URL$API/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$(printf "$PATTERN" "$i")\",\"password\":\"$PASSWORD\"}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["refresh_token"])' >>"$1"
  done
}

for phase in "${PHASES[@]}"; do
  if [[ "$phase" == argon2 ]]; then
    argon2_phase
    continue
  fi
  if [[ -z "${SERVER_PID:-}" ]]; then
    [[ "$PROFILE" == true ]] && GAARA_JAVA_OPTS="${GAARA_JAVA_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$OUT/server.jfr,settings=profile,dumponexit=true"
    ensure_jar
    server_start "$DATA_DIR" "$OUT/server.log"
    server_wait_ready 90
    log "gaara.jar ready in ${READY_MS} ms at $BASE_URL; seeding $USERS accounts"
    seed_users "$BASE_URL" "$USERS"
  fi
  log "phase $phase (${SECONDS_PER_PHASE} s)"
  case "$phase" in
    live) wrk_phase live - -t2 -c32 "$BASE_URL/health/live" ;;
    me)
      ACCESS=$(curl -sf -X POST "$BASE_URL$API/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$(printf "$PATTERN" 0)\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
      wrk_phase me - -t2 -c32 -H "Authorization: Bearer $ACCESS" "$BASE_URL$API/me" ;;
    login) wrk_phase login - -t2 -c8 -s "$PERF_DIR/bench/login.lua" "$BASE_URL" -- "$USERS" "$PATTERN" "$PASSWORD" ;;
    login-flood) wrk_phase login-flood - -t2 -c64 --timeout 10s -s "$PERF_DIR/bench/login.lua" "$BASE_URL" -- "$USERS" "$PATTERN" "$PASSWORD" ;;
    refresh)
      refresh_tokens "$OUT/tokens-warm"
      refresh_tokens "$OUT/tokens-measured"
      wrk_phase refresh "$OUT/tokens-warm" -t16 -c16 -s "$PERF_DIR/bench/refresh.lua" "$BASE_URL" -- "$OUT/tokens-measured"
      rm -f "$OUT"/tokens-* ;;
  esac
done

# every write durable? ask the embedded server itself
if [[ -n "${SERVER_PID:-}" ]] && command -v psql >/dev/null; then
  PM=$(find "$DATA_DIR" -name postmaster.pid -print -quit)
  if [[ -n "$PM" ]]; then
    record "{\"phase\": \"durability\", $(context), \"postgres\": $(psql -h 127.0.0.1 -p "$(sed -n 4p "$PM")" -U postgres -d postgres -At -c \
      "select json_object_agg(name, setting) from pg_settings where name in ('fsync','synchronous_commit','wal_sync_method','full_page_writes','server_version')")}"
  fi
fi
server_stop
if [[ "$PROFILE" == true && -f "$OUT/server.jfr" ]]; then
  python3 "$PERF_DIR/bench/jfr-top.py" "$OUT/server.jfr" 30 >"$OUT/jfr-top.txt" 2>&1 || true
fi
log "results: ${OUT#"$ROOT_DIR"/}/results.jsonl"
