#!/usr/bin/env bash
# Shows that the style gates bite: on a scratch copy of the tree, a misformatted line must fail
# the formatter check and an inline fully qualified name must fail Checkstyle. A gate that passes
# a planted violation fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$scratch"
target=domain/src/main/java/io/gaara/domain/UserId.java

expect_failure() { # name, sed expression, extra maven flags
  cp "$target" "$scratch/$target"
  sed -i "$2" "$scratch/$target"
  if (cd "$scratch" && ./mvnw -B -ntp -q validate -pl domain $3 >"$scratch/out.txt" 2>&1); then
    echo "FAIL: $1 was not caught" >&2
    exit 1
  fi
  grep -q "$4" "$scratch/out.txt" || { echo "FAIL: $1 failed for another reason:" >&2; cat "$scratch/out.txt" >&2; exit 1; }
  echo "style gate: $1 caught"
}

expect_failure "a misformatted line" 's/^    public static UserId random() {/    public static UserId random( ) {   /' "" "format violations"
expect_failure "an inline fully qualified name" \
  's/^    public static UserId random() {/    public static java.util.UUID unused() {\n        return null;\n    }\n\n    public static UserId random() {/' \
  "-Dspotless.check.skip=true" "inlineFullyQualifiedName"
