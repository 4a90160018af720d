#!/usr/bin/env bash
# DAST: schemathesis attacks a freshly started gaara.jar from outside, over HTTP, from the OpenAPI document the
# server itself serves (GET /api/v1/openapi.json), with every check schemathesis has but one (below).
#
#   security/dast.sh                # the build's short run: 150 s of generated requests (about 4,000)
#   security/dast.sh 1800           # a long campaign: 30 minutes
#
# Two passes share the budget: single operations (schemathesis' coverage and fuzzing phases, half the budget), then the
# stateful phase alone (the other half), which follows the document's links: register -> login, and from every token pair
# to me, sessions, refresh, logout and logout-all. Run together, the fuzzing phase spends nearly all the time and
# the stateful one rarely gets past login.
#
# Pass means: no 5xx, no answer the document does not describe (status, headers, content type, body schema),
# no accepted request the document says is invalid, no route answering without the token it requires, no request
# left unanswered within 10 s, no ERROR line in the server's log, at least 2,000 requests, and the stateful chain
# (register -> login -> a bearer route -> refresh -> logout) reached a success at each step.
#
# The reports (JUnit XML, NDJSON events with every request and answer) go to security/target/dast/<pass>/; the summary
# to the terminal and to security/target/dast/summary.md. Needs Python 3 (3.9+) and gaara.jar built; schemathesis
# is installed, pinned with all it needs (security/requirements-dast.txt), in a virtual environment under security/target/ on the first run (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_TIME="${1:-150}"
SCHEMATHESIS_VERSION="4.32.5"
JAR="bootstrap/target/gaara.jar"
OUT="security/target/dast"
VENV="${GAARA_DAST_VENV:-security/target/venv}"
MIN_REQUESTS="${GAARA_DAST_MIN_REQUESTS:-2000}"
SEED="${GAARA_DAST_SEED:-$RANDOM$RANDOM}"

if [ ! -f "$JAR" ]; then
  echo "dast: $JAR is missing: build it first (./mvnw -B -ntp -DskipTests package)" >&2
  exit 2
fi
if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "dast: installing schemathesis==$SCHEMATHESIS_VERSION and its pinned dependencies into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r security/requirements-dast.txt
fi

rm -rf "$OUT"
mkdir -p "$OUT/server"
OUT="$(cd "$OUT" && pwd)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Development mode, as a user first runs it (an embedded PostgreSQL in a fresh data directory), on loopback only;
# nothing from the caller's environment may point it at a real database or real keys. Three settings differ from
# the defaults, because every request comes from one address at machine speed: the per-address limits on logins
# and registrations would turn most of the run into 429s (they have their own tests), and the 1 s floor under a
# failed login would cut the run to a few hundred requests (its timing has its own tests).
env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 \
  GAARA_HTTP_HOST=127.0.0.1 GAARA_HTTP_PORT="$PORT" GAARA_DATA_DIR="$OUT/server/data" \
  GAARA_LOGIN_THROTTLE_ENABLED=false GAARA_REGISTER_LIMIT_ENABLED=false GAARA_LOGIN_FAILURE_FLOOR=0s \
  "$JAVA" -jar "$PWD/$JAR" >"$OUT/server/server.log" 2>&1 &
SERVER=$!
stop_server() {
  if kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
}
trap stop_server EXIT

# ready within 120 s, or the server's log says why not
python3 - "$BASE" <<'EOF'
import sys, time, urllib.request
base = sys.argv[1]
deadline = time.time() + 120
while True:
    try:
        with urllib.request.urlopen(base + "/health/ready", timeout=2) as answer:
            if answer.status == 200:
                break
    except Exception:
        pass
    if time.time() > deadline:
        sys.exit("dast: the server was not ready within 120 s")
    time.sleep(0.5)
EOF

# the account schemathesis signs in with (schemathesis.toml): a fresh address and a random password
export GAARA_DAST_EMAIL="dast-$SEED@example.com"
GAARA_DAST_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
export GAARA_DAST_PASSWORD
python3 - "$BASE" <<'EOF'
import json, os, sys, urllib.request
body = json.dumps({"email": os.environ["GAARA_DAST_EMAIL"], "password": os.environ["GAARA_DAST_PASSWORD"]}).encode()
request = urllib.request.Request(sys.argv[1] + "/api/v1/auth/register", data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, timeout=30) as answer:
    if answer.status not in (201, 202):
        sys.exit("dast: registering the signed-in account answered %d" % answer.status)
EOF

SINGLE_TIME=$((MAX_TIME / 2))
STATEFUL_TIME=$((MAX_TIME - SINGLE_TIME))
# positive_data_acceptance is left out: it wants every schema-valid body accepted, and a value can fit the schema
# yet break a rule a schema cannot state (a link that is not one of ours, an address with an invisible character),
# which the document answers with a documented 400.
schemathesis_pass() {
  local name="$1" phases="$2" seconds="$3" workers="$4" mode="$5"
  echo "dast: $name: schemathesis $SCHEMATHESIS_VERSION against $BASE for $seconds s (seed $SEED)"
  mkdir -p "$OUT/$name"
  "$VENV/bin/schemathesis" --config-file security/schemathesis.toml run "$BASE/api/v1/openapi.json" \
    --phases "$phases" --mode "$mode" --checks all --exclude-checks positive_data_acceptance \
    --max-time "$seconds" --workers "$workers" --request-timeout 10 --seed "$SEED" \
    --generation-database none --no-color \
    --report junit,ndjson --report-dir "$OUT/$name" >"$OUT/$name/schemathesis.log" 2>&1
}
set +e
schemathesis_pass single-operations examples,coverage,fuzzing "$SINGLE_TIME" 2 all
SINGLE_STATUS=$?
schemathesis_pass stateful stateful "$STATEFUL_TIME" 1 positive
STATEFUL_STATUS=$?
set -e
stop_server
trap - EXIT
python3 security/dast_summary.py "$OUT" "$MIN_REQUESTS" "$SINGLE_STATUS,$STATEFUL_STATUS" "$SEED" "$MAX_TIME"
