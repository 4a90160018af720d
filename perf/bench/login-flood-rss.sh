#!/usr/bin/env bash
# perf/bench/login-flood-rss.sh JAR [SECONDS] [CONNECTIONS]
#
# A login flood against one fresh gaara.jar (embedded PostgreSQL, default JVM flags): wrk sends
# logins for accounts that do not exist, each of which still costs a full argon2id hash (the dummy
# verify that keeps unknown and known emails alike). Reports the server's resident memory before
# and at its peak, how wrk's requests were answered, and the slowest /health/ready and /health/live
# seen while the flood ran, so the hashing lane's effect on memory and on the other routes can be
# compared between two builds on the same machine.
set -euo pipefail
JAR=${1:?usage: login-flood-rss.sh JAR [SECONDS] [CONNECTIONS]}
SECONDS_FLOOD=${2:-30}
CONNECTIONS=${3:-128}
PERF_DIR=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }

DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# JAVA_OPTS, e.g. -Xms256m -Xmx256m: a fixed heap, so growth in RSS is memory outside the heap
# shellcheck disable=SC2086
# every login comes from 127.0.0.1 and fails: with brute-force throttling on, all but the first hundred
# would be refused before hashing, and the flood would measure the throttle instead of the hashing lane
GAARA_LOGIN_THROTTLE_ENABLED="${GAARA_LOGIN_THROTTLE_ENABLED:-false}" \
GAARA_DATA_DIR="$DATA" GAARA_HTTP_PORT="$PORT" java ${JAVA_OPTS:-} -jar "$JAR" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
kb() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$PID/status"; }

# warm up the login path, then measure
wrk -t2 -c8 -d5s -s "$PERF_DIR/bench/login.lua" "$BASE" -- 1000 "nobody-%d@example.com" "correct horse battery staple" >/dev/null
RSS_BEFORE=$(kb VmRSS)
PROBES="$DATA/probes.txt"
( end=$((SECONDS + SECONDS_FLOOD)); while (( SECONDS < end )); do
    for route in ready live; do
      curl -s -o /dev/null -m 10 -w "$route %{http_code} %{time_total}\n" "$BASE/health/$route" >>"$PROBES" || echo "$route timeout 10" >>"$PROBES"
    done
    sleep 0.5
  done ) &
PROBER=$!
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_FLOOD}s" --timeout 10s -s "$PERF_DIR/bench/login.lua" "$BASE" \
    -- 1000 "nobody-%d@example.com" "correct horse battery staple" >"$DATA/wrk.txt"
wait "$PROBER" || true
RSS_AFTER=$(kb VmRSS)
HWM=$(kb VmHWM)

echo "jar: $JAR (JAVA_OPTS: ${JAVA_OPTS:-none})"
echo "flood: ${SECONDS_FLOOD}s, $CONNECTIONS connections, logins of unknown accounts"
grep -E "Requests/sec|Non-2xx|Socket errors|Latency" "$DATA/wrk.txt" | sed 's/^ */  wrk: /'
echo "  RSS before ${RSS_BEFORE} kB, after ${RSS_AFTER} kB, peak ${HWM} kB"
for route in ready live; do
  awk -v r="$route" '$1 == r { n++; if ($2 != 200) bad++; if ($3 > max) max = $3 }
    END { printf "  /health/%s: %d probes, %d not 200, slowest %.3f s\n", r, n, bad, max }' "$PROBES"
done
