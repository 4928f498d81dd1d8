#!/usr/bin/env bash
# Fuzzes every @FuzzTest for a bounded time each, one at a time (Jazzer fuzzes one test per JVM).
# FUZZ_TIME per target (Jazzer's duration syntax, default 2m); FUZZ_ONLY=Class or Class#method
# to fuzz just those. A finding fails the target and Jazzer writes the input to the test's
# corpus (src/test/resources/<package>/<Class>Inputs/<method>/crash-*): fix the bug, keep the
# input, and `make test` then replays it forever. The inputs that grew coverage go to
# .cifuzz-corpus/ (ignored by git) and seed the next `make fuzz`.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
time=${FUZZ_TIME:-2m}
only=${FUZZ_ONLY:-}
# compiled once here. Each target runs with test-compile in the same reactor, so sibling modules
# come from their target/classes: never `install`, and never a bare surefire:test, which would
# take them from the local Maven repository that other checkouts share (and install into)
mvn -B -q -DskipTests test-compile >/dev/null || { echo "build failed" >&2; exit 1; }
failed=()
ran=0
for src in $(find berth-*/src/test/java -name '*FuzzTest.java' | sort); do
  module=${src%%/*}
  class=$(basename "$src" .java)
  for method in $(grep -A1 '@FuzzTest' "$src" | grep -oE 'void [a-zA-Z0-9_]+' | awk '{print $2}'); do
    target="$class#$method"
    if [ -n "$only" ] && [ "$only" != "$class" ] && [ "$only" != "$target" ]; then
      continue
    fi
    echo "== fuzzing $module $target for $time"
    ran=$((ran + 1))
    if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$time" nice mvn -B -q -o -pl "$module" -am test-compile surefire:test \
        -Dtest="$target" -Djazzer.hooks=true -Djazzer.max_duration="$time" -Dsurefire.failIfNoSpecifiedTests=false \
        > "$module/target/fuzz-$class-$method.log" 2>&1; then
      failed+=("$target")
      echo "   FINDING: see $module/target/fuzz-$class-$method.log"
      grep -a -m3 -E 'FuzzTestFindingException|== Java Exception|Caused by' "$module/target/fuzz-$class-$method.log" | sed 's/^/   /'
    else
      grep -a -m1 -E '^Done [0-9]+ runs' "$module/target/fuzz-$class-$method.log" | sed 's/^/   /'
    fi
  done
done
echo "$((ran - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
