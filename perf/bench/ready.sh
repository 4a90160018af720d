#!/usr/bin/env bash
# perf/bench/ready.sh [RUNS]
#
# Time from `java -jar gaara.jar` to the first 200 from /health/ready, with an external PostgreSQL
# (Debian's server package; this script starts its cluster when it is down and stops it again).
# Run 1 finds an empty database, so Flyway migrates it; the later runs find the schema in place,
# which is every restart of a deployed server. Polls every 20 ms. Also records the server's own
# "Gaara ready ... in N ms" (JVM start excluded), its RSS when ready, and how long the first
# register, the first login and the second login take on the cold server.
# Needs: apt-get install -y postgresql. Results: perf/results/<date>-ready/results.jsonl
set -euo pipefail

PERF_DIR=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=perf/lib.sh
source "$PERF_DIR/lib.sh"

RUNS=${1:-6}
command -v pg_lsclusters >/dev/null || die "Debian's PostgreSQL is not installed (apt-get install -y postgresql)"
read -r PG_VERSION PG_CLUSTER PG_PORT PG_STATUS _ < <(pg_lsclusters -h | head -1)
STARTED_CLUSTER=false
if [[ "$PG_STATUS" != online ]]; then
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
  STARTED_CLUSTER=true
fi
OUT="$PERF_DIR/results/$(date +%Y%m%d-%H%M%S)-ready"
mkdir -p "$OUT"
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gaara-ready-XXXXXX")
cleanup() {
  server_stop
  rm -rf "$DATA_DIR"
  if [[ "$STARTED_CLUSTER" == true ]]; then pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop; fi
}
trap cleanup EXIT

PASSWORD=$(openssl rand -hex 16)
su postgres -c "psql -q -p $PG_PORT" <<SQL
DROP DATABASE IF EXISTS gaara_perf;
DROP ROLE IF EXISTS gaara_perf;
CREATE ROLE gaara_perf LOGIN PASSWORD '$PASSWORD';
CREATE DATABASE gaara_perf OWNER gaara_perf;
SQL
ensure_jar
export GAARA_DATABASE_URL="postgresql://gaara_perf:$PASSWORD@127.0.0.1:$PG_PORT/gaara_perf"
SERVER_VERSION=$(su postgres -c "psql -At -p $PG_PORT -c 'show server_version'")

for run in $(seq "$RUNS"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  server_start "$DATA_DIR" "$OUT/server-$run.log"
  server_wait_ready 60
  rss=$(( $(status_kb "$SERVER_PID" VmRSS) / 1024 ))
  # the cold path: the first register and the first login after start, before any warm-up
  body="{\"email\":\"ready-$run-$(date +%s%N)@example.com\",\"password\":\"gaara perf load test passphrase\"}"
  first_register=$(curl -s -o /dev/null -w '%{time_total}' -X POST "$BASE_URL/api/v1/auth/register" -H 'Content-Type: application/json' -d "$body")
  first_login=$(curl -s -o /dev/null -w '%{time_total}' -X POST "$BASE_URL/api/v1/auth/login" -H 'Content-Type: application/json' -d "$body")
  warm_login=$(curl -s -o /dev/null -w '%{time_total}' -X POST "$BASE_URL/api/v1/auth/login" -H 'Content-Type: application/json' -d "$body")
  server_stop
  inside=$(sed -n 's/.*Gaara ready on .* in \([0-9]*\) ms.*/\1/p' "$OUT/server-$run.log" | head -1)
  line="{\"run\": $run, \"schema\": \"$([[ $run == 1 ]] && echo migrated-now || echo present)\", \"readyMillis\": $READY_MS, \"serverReportedMillis\": ${inside:-null}, \"rssMbWhenReady\": $rss, \"firstRegisterMs\": $(awk -v t="$first_register" 'BEGIN { printf "%d", t * 1000 }'), \"firstLoginMs\": $(awk -v t="$first_login" 'BEGIN { printf "%d", t * 1000 }'), \"secondLoginMs\": $(awk -v t="$warm_login" 'BEGIN { printf "%d", t * 1000 }'), \"postgres\": \"$SERVER_VERSION\", \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"commit\": \"$(commit_line)\", \"loadAverageBefore\": \"$load\", \"javaOpts\": \"${GAARA_JAVA_OPTS:-}\"}"
  echo "$line" | tee -a "$OUT/results.jsonl"
done
su postgres -c "psql -q -p $PG_PORT" <<SQL
DROP DATABASE IF EXISTS gaara_perf;
DROP ROLE IF EXISTS gaara_perf;
SQL
log "results: ${OUT#"$ROOT_DIR"/}/results.jsonl"
