#!/usr/bin/env bash
# The long fuzz campaign (docs/SECURITY.md, Fuzzing): every *FuzzTest in fuzzing mode for DURATION each (default
# 10m), with no cap on the number of inputs, then a summary of what ran in security/results/fuzz-long.md.
# The build's own fuzz run is the same tests capped at fuzz.executions / fuzz.duration (pom.xml).
#
#   security/fuzz-long.sh            # 10 minutes per fuzz test
#   security/fuzz-long.sh 1h         # an hour each (Jazzer's duration syntax: 30s, 5m, 1h)
#
# The whole Maven output stays in security/results/fuzz-long.log (ignored by git).
# A finding fails the run; Jazzer writes the input to the test's src/test/resources/...Inputs/ directory, where the
# next build replays it. Turn it into a plain regression test beside the parser's other tests, fix, and keep or drop
# the input (docs/SECURITY.md says how).
set -uo pipefail
cd "$(dirname "$0")/.."

duration="${1:-10m}"
modules="adapters-out-crypto,adapters-out-persistence,adapters-out-secrets,adapters-in-http,bootstrap"
results="security/results/fuzz-long.md"
log="security/results/fuzz-long.log"
mkdir -p security/results

started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
./mvnw -B -ntp -pl "$modules" -am test -Pfuzz -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.executions=0 -Dfuzz.duration="$duration" 2>&1 | tee "$log"
status="${PIPESTATUS[0]}"
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!security/results' || echo '-dirty')"
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
memory="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
java="$(java -version 2>&1 | head -n 1)"
jazzer="$(sed -n 's:.*<jazzer.version>\(.*\)</jazzer.version>.*:\1:p' pom.xml)"

{
  echo "# Long fuzz campaign"
  echo
  echo "Written by \`security/fuzz-long.sh $duration\`; how to read it: docs/SECURITY.md, Fuzzing."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| started | $started |"
  echo "| commit | $commit |"
  echo "| machine | $(nproc) cores, $cpu, $memory; load average $load_before before, $load_after after (shared machine) |"
  echo "| Java | $java |"
  echo "| Jazzer | $jazzer |"
  echo "| per fuzz test | $duration, inputs uncapped |"
  echo "| Maven exit code | $status |"
  echo
  echo "| fuzz test | inputs run | seconds | inputs/s | coverage (edges / features) | corpus | finding |"
  echo "|---|---:|---:|---:|---|---:|---|"
  # libFuzzer's closing lines, then Surefire's line for the same class in the fuzz execution
  awk '
    /^#[0-9]+[ \t]+DONE/ { for (i = 1; i <= NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1);
                                                         if ($i == "corp:") { split($(i + 1), c, "/"); corp = c[1] } } }
    /^Done [0-9]+ runs in [0-9]+ second/ { runs = $2; secs = $5; done = 1 }
    /Test unit written to/ { sub(/.*Test unit written to /, ""); finding = $0 }
    /Tests run:.* in io\.gaara\..*FuzzTest/ && done {
      name = $NF; sub(/.*\./, "", name)
      rate = secs > 0 ? int(runs / secs) : runs
      printf "| %s | %d | %d | %d | %s / %s | %s | %s |\n", name, runs, secs, rate, cov, ft, corp,
             (finding == "" ? "none" : finding)
      done = 0; runs = secs = 0; cov = ft = corp = finding = ""
    }' "$log"
} > "$results"

echo
cat "$results"
exit "$status"
