"""Summarises a run of security/dast.sh and decides whether it passed.

Usage: dast_summary.py OUT_DIR MIN_REQUESTS EXIT_STATUSES SEED MAX_TIME
Reads OUT_DIR/<pass>/ndjson-*.ndjson (every request and answer of each schemathesis pass) and
OUT_DIR/server/server.log, prints the summary and writes it to OUT_DIR/summary.md. EXIT_STATUSES are the passes'
exit statuses, comma-separated. Exits 1 when the run failed.

schemathesis' own errors (a crash while it generates a case, such as Hypothesis' FlakyFailure under two workers) are
listed but do not fail the run on their own: they say nothing about the server, only that fewer cases were tried.
"""
import collections
import glob
import json
import re
import sys

out, min_requests, seed, max_time = sys.argv[1], int(sys.argv[2]), sys.argv[4], sys.argv[5]
statuses = [int(status) for status in sys.argv[3].split(",")]
reports = sorted(glob.glob(out + "/*/ndjson-*.ndjson"))
if len(reports) != len(statuses):
    sys.exit("dast: a schemathesis pass wrote no report (exits %s); see %s/*/schemathesis.log" % (sys.argv[3], out))

by_status = collections.Counter()
by_operation = collections.Counter()
by_phase = collections.Counter()
failed_checks = collections.Counter()
stateful_successes = collections.Counter()
tool_errors = []
unanswered = 0


def operation_of(request):
    path = re.sub(r"^https?://[^/]+", "", request.get("uri", "")).split("?")[0]
    if path.startswith("/api/v1/auth/sessions/"):
        path = "/api/v1/auth/sessions/{id}"
    return request.get("method", "?") + " " + path


def read(report):
    global unanswered
    with open(report, encoding="utf-8") as lines:
        for line in lines:
            kind, body = next(iter(json.loads(line).items()))
            if kind in ("NonFatalError", "FatalError"):
                tool_errors.append("%s in %s" % (kind, body.get("label") or body.get("value", {}).get("title", "?")))
            if kind != "ScenarioFinished":
                continue
            phase = body.get("phase")
            recorder = body.get("recorder") or {}
            for interaction in (recorder.get("interactions") or {}).values():
                operation = operation_of(interaction.get("request") or {})
                response = interaction.get("response")
                by_phase[phase] += 1
                if response is None:
                    unanswered += 1
                    by_status["no answer"] += 1
                    continue
                code = response.get("status_code")
                by_status[code] += 1
                by_operation[(operation, code)] += 1
                if phase == "stateful" and 200 <= code < 300:
                    stateful_successes[operation] += 1
            for checks in (recorder.get("checks") or {}).values():
                for check in checks:
                    if check.get("status") != "success":
                        failed_checks[check.get("name")] += 1


for report in reports:
    read(report)

requests = sum(by_status.values())
with open(out + "/server/server.log", encoding="utf-8", errors="replace") as log:
    errors = [line for line in log.read().splitlines() if re.search(r"\bERROR\b", line) or line.startswith("\tat ")]
fivexx = sum(count for code, count in by_status.items() if isinstance(code, int) and code >= 500)
# each step of the chain the stateful phase must have got through at least once
chain = {
    "login": ["POST /api/v1/auth/login"],
    "a bearer route": ["GET /api/v1/auth/me", "GET /api/v1/auth/sessions", "POST /api/v1/auth/logout-all",
                       "DELETE /api/v1/auth/sessions/{id}"],
    "refresh": ["POST /api/v1/auth/refresh"],
    "logout": ["POST /api/v1/auth/logout"],
}
chain_missing = [step for step, routes in chain.items() if not any(stateful_successes[r] for r in routes)]

problems = []
if failed_checks:
    problems.append("failed checks: " + ", ".join("%s x%d" % item for item in sorted(failed_checks.items())))
if any(statuses) and not failed_checks and not tool_errors:
    problems.append("schemathesis exited %s without a failed check: see the passes' schemathesis.log" % sys.argv[3])
if fivexx:
    problems.append("%d answers were 5xx" % fivexx)
if unanswered:
    problems.append("%d requests got no answer within 10 s" % unanswered)
if errors:
    problems.append("%d ERROR or stack-trace lines in the server log, the first: %s" % (len(errors), errors[0][:300]))
if requests < min_requests:
    problems.append("only %d requests, fewer than %d" % (requests, min_requests))
if chain_missing:
    problems.append("the stateful phase never got a success from: " + ", ".join(chain_missing))

report = [
    "# DAST run (schemathesis against gaara.jar)",
    "",
    "- seed %s, %s s budget, %d requests (%s)"
    % (seed, max_time, requests, ", ".join("%s: %d" % item for item in sorted(by_phase.items(), key=str))),
    "- answers by status: " + ", ".join("%s: %d" % item for item in sorted(by_status.items(), key=str)),
    "- successes reached by the stateful phase: "
    + (", ".join("%s x%d" % item for item in sorted(stateful_successes.items())) or "none"),
    "- server log: %d ERROR or stack-trace lines" % len(errors),
    "- schemathesis' own errors (not findings): %d%s" % (len(tool_errors), (" (" + "; ".join(tool_errors) + ")") if tool_errors else ""),
    "- result: " + ("PASS" if not problems else "FAIL: " + "; ".join(problems)),
    "",
    "| operation | status | answers |",
    "|---|---|---|",
]
report += ["| %s | %s | %d |" % (op, code, n) for (op, code), n in sorted(by_operation.items(), key=str)]
with open(out + "/summary.md", "w", encoding="utf-8") as summary:
    summary.write("\n".join(report) + "\n")
print("\n".join(report[:9]))
print("dast: the whole summary is in %s/summary.md; every request and answer in %s" % (out, ", ".join(reports)))
sys.exit(1 if problems else 0)
