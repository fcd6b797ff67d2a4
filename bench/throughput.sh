#!/usr/bin/env bash
# Whole-program throughput, each --stemmer in the same run on the same corpus, next to Xapian's
# own pipeline (TermGenerator + Snowball Arabic, one thread, default settings):
#   indexing articles/s, MB/s of uncompressed input, CPU seconds (user + system), peak RSS,
#   database size (as built and after xapian-compact) and the compacted size over the articles'
#   text (title + body, UTF-8), and search latency p50/p95 over bench/queries.txt (through
#   bahth::Searcher).
#
#   bench/throughput.sh [BUILD_DIR] [CORPUS...]
#   default BUILD_DIR build/release; default corpora: ../shared/data/bbc-arabic.jsonl.gz, then
#   both files of ../shared/data together. Timings are figures to report, never pass/fail.
#
#   PIPELINES="..." picks the pipelines (default: light snowball none xapian-termgenerator):
#   light, snowball, none       bahth index --stemmer X
#   bahth-defaults              bahth index with no option
#   xapian-termgenerator        bench/xapian_baseline_index
#   lucene-stored, lucene-unstored
#                               Lucene 8 ArabicAnalyzer, title and body stored or not
#                               (bench/lucene_baseline; LUCENE_CLASSPATH must hold its classes
#                               and the Lucene jars: bench/lucene_compare.sh sets it). Lucene's
#                               index is merged into one segment, so its two sizes are equal.
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
read -r -a pipelines <<<"${PIPELINES:-light snowball none xapian-termgenerator}"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f", a/b; else print "-" }'; }
# Runs a command under /usr/bin/time; prints "seconds peak_mb cpu_seconds".
timed() {
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  awk '{printf "%s %.0f %.1f\n", $1, $2/1024, $3 + $4}' "$work/time"
}
# MB (10^6 bytes) of the articles' text: title and body, UTF-8, as the readers find them.
text_mb() {
  python3 -c '
import gzip, json, sys
total = 0
for path in sys.argv[1:]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                total += sum(len((a.get(k) or "").encode()) for k in ("title", "body"))
print(f"{total / 1e6:.1f}")' "$@"
}

echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d)"
printf '\n| corpus | pipeline | articles | s | articles/s | MB/s | CPU s | peak RSS MB | index MB | compacted MB | × text | search p50 ms | p95 ms |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for corpus in "${corpora[@]}"; do
  # shellcheck disable=SC2086
  raw_mb=$(zcat -f $corpus | wc -c | awk '{printf "%.1f", $1/1e6}')
  # shellcheck disable=SC2086
  text=$(text_mb $corpus)
  name=$(for f in $corpus; do basename "$f" .jsonl.gz; done | paste -sd+)
  for pipeline in "${pipelines[@]}"; do
    db=$work/db-$pipeline
    rm -rf "$db" "$db.compact"
    options=()
    case $pipeline in
      light | snowball | none) options=(--stemmer "$pipeline") ;;
    esac
    if [ "$pipeline" = xapian-termgenerator ]; then
      # shellcheck disable=SC2086
      read -r secs rss cpu < <(timed "$baseline" "$db" $corpus)
      articles=$(sed 's/articles=\([0-9]*\).*/\1/' "$work/out")
      p50=-; p95=-
    elif [[ $pipeline == lucene-* ]]; then
      [ -n "${LUCENE_CLASSPATH:-}" ] || { echo "$pipeline needs LUCENE_CLASSPATH (bench/lucene_compare.sh)" >&2; exit 1; }
      store=--store
      [ "$pipeline" = lucene-stored ] || store=--no-store
      # shellcheck disable=SC2086
      read -r secs rss cpu < <(timed java -cp "$LUCENE_CLASSPATH" LuceneBaseline "$store" "$db" $corpus)
      articles=$(sed 's/articles=\([0-9]*\).*/\1/' "$work/out")
      p50=-; p95=-
    else
      # shellcheck disable=SC2086
      read -r secs rss cpu < <(timed "$bahth" index --quiet --db "$db" "${options[@]}" $corpus)
      articles=$("$bahth" stats --db "$db" --json | sed -n 's/.*"documents": \([0-9]*\).*/\1/p')
      lat=$("$latency" --db "$db" --queries bench/queries.txt --repeat 5)
      p50=$(echo "$lat" | sed 's/.* p50_ms=\([0-9.]*\).*/\1/')
      p95=$(echo "$lat" | sed 's/.* p95_ms=\([0-9.]*\).*/\1/')
    fi
    size=$(du -sm "$db" | cut -f1)
    if [[ $pipeline == lucene-* ]]; then
      compact=$size
    else
      xapian-compact "$db" "$db.compact" >/dev/null
      compact=$(du -sm "$db.compact" | cut -f1)
    fi
    printf '| %s (%s MB) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$raw_mb" \
      "$pipeline" "$articles" "$secs" "$(ratio "$articles" "$secs")" "$(ratio "$raw_mb" "$secs")" \
      "$cpu" "$rss" "$size" "$compact" "$(awk -v a="$compact" -v t="$text" 'BEGIN{printf "%.2f", a*1.048576/t}')" "$p50" "$p95"
  done
done
