#!/usr/bin/env python3
"""One JSON line from wrk's --latency output and the server's CPU over the same interval.

usage: wrk-result.py WRK_OUTPUT PHASE CONTEXT_JSON_FIELDS SERVER_CPU_TICKS CLK_TCK PG_CPU_BEFORE PG_CPU_AFTER SECONDS
"""
import json
import re
import sys


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    path, phase, ctx = sys.argv[1], sys.argv[2], sys.argv[3]
    ticks, hz = int(sys.argv[4]), int(sys.argv[5])
    pg0, pg1, secs = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
    text = open(path).read()
    latency = {f"p{p}": ms(v, u) for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(r"Socket errors: (.*)", text)
    threads, connections = re.search(r"(\d+) threads and (\d+) connections", text).groups()
    result = {
        "phase": phase,
        "requestsPerSecond": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "latencyMs": latency,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socketErrors": socket_errors.group(1) if socket_errors else None,
        "wrkThreads": int(threads),
        "connections": int(connections),
        "serverCpuCoresBusy": round(ticks / hz / secs, 2),
        "postgresCpuCoresBusy": round((pg1 - pg0) / secs, 2),
    }
    print(json.dumps(json.loads("{" + ctx + "}") | result))


if __name__ == "__main__":
    main()
