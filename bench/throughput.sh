#!/usr/bin/env bash
# Whole-program throughput, each --stemmer in the same run on the same corpus, next to Xapian's
# own pipeline (TermGenerator + Snowball Arabic, one thread, default settings):
#   indexing articles/s, MB/s of uncompressed input, peak RSS, database size (as built and after
#   xapian-compact), and search latency p50/p95 over bench/queries.txt (through bahth::Searcher).
#
#   bench/throughput.sh [BUILD_DIR] [CORPUS...]
#   default BUILD_DIR build/release; default corpora: ../shared/data/bbc-arabic.jsonl.gz, then
#   both files of ../shared/data together. Timings are figures to report, never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shift || true
bahth=$build/bahth
latency=$build/bench/search_latency
baseline=$build/bench/xapian_baseline_index
for tool in "$bahth" "$latency" "$baseline"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (cmake --build --preset release)" >&2; exit 1; }
done
shared=../shared/data
if [ $# -gt 0 ]; then
  corpora=("$@")
elif [ -f $shared/bbc-arabic.jsonl.gz ]; then
  corpora=("$shared/bbc-arabic.jsonl.gz" "$shared/bbc-arabic.jsonl.gz $shared/ant-other-arabic-news.jsonl.gz")
else
  echo "../shared/data is absent: measuring the bundled sample only" >&2
  corpora=(data/bbc-arabic-sample.jsonl.gz)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f", a/b; else print "-" }'; }
# Runs a command under /usr/bin/time; prints "seconds peak_mb".
timed() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$work/time"
}

echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d)"
printf '\n| corpus | pipeline | articles | s | articles/s | MB/s | peak RSS MB | index MB | compacted MB | search p50 ms | p95 ms |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for corpus in "${corpora[@]}"; do
  # shellcheck disable=SC2086
  raw_mb=$(zcat -f $corpus | wc -c | awk '{printf "%.1f", $1/1e6}')
  name=$(for f in $corpus; do basename "$f" .jsonl.gz; done | paste -sd+)
  for pipeline in light snowball none xapian-termgenerator; do
    db=$work/db-$pipeline
    rm -rf "$db" "$db.compact"
    if [ "$pipeline" = xapian-termgenerator ]; then
      # shellcheck disable=SC2086
      read -r secs rss < <(timed "$baseline" "$db" $corpus)
      articles=$(sed 's/articles=\([0-9]*\).*/\1/' "$work/out")
      p50=-; p95=-
    else
      # shellcheck disable=SC2086
      read -r secs rss < <(timed "$bahth" index --quiet --db "$db" --stemmer "$pipeline" $corpus)
      articles=$("$bahth" stats --db "$db" --json | sed -n 's/.*"documents": \([0-9]*\).*/\1/p')
      lat=$("$latency" --db "$db" --queries bench/queries.txt --repeat 5)
      p50=$(echo "$lat" | sed 's/.*p50_ms=\([0-9.]*\).*/\1/')
      p95=$(echo "$lat" | sed 's/.*p95_ms=\([0-9.]*\).*/\1/')
    fi
    size=$(du -sm "$db" | cut -f1)
    xapian-compact "$db" "$db.compact" >/dev/null
    compact=$(du -sm "$db.compact" | cut -f1)
    printf '| %s (%s MB) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$raw_mb" \
      "$pipeline" "$articles" "$secs" "$(ratio "$articles" "$secs")" "$(ratio "$raw_mb" "$secs")" \
      "$rss" "$size" "$compact" "$p50" "$p95"
  done
done
