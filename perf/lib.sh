# Shared by perf/run.sh and perf/bench/*.sh: start gaara.jar on a fresh database, seed accounts,
# read a process's CPU time and memory from /proc, stop it. Source it; it defines functions only.
# shellcheck shell=bash

PERF_DIR=${PERF_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
ROOT_DIR=${ROOT_DIR:-$(dirname "$PERF_DIR")}
GAARA_JAR=${GAARA_JAR:-$ROOT_DIR/bootstrap/target/gaara.jar}
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[perf] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Builds the fat jar when it is missing. bootstrap names it gaara.jar, without the project version,
# so nothing here has to know the version; and nothing is installed into ~/.m2, which other
# checkouts share: the Gatling twin runs its pom with -Dgaara.standalone (see perf/pom.xml), which
# drops the reactor-order link that would otherwise have to be resolved from there.
ensure_jar() {
  [[ -f "$GAARA_JAR" ]] && return
  [[ "$GAARA_JAR" == "$ROOT_DIR/bootstrap/target/gaara.jar" ]] || die "GAARA_JAR=$GAARA_JAR does not exist"
  log "building $GAARA_JAR (mvnw -B -q -DskipTests -pl bootstrap -am package)"
  (cd "$ROOT_DIR" && ./mvnw -B -q -ntp -DskipTests -pl bootstrap -am package) || die "build failed"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ms() { date +%s%3N; }

# server_start DATA_DIR LOG_FILE: java -jar gaara.jar in development mode (embedded PostgreSQL
# under DATA_DIR) unless GAARA_DATABASE_URL is set in the environment. Extra JVM flags come from
# GAARA_JAVA_OPTS. Sets SERVER_PID, SERVER_PORT, BASE_URL, SERVER_STARTED_MS.
server_start() {
  local data_dir=$1 log_file=$2
  SERVER_PORT=$(free_port)
  BASE_URL="http://127.0.0.1:$SERVER_PORT"
  mkdir -p "$data_dir"
  SERVER_STARTED_MS=$(now_ms)
  # shellcheck disable=SC2086 # GAARA_JAVA_OPTS is a list of flags
  # the load comes from one address and seeds hundreds of accounts: the per-address registration limit
  # would refuse most of them. GAARA_LOGIN_THROTTLE_ENABLED passes through (on unless set), so a run can
  # measure the throttle's cost on the login path with it on and off.
  (cd "$data_dir" && exec env -u ENVIRONMENT -u JWT_SECRET_KEY -u JWT_REFRESH_SECRET_KEY \
      GAARA_HTTP_PORT="$SERVER_PORT" GAARA_DATA_DIR="$data_dir" \
      GAARA_REGISTER_LIMIT_ENABLED="${GAARA_REGISTER_LIMIT_ENABLED:-false}" \
      java ${GAARA_JAVA_OPTS:-} -jar "$GAARA_JAR") >"$log_file" 2>&1 &
  SERVER_PID=$!
}

# server_wait_ready [TIMEOUT_S]: polls /health/ready; sets READY_MS (process start to first 200).
server_wait_ready() {
  local timeout=${1:-90} deadline
  deadline=$(( $(date +%s) + timeout ))
  while (( $(date +%s) < deadline )); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "gaara.jar exited early; see its log"
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/health/ready" 2>/dev/null) == 200 ]]; then
      READY_MS=$(( $(now_ms) - SERVER_STARTED_MS ))
      return 0
    fi
    sleep 0.05
  done
  die "gaara.jar not ready within ${timeout} s"
}

# server_stop: SIGTERM (graceful: drains HTTP, closes the pool, stops the embedded PostgreSQL), then KILL after 30 s.
server_stop() {
  [[ -n "${SERVER_PID:-}" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=; return 0; }
    sleep 0.1
  done
  log "gaara.jar ignored SIGTERM for 30 s; killing pid $SERVER_PID"
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# seed_users BASE_URL COUNT: registers perf-user-<i>@example.com (as in perf/scenarios.json), 4 at a
# time (the server hashes one password per core at once); 201 and 409 both mean "there".
seed_users() {
  local base=$1 count=$2 email_pattern password bad
  email_pattern=$(scenario_field flow.userEmailPattern)
  password=$(scenario_field flow.userPassword)
  bad=$(seq 0 $((count - 1)) | xargs -P 4 -I{} sh -c '
      email=$(printf "$1" "$2")
      curl -s -o /dev/null -w "%{http_code}\n" -X POST "$0/api/v1/auth/register" \
        -H "Content-Type: application/json" -d "{\"email\":\"$email\",\"password\":\"$3\"}"' \
      "$base" "$email_pattern" {} "$password" | grep -v -E '^(201|409)$' || true)
  [[ -z "$bad" ]] || die "seeding users: register answered $(echo "$bad" | sort | uniq -c | tr '\n' ' ')"
}

# scenario_field DOTTED.PATH: a value from perf/scenarios.json.
scenario_field() {
  python3 - "$PERF_DIR/scenarios.json" "$1" <<'EOF'
import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split('.'):
    value = value[part]
print(value)
EOF
}

# scenario_seconds NAME TIME_SCALE: how long the scenario injects load (stages summed), scaled; with
# populations, from the first one's start to the last one's end.
scenario_seconds() {
  python3 - "$PERF_DIR/scenarios.json" "$1" "$2" <<'EOF'
import json, re, sys
s = json.load(open(sys.argv[1]))['scenarios'][sys.argv[2]]
scale = float(sys.argv[3])
def ms(t):
    unit = {'ms': 1, 's': 1000, 'm': 60000, 'h': 3600000}
    return sum(float(n) * unit[u] for n, u in re.findall(r'(\d+(?:\.\d+)?)(ms|s|m|h)', t))
def seconds(load):
    parts = [st['duration'] for st in load['stages']] if 'stages' in load else [load['duration']]
    start = ms(load.get('startTime', '0s'))
    return (max(1000, start * scale) if start else 0) + sum(max(1000, ms(p) * scale) for p in parts)
loads = list(s['populations'].values()) if 'populations' in s else [s]
print(round(max(seconds(load) for load in loads) / 1000))
EOF
}

# cpu_ticks PID [with-children]: user + system CPU of a live process in clock ticks, from
# /proc/PID/stat fields 14 and 15 (and 16, 17: its reaped children, when asked).
cpu_ticks() {
  local stat mode=${2:-}
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }   # the command name may hold spaces; fields restart after ") "
  # shellcheck disable=SC2086
  set -- $stat
  # counted from the state field: utime=12 stime=13 cutime=14 cstime=15
  if [[ "$mode" == with-children ]]; then echo $(( ${12} + ${13} + ${14} + ${15} )); else echo $(( ${12} + ${13} )); fi
}
# cpu_seconds PID: the JVM's own CPU; initdb and pg_ctl, which it runs once at start, are not counted.
cpu_seconds() { awk -v t="$(cpu_ticks "$1")" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }'; }

# postgres_cpu_seconds DATA_DIR: the embedded PostgreSQL's postmaster (with its reaped children) and live backends.
postgres_cpu_seconds() {
  local pm total=0 child
  pm=$(postmaster_pid "$1")
  [[ -n "$pm" ]] || { echo 0; return; }
  total=$(cpu_ticks "$pm" with-children)
  for child in $(pgrep -P "$pm" 2>/dev/null); do
    total=$(( total + $(cpu_ticks "$child") ))
  done
  awk -v t="$total" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }'
}
postmaster_pid() {
  local pidfile
  pidfile=$(find "$1" -name postmaster.pid -print -quit 2>/dev/null)
  [[ -n "$pidfile" ]] && head -1 "$pidfile"
}

# status_kb PID FIELD: VmRSS (resident now) or VmHWM (peak resident) in kB.
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

machine_line() {
  local model
  model=$(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
  printf '%s, %s vCPU, %s MB RAM, %s; %s' "$model" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" \
    "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(java -version 2>&1 | head -1)"
}

# commit_line: the commit the measured jar was built from: GAARA_JAR_COMMIT when the jar came from
# elsewhere (a clean `git archive` build), else this work tree's HEAD, flagged when it has local changes.
commit_line() {
  local c
  if [[ -n "${GAARA_JAR_COMMIT:-}" ]]; then echo "$GAARA_JAR_COMMIT (clean build)"; return; fi
  c=$(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n "$(git -C "$ROOT_DIR" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    c="$c (work tree modified)"
  fi
  echo "$c"
}

# thread_ticks PID: "thread-name<TAB>ticks" per thread group (digits and -N suffixes folded), to
# tell request threads (Jetty's, where argon2 runs too) from JIT compilers and GC.
thread_ticks() {
  local t s name
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    s=$(cat "$t/stat" 2>/dev/null) || continue
    s=${s##*) }
    # shellcheck disable=SC2086
    set -- $s
    printf '%s\t%d\n' "$(echo "$name" | sed -E 's/[-#]?[0-9]+$//')" $(( ${12} + ${13} ))
  done | awk -F'\t' '{ a[$1] += $2 } END { for (k in a) printf "%s\t%d\n", k, a[k] }' | sort
}

# thread_cores BEFORE_FILE AFTER_FILE SECONDS: JSON object {thread group: cores busy}, busiest first.
thread_cores() {
  join -t $'\t' "$1" "$2" | awk -F'\t' -v secs="$3" -v hz="$CLK_TCK" '
    { d = ($3 - $2) / hz / secs; if (d >= 0.005) printf "%s\t%.3f\n", $1, d }' | sort -t $'\t' -k2 -nr \
    | python3 -c 'import json, sys; print(json.dumps({k: float(v) for k, v in (l.rstrip("\n").split("\t") for l in sys.stdin)}))'
}

# machine_busy_ticks: CPU ticks spent on anything but idle and I/O wait, all cores (/proc/stat).
# Against the server's and PostgreSQL's own ticks it shows what the load tool and any other
# process took from the same cores during a measurement.
machine_busy_ticks() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}
