#!/usr/bin/env bash
# Builds Platform.sln once and runs every test in it. The tests start their own PostgreSQL and
# RabbitMQ from this machine's binaries (installed here when missing), on free ports, in temporary
# folders. Ends with one line "N passed, N failed, N skipped" and a non-zero exit if anything failed.
#
#   TEST_PARALLEL=2 ./test.sh     run two test projects at a time (default 1: a 2-core machine is
#                                 busiest with one project's servers and services at a time)
set -uo pipefail
cd "$(dirname "$0")"

.ci/install-prerequisites.sh || exit 1
# The end-to-end and scale-out fixtures boot the whole platform (the scale-out one with two replicas of every
# service and a 3-node RabbitMQ cluster); on a busy two-core machine that has taken over 8 minutes.
export PLATFORM_E2E_START_MINUTES="${PLATFORM_E2E_START_MINUTES:-15}"
started=$(date +%s)

echo "==> Building Platform.sln"
if ! dotnet build Platform.sln -nologo -v:minimal; then
  echo "Build failed." >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "==> Testing"
dotnet test Platform.sln --no-build -nologo -m:"${TEST_PARALLEL:-1}" 2>&1 | tee "$log"
test_exit=${PIPESTATUS[0]}

# One summary line per test assembly, e.g.
#   Passed!  - Failed:     0, Passed:     9, Skipped:     0, Total:     9, Duration: 31 s - Messaging.Tests.dll (net10.0)
summaries=$(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+, Total: +[0-9]+' "$log" || true)
expected=$(grep -o '"[^"]*\.csproj"' Platform.sln | tr -d '"' | tr '\\' '/' \
  | while read -r project; do grep -lq 'Microsoft.NET.Test.Sdk' "$project" 2>/dev/null && echo "$project"; done | wc -l)
reported=$(printf '%s\n' "$summaries" | grep -c . || true)

passed=0 failed=0 skipped=0
echo
echo "==> Summary"
while IFS= read -r line; do
  [ -z "$line" ] && continue
  f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$line")
  name=$(sed -E 's/.* - ([^ ]+) \(.*/\1/' <<<"$line")
  printf '  %-36s %5d passed %3d failed %3d skipped\n' "$name" "$p" "$f" "$s"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done <<<"$summaries"

status=0
if [ "$reported" -lt "$expected" ]; then
  echo "  $((expected - reported)) of $expected test projects reported no result (crashed or aborted)."
  failed=$((failed + expected - reported))
  status=1
fi
[ "$test_exit" -ne 0 ] && status=1
[ "$failed" -gt 0 ] && status=1
if [ "$passed" -eq 0 ]; then
  echo "  No test ran."
  status=1
fi
[ "$skipped" -gt 0 ] && echo "  Skipped tests did not run and are not counted as passed."
echo "  Total time: $(( $(date +%s) - started )) s"
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
