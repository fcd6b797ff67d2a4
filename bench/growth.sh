#!/usr/bin/env bash
# How indexing and search grow with the number of articles: synthetic corpora of real paragraphs
# (bench/synth_corpus.py, fixed seed) of each size, indexed with the defaults.
#   per size: articles/s (wall, and CPU seconds from /usr/bin/time -v), peak RSS, index size as
#   built and after xapian-compact (bytes per article), search latency in one process
#   (search_latency: p50/p95/p99 over queries.txt) and of whole `bahth search` processes
#   (mean wall time of 100, one query each).
#
#   bench/growth.sh [BUILD_DIR] [SIZES...]      default: build/release 25000 100000 200000
#   GROWTH_CACHE=DIR keeps the generated corpora between runs (they take a minute per 100k).
# Timings are figures to report, never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(25000 100000 200000)
bahth=$(realpath "$build/bahth")
latency=$(realpath "$build/bench/search_latency")
for tool in "$bahth" "$latency"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (cmake --build --preset release)" >&2; exit 1; }
done
[ -f ../shared/data/bbc-arabic.jsonl.gz ] || { echo "../shared/data is absent; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache=${GROWTH_CACHE:-$work}
mkdir -p "$cache"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M') UTC; $("$bahth" --version)"
printf '\n| articles | input MB | index s | articles/s | CPU s | peak RSS MB | index MB | compacted MB | bytes/article | in-process p50 ms | p95 ms | p99 ms | process ms |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  corpus=$cache/synth-$n.jsonl.gz
  [ -f "$corpus" ] || python3 bench/synth_corpus.py "$n" "$corpus"
  input_mb=$(zcat "$corpus" | wc -c | awk '{printf "%.0f", $1/1e6}')
  db=$work/db-$n
  rm -rf "$db" "$db.compact"
  /usr/bin/time -v -o "$work/time" "$bahth" index --quiet --db "$db" "$corpus"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time")
  size=$(du -sm "$db" | cut -f1)
  xapian-compact "$db" "$db.compact" >/dev/null
  compact_bytes=$(du -sb "$db.compact" | cut -f1)
  lat=$("$latency" --db "$db" --queries bench/queries.txt --repeat 5)
  field() { echo "$lat" | sed "s/.* $1=\([0-9.]*\).*/\1/"; }
  # Whole processes: the first 100 queries of the list, cycled, one process each.
  grep -v '^#' bench/queries.txt | grep . > "$work/q"
  start=$(date +%s.%N)
  for i in $(seq 0 99); do
    q=$(sed -n "$((i % $(wc -l < "$work/q") + 1))p" "$work/q")
    "$bahth" search --db "$db" -n 10 "$q" >/dev/null
  done
  end=$(date +%s.%N)
  printf '| %s | %s | %.1f | %.0f | %s | %s | %s | %.0f | %.0f | %s | %s | %s | %.1f |\n' "$n" "$input_mb" \
    "$secs" "$(awk -v a="$n" -v b="$secs" 'BEGIN{print a/b}')" "$cpu" "$rss" "$size" \
    "$(awk -v b="$compact_bytes" 'BEGIN{print b/1048576}')" \
    "$(awk -v b="$compact_bytes" -v n="$n" 'BEGIN{print b/n}')" \
    "$(field p50_ms)" "$(field p95_ms)" "$(field p99_ms)" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN{print (b-a)*10}')"
  rm -rf "$db" "$db.compact"
done
