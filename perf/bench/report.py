#!/usr/bin/env python3
"""Markdown tables for docs/PERFORMANCE.md from perf/results/ directories.

usage: report.py RESULT_DIR...

A `*-bench` or `*-ready` directory gives its results.jsonl as a table; a scenario directory (from
perf/run.sh) gives one row per endpoint with the server's figures beside it.
"""
import json
import os
import sys


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
            lat = r["latencyMs"]
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
    for name in ("login", "refresh", "me", "logout", "all"):
        r = requests.get(name)
        if r:
            print(f"| {name} | {r['count']:.0f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | {r['perSecond']} | {r['koPercent']:.2f} % |")


def main():
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
