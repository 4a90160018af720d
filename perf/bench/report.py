#!/usr/bin/env python3
"""Markdown tables for docs/PERFORMANCE.md from perf/results/ directories.

usage: report.py RESULT_DIR...
       report.py --scenarios SCENARIO_RESULT_DIR...   (one summary row per scenario run)
       report.py --flood FLOOD_RESULT_DIR...          (one row per login-flood run, with its verdicts)

A `*-bench` or `*-ready` directory gives its results.jsonl as a table; a scenario directory (from
perf/run.sh) gives one row per endpoint with the server's figures beside it.
"""
import json
import os
import re
import sys

FLOOD_NAMES = ("flood-login", "session-login", "refresh", "me", "ready")


def bench(directory):
    rows = [json.loads(line) for line in open(os.path.join(directory, "results.jsonl"))]
    print(f"\n<!-- {directory} -->")
    print("| phase | rate /s | p50 ms | p99 ms | non-2xx | cores busy: server / PostgreSQL / whole machine | load avg before | commit |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r["phase"] == "argon2-c-reference":
            res = r["result"]
            print(f"| C argon2id, {res['threads']} thread(s) | {res['hashesPerSecond']} | | | | | {r['loadAverageBefore']} | |")
        elif r["phase"] == "durability":
            print(f"| durability | {json.dumps(r['postgres'])} | | | | | | |")
        else:
            lat = {k: float(f"{v:.3g}") for k, v in r["latencyMs"].items()}
            print(f"| {r['phase']} | {r['requestsPerSecond']:.0f} | {lat.get('p50')} | {lat.get('p99')} | {r['non2xx']} | "
                  f"{r['serverCpuCoresBusy']} / {r['postgresCpuCoresBusy']} / {r.get('machineCoresBusy', '?')} | {r['loadAverageBefore']} | {r['commit']} |")


def ready(directory):
    rows = [json.loads(line) for line in open(os.path.join(directory, "results.jsonl"))]
    print(f"\n<!-- {directory} -->")
    print("| run | schema | ready ms (wall) | server says ms | RSS MB | 1st register ms | 1st login ms | 2nd login ms | load avg |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['run']} | {r['schema']} | {r['readyMillis']} | {r['serverReportedMillis']} | {r['rssMbWhenReady']} | "
              f"{r.get('firstRegisterMs', '')} | {r.get('firstLoginMs', '')} | {r.get('secondLoginMs', '')} | {r['loadAverageBefore']} |")


def scenario(directory):
    server = json.load(open(os.path.join(directory, "server.json")))
    summary = json.load(open(os.path.join(directory, "summary.json")))
    requests = summary.get("requests", {})
    print(f"\n<!-- {directory} -->")
    verdict = "pass" if server["loadToolExitStatus"] == 0 else "FAIL"
    print(f"**{server['scenario']}** ({server['tool']}, time scale {server['timeScale']}, {server['loadSeconds']} s, "
          f"thresholds: {verdict}; server CPU {server['serverCpuSecondsDuringLoad']} s, PostgreSQL CPU "
          f"{server['postgresCpuSecondsDuringLoad']} s, whole machine {server.get('machineCpuSecondsDuringLoad', '?')} s, RSS {server['serverRssMbAfter']} MB after / {server['serverPeakRssMb']} MB peak; "
          f"load avg after {server['loadAverageAfter']}; {server['commit']}; JVM flags: {server['javaOpts'] or 'none'}"
          f"{'; MALLOC_ARENA_MAX=' + server['mallocArenaMax'] if server.get('mallocArenaMax') else ''})")
    print()
    print("| endpoint | count | p50 ms | p95 ms | p99 ms | max ms | per s | errors |")
    print("|---|---|---|---|---|---|---|---|")
    names = FLOOD_NAMES if "flood-login" in requests else ("login", "refresh", "me", "logout")
    for name in (*names, "all"):
        r = requests.get(name)
        if r:
            print(f"| {name} | {r['count']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | {r['perSecond']} | {r['koPercent']:.2f} % |")


def scenario_summary(directories):
    """One row per scenario run: p50 / p95 / p99 per endpoint, throughput, errors, server figures."""
    print("| scenario | load | req/s | login p50 / p95 / p99 | refresh | me | logout | errors | server CPU s (PostgreSQL) | RSS after / peak MB | thresholds | load avg after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for directory in directories:
        server = json.load(open(os.path.join(directory, "server.json")))
        requests = json.load(open(os.path.join(directory, "summary.json"))).get("requests", {})
        scenarios = json.load(open(os.path.join(os.path.dirname(__file__), "..", "scenarios.json")))["scenarios"]
        spec = scenarios[server["scenario"]]
        if "populations" in spec:
            shape = " + ".join(f"{p['vus']} {name}" for name, p in spec["populations"].items() if "vus" in p)
        elif spec["executor"] == "constant-vus":
            shape = f"{spec['vus']} VUs"
        elif spec["executor"] == "ramping-vus":
            shape = f"≤ {max(st['target'] for st in spec['stages'])} VUs"
        else:
            shape = f"{spec['rate']} sessions/s"
        scale = f", ×{server['timeScale']} time" if server["timeScale"] != 1 else ""
        flags = f", {server['javaOpts'].replace(' -XX:NativeMemoryTracking=summary', '')}" if server["javaOpts"] else ""
        arena = f", MALLOC_ARENA_MAX={server['mallocArenaMax']}" if server.get("mallocArenaMax") else ""

        def lat(name):
            r = requests.get(name)
            return f"{r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f}" if r else "-"
        a = requests.get("all", {})
        verdict = "pass" if server["loadToolExitStatus"] == 0 else "**fail**"
        print(f"| {server['scenario']}{scale}{flags}{arena} | {shape}, {server['loadSeconds']} s | {a.get('perSecond')} | {lat('login')} | "
              f"{lat('refresh')} | {lat('me')} | {lat('logout')} | {a.get('koPercent', 0):.2f} % | "
              f"{server['serverCpuSecondsDuringLoad']} ({server['postgresCpuSecondsDuringLoad']}) | "
              f"{server['serverRssMbAfter']} / {server['serverPeakRssMb']} | {verdict} | {server['loadAverageAfter']} |")


def flood_tally(directory):
    """LoginFloodRun's log line, which perf/run.sh copies into summary.txt."""
    text = open(os.path.join(directory, "summary.txt")).read()
    m = re.search(r"flood-login answers by status \{([^}]*)\}, unanswered (\d+); rejected \(429/503\) (\d+): "
                  r"p50 (-?\d+), p95 (-?\d+), p99 (-?\d+), max (-?\d+) ms; (\d+) took (\d+) ms or more", text)
    if not m:
        return None
    statuses = {int(k): int(v) for k, v in (kv.split("=") for kv in m.group(1).split(", ") if kv)}
    keys = ("unanswered", "rejected", "p50", "p95", "p99", "max", "slow", "slowMillis")
    return {"statuses": statuses, **dict(zip(keys, (int(g) for g in m.groups()[1:])))}


def flood_summary(directories):
    """One row per login-flood run: what the flood got, what the others saw, the verdicts."""
    print("| run | flood logins /s | 200 / 401 / 429 / 503 | rejected p50 / p95 / p99 / max ms | refresh p95 / p99 | "
          "me p95 / p99 | ready (failed) | unexpected | server CPU s (PostgreSQL), machine | thresholds | load avg after | commit |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for directory in directories:
        server = json.load(open(os.path.join(directory, "server.json")))
        try:
            requests = json.load(open(os.path.join(directory, "summary.json"))).get("requests", {})
        except ValueError:  # the load tool crashed before its report: no figures, only the verdict
            requests = {}
        tally = flood_tally(directory) or {"statuses": {}}
        flood, a = requests.get("flood-login", {}), requests.get("all", {})
        seconds = server["loadSeconds"]
        st = tally["statuses"]
        def pair(name):
            r = requests.get(name)
            return f"{r['p95']:.0f} / {r['p99']:.0f}" if r else "-"
        ready = requests.get("ready", {})
        unexpected = sum(int(r.get("ko") or 0) for r in requests.values() if r is not a)
        verdict = "pass" if server["loadToolExitStatus"] == 0 else "**fail**"
        rejected = (f"{tally['p50']} / {tally['p95']} / {tally['p99']} / {tally['max']}" if tally.get("rejected") else "none")
        print(f"| {os.path.basename(directory)} | {flood.get('perSecond', '-')} | "
              f"{st.get(200, 0)} / {st.get(401, 0)} / {st.get(429, 0)} / {st.get(503, 0)} | {rejected} | "
              f"{pair('refresh')} | {pair('me')} | {ready.get('count', 0):.0f} ({ready.get('ko') or 0:.0f}) | {unexpected} | "
              f"{server['serverCpuSecondsDuringLoad']} ({server['postgresCpuSecondsDuringLoad']}), "
              f"{server.get('machineCpuSecondsDuringLoad', '?')} in {seconds} s | {verdict} | {server['loadAverageAfter']} | "
              f"{server['commit']} |")


def main():
    if sys.argv[1] == "--scenarios":
        scenario_summary([d.rstrip("/") for d in sys.argv[2:]])
        return
    if sys.argv[1] == "--flood":
        flood_summary([d.rstrip("/") for d in sys.argv[2:]])
        return
    for directory in sys.argv[1:]:
        directory = directory.rstrip("/")
        if directory.endswith("-bench"):
            bench(directory)
        elif directory.endswith("-ready"):
            ready(directory)
        else:
            scenario(directory)


if __name__ == "__main__":
    main()
