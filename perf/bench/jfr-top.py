#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: the hottest methods by self time and by total time.

usage: jfr-top.py RECORDING.jfr [TOP]

Reads `jfr print --json --events jdk.ExecutionSample` (the JDK 17 jfr tool has no `view`). Self =
the sample's top frame; total = every method on the sampled stack, counted once per sample.
"""
import collections
import json
import subprocess
import sys


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for frame in stack.get("frames", []):
        method = frame["method"]
        yield f'{method["type"]["name"]}.{method["name"]}'


# where a sample's time went, by the library on its stack nearest the top (first match wins)
CATEGORIES = [
    ("argon2 (JNA, libargon2)", ("de/mkammerer/argon2", "com/sun/jna")),
    ("JDBC, pool, Jdbi (PostgreSQL round trips)", ("org/postgresql", "com/zaxxer/hikari", "org/jdbi")),
    ("jjwt (token parse, verify, sign)", ("io/jsonwebtoken",)),
    ("Jackson (JSON)", ("com/fasterxml/jackson",)),
    ("logging (audit lines)", ("ch/qos/logback", "org/slf4j")),
    ("Caffeine", ("com/github/benmanes/caffeine",)),
    ("Gaara's own code", ("io/gaara",)),
    ("Javalin", ("io/javalin",)),
    ("Jetty (HTTP, threads)", ("org/eclipse/jetty",)),
]


def category(stack):
    for frame in stack:
        for name, prefixes in CATEGORIES:
            if frame.startswith(prefixes):
                return name
    return "JDK and other"


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_count, total_count, by_thread = collections.Counter(), collections.Counter(), collections.Counter()
    by_category = collections.Counter()
    for event in events:
        stack = list(frames(event))
        if not stack:
            continue
        self_count[stack[0]] += 1
        by_category[category(stack)] += 1
        for method in set(stack):
            total_count[method] += 1
        thread = (event["values"].get("sampledThread") or {}).get("javaName") or "?"
        by_thread[thread.rstrip("0123456789-")] += 1
    n = len(events)
    print(f"{n} execution samples in {recording}")
    for title, counter in (("library nearest the top of the stack", by_category), ("self", self_count), ("total (on the stack)", total_count), ("by thread name", by_thread)):
        print(f"\n-- top {top} by {title} --")
        for method, count in counter.most_common(top):
            print(f"{100.0 * count / n:6.1f} %  {count:6d}  {method}")


if __name__ == "__main__":
    main()
