#!/usr/bin/env bash
# Runs the benchmarks in Release, one after the other, each printing its table; JSON results go to
# bench/results/<name>.json. Not part of ./test.sh: together they take several minutes and want a
# quiet machine (every benchmark also prints ratios measured in the same run, which stay meaningful
# on a busy one). Each starts its own PostgreSQL and RabbitMQ from this machine's binaries.
#
#   ./bench.sh                     every benchmark below
#   ./bench.sh messaging gateway   only those, by name
#   ./bench.sh --list              the names
#   BENCH_ARGS="--rounds 3" ./bench.sh messaging   extra arguments for the benchmark(s) run
set -uo pipefail
cd "$(dirname "$0")"

# name | project (a bench/ program, or a test project run with RESILIENCE_LONG=1) | arguments.
# {out} is replaced by the JSON file the program is to write (bench/results/<name>.json). A program
# without an --out option may write bench/<Project>/results.json; it is copied to bench/results/ too.
BENCHMARKS=(
  "messaging|bench/Messaging.Bench|--out {out}"
  "gateway|bench/Gateway.Bench|--out {out}"
  "reporting|bench/Reporting.Bench|--out {out}"
  "coordination|bench/Coordination.Bench|"
  "platform|bench/Platform.Bench|1000 20 200 20"
  "notifications|bench/Notifications.Bench|40 5"
  "resilience-long|tests/Resilience.Tests|"
  "scaleout-long|tests/ScaleOut.Tests|"
  "replicas|bench/Platform.Bench|replicas 1,3 30 16 {out}"
)

names() { for entry in "${BENCHMARKS[@]}"; do echo "${entry%%|*}"; done; }

if [ "${1:-}" = "--list" ]; then names; exit 0; fi
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

selected=("$@")
for name in "${selected[@]}"; do
  names | grep -qx "$name" || { echo "Unknown benchmark '$name'; one of: $(names | tr '\n' ' ')" >&2; exit 2; }
done

.ci/install-prerequisites.sh || exit 1
mkdir -p bench/results
status=0
summary=()
for entry in "${BENCHMARKS[@]}"; do
  IFS='|' read -r name project arguments <<<"$entry"
  if [ "${#selected[@]}" -gt 0 ] && ! printf '%s\n' "${selected[@]}" | grep -qx "$name"; then continue; fi
  out="bench/results/$name.json"
  started=$(date +%s)
  # A program's own results.json is this benchmark's only if it was written during this run.
  stamp=$(mktemp); touch "$stamp"
  echo
  echo "==> $name ($project)"
  if [[ "$project" == tests/* ]]; then
    # The long fault tests: the same test projects ./test.sh runs in their short form (each reads its own switch).
    if RESILIENCE_LONG=1 SCALEOUT_LONG=1 dotnet test "$project" -c Release -nologo -v:minimal; then result=ok; else result=FAILED; status=1; fi
  else
    if ! dotnet build "$project" -c Release -nologo -v:quiet; then
      echo "Build of $project failed." >&2
      summary+=("$(printf '%-16s %-8s %5s s' "$name" "NO BUILD" 0)"); status=1; rm -f "$stamp"; continue
    fi
    # shellcheck disable=SC2086 # arguments are split on purpose
    if dotnet run --project "$project" -c Release --no-build -- ${arguments//\{out\}/$out} ${BENCH_ARGS:-}; then
      result=ok
      own="$project/results.json"
      if [[ "$arguments" != *"{out}"* && -f "$own" && "$own" -nt "$stamp" ]]; then cp "$own" "$out"; fi
    else
      result=FAILED; status=1
    fi
  fi
  summary+=("$(printf '%-16s %-8s %5s s  %s' "$name" "$result" "$(( $(date +%s) - started ))" "$([ -f "$out" ] && [ "$out" -nt "$stamp" ] && echo "$out")")")
  rm -f "$stamp"
done

echo
echo "==> Benchmarks"
printf '  %s\n' "${summary[@]}"
exit "$status"
