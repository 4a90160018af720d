#!/usr/bin/env python3
"""Per-endpoint table from a Gatling 3.15 HTML report, in the layout of the k6 suites' summary.txt.

usage: gatling-summary.py REPORT_DIR SCENARIO [--json]

Gatling 3.15 no longer writes js/stats.json; its statistics table in index.html is the one
machine-readable place left, so this reads that table (columns: total, ok, ko, % ko, cnt/s, min,
p50, p75, p95, p99, max, mean, std dev).
"""
import json
import re
import sys

COLUMNS = {2: "count", 3: "ok", 4: "ko", 5: "koPercent", 6: "perSecond", 7: "min", 8: "p50", 9: "p75",
           10: "p95", 11: "p99", 12: "max", 13: "mean", 14: "stdDev"}


def parse(report_dir):
    html = open(f"{report_dir}/index.html", encoding="utf-8").read()
    rows = {}
    for match in re.finditer(r'<tr id="(?:ROOT|req_[^"]*)"[^>]*>(.*?)</tr>', html, re.S):
        block = match.group(1)
        name = re.search(r'class="ellipsed-name">([^<]*)<', block).group(1)
        values = {}
        for col, text in re.findall(r'<td class="value [a-z]+ col-(\d+)">([^<]*)<', block):
            key = COLUMNS.get(int(col))
            if key:
                values[key] = float(text) if text not in ("-", "") else None
        rows["all" if name == "All Requests" else name] = values
    return rows


def main():
    report_dir, scenario = sys.argv[1], sys.argv[2]
    rows = parse(report_dir)
    if "--json" in sys.argv:
        print(json.dumps({"scenario": scenario, "tool": "gatling", "requests": rows}, indent=2))
        return

    def cell(v):
        return "-" if v is None else (f"{v:.1f}" if v < 10 and v != int(v) else f"{v:.0f}")

    print(f"gaara gatling {scenario}")
    print()
    # the flood test's request names (perf/scenarios.json, loginFlood), else the session flow's
    names = (("flood-login", "session-login", "refresh", "me", "ready") if "flood-login" in rows
             else ("login", "refresh", "me", "logout"))
    width = max(len(n) for n in names) + 2
    print(f"{'endpoint':<{width}}{'count':<9}{'p50 ms':<9}{'p95 ms':<9}{'p99 ms':<9}{'max ms':<9}{'per s':<9}errors")
    for name in names:
        r = rows.get(name)
        if not r:
            print(f"{name:<{width}}-")
            continue
        print(f"{name:<{width}}{cell(r['count']):<9}{cell(r['p50']):<9}{cell(r['p95']):<9}{cell(r['p99']):<9}"
              f"{cell(r['max']):<9}{r['perSecond']:<9}{r['koPercent']:.2f} %")
    a = rows.get("all", {})
    print()
    print(f"requests {cell(a.get('count'))} ({a.get('perSecond')}/s), failed {a.get('koPercent', 0):.2f} %")


if __name__ == "__main__":
    main()
