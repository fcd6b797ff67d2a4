#!/usr/bin/env bash
# Search latency of several indexes compared under the same load: rounds of search_latency over
# bench/queries.txt (30 queries x 5) on each index in turn (db1 -> db2 -> ... , then again), the
# 1-minute load average beside each run, and the median over the rounds per index. Wall-clock
# and thread-CPU percentiles both: on a shared machine the wall-clock tail is mostly time spent
# waiting for a core, which the CPU time leaves out.
#
#   bench/latency_rounds.sh ROUNDS DB...
#   LATENCY=path/to/search_latency (default build/release/bench/search_latency)
#   LATENCY_ARGS="--no-snippets ..." extra arguments for every run
# A DB written BINARY@DB is run with that search_latency instead (main's beside this tree's, on
# the same index: /work/bench-data/main-bin/search_latency@DB), and named BINARY's folder:DB;
# one written DB%ARGS adds ARGS to its runs (DB%--no-champion-lists), named DB%ARGS.
# Timings are figures to report, never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:?usage: bench/latency_rounds.sh ROUNDS DB...}
shift
[ $# -gt 0 ] || { echo "usage: bench/latency_rounds.sh ROUNDS DB..." >&2; exit 2; }
latency=${LATENCY:-build/release/bench/search_latency}
[ -x "$latency" ] || { echo "missing $latency: build first" >&2; exit 1; }
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT

fields=(p50_ms p95_ms p99_ms mean_ms cpu_p50_ms cpu_p95_ms cpu_p99_ms)
header=$(IFS='|'; echo "${fields[*]}")
header=${header//|/ | }
echo "machine: $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M') UTC; $rounds rounds"
printf '\n| round | index | load | %s |\n' "$header"
printf '|---|---|---|%s\n' "$(printf -- '---|%.0s' "${fields[@]}")"
# The name of an entry in the tables.
name_of() {
  local entry=$1 binary="" db extra=""
  if [[ $entry == *@* ]]; then binary=${entry%%@*}; entry=${entry#*@}; fi
  if [[ $entry == *%* ]]; then extra=${entry#*%}; entry=${entry%%%*}; fi
  db=$(basename "$entry")
  [ -n "$binary" ] && db="$(basename "$(dirname "$binary")"):$db"
  [ -n "$extra" ] && db="$db%$extra"
  echo "$db"
}

for round in $(seq "$rounds"); do
  for entry in "$@"; do
    binary=$latency
    db=$entry
    extra=""
    if [[ $db == *@* ]]; then binary=${db%%@*}; db=${db#*@}; fi
    if [[ $db == *%* ]]; then extra=${db#*%}; db=${db%%%*}; fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    # shellcheck disable=SC2086  # LATENCY_ARGS and extra are lists of arguments
    out=$("$binary" --db "$db" --queries bench/queries.txt --repeat 5 ${LATENCY_ARGS:-} $extra)
    row="$round|$(name_of "$entry")|$load"
    for f in "${fields[@]}"; do row+="|$(echo "$out" | sed "s/.* $f=\([0-9.]*\).*/\1/")"; done
    echo "$row" >>"$runs"
    echo "| ${row//|/ | } |"
  done
done

echo
echo "Median over the rounds (load: lowest-highest):"
printf '\n| index | load | %s |\n' "$header"
printf '|---|---|%s\n' "$(printf -- '---|%.0s' "${fields[@]}")"
for entry in "$@"; do
  name=$(name_of "$entry")
  awk -F'|' -v name="$name" -v n="${#fields[@]}" '
    function median(a, k,   i, j, t) {
      for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
    }
    $2 == name {
      k++; load[k] = $3; if (lo == "" || $3 < lo) lo = $3; if (hi == "" || $3 > hi) hi = $3
      for (f = 1; f <= n; f++) v[f, k] = $(3 + f)
    }
    END {
      line = "| " name " | " lo "-" hi
      for (f = 1; f <= n; f++) { for (i = 1; i <= k; i++) a[i] = v[f, i]; line = line sprintf(" | %.2f", median(a, k)) }
      print line " |"
    }' "$runs"
done
