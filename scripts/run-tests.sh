#!/usr/bin/env bash
# The whole suite: unit tests in every module, then the end-to-end tests against a real berthd.
# Ends with a plain "N passed, N failed" line summed from the surefire reports.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# start clean: stale classes or reports from an earlier run must not count
mvn -B -q clean >/dev/null
mvn -B -DskipTests package -q && scripts/make-launchers.sh "$JAVA_HOME" || { echo "0 passed, 1 failed (build)"; exit 1; }
mvn -B verify 2>&1 | grep -Ev '^\[INFO\] (Download|---|Building|$)' 
status=${PIPESTATUS[0]}
tests=0; failed=0; skipped=0
for f in "$root"/*/target/surefire-reports/TEST-*.xml; do
  [ -f "$f" ] || continue
  head=$(grep -m1 -o '<testsuite [^>]*>' "$f")
  attr() { echo "$head" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  tests=$((tests + $(attr tests))); skipped=$((skipped + $(attr skipped)))
  failed=$((failed + $(attr failures) + $(attr errors)))
done
extra=""; [ "$skipped" -gt 0 ] && extra=", $skipped skipped"
echo "$((tests - failed - skipped)) passed, $failed failed$extra"
exit $status
