#!/usr/bin/env bash
# "Did you mean" on both corpora of ../shared/data: how often a query gets a suggestion and how
# long it takes (real queries: BBC titles and ARCD questions), and how many one-word
# misspellings of real titles get the original title back (bench/spelling_queries.py).
#
#   bench/spelling_eval.sh [BUILD_DIR] [INDEX]   (INDEX: reuse one of both corpora, else build one)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bahth=$build/bahth
latency=$build/bench/spelling_latency
shared=../shared/data
[ -x "$bahth" ] && [ -x "$latency" ] || { echo "build first: cmake --build --preset release" >&2; exit 1; }
[ -f $shared/bbc-arabic.jsonl.gz ] || { echo "../shared/data is absent; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/spelling_queries.py "$shared" "$work"
db=${2:-}
if [ -z "$db" ]; then
  db=$work/db
  "$bahth" index --quiet --db "$db" "$shared/bbc-arabic.jsonl.gz" "$shared/ant-other-arabic-news.jsonl.gz"
fi
echo "real queries:";       "$latency" --db "$db" --queries "$work/real.txt" --show 25
echo "misspelled titles:";  "$latency" --db "$db" --queries "$work/misspelled.tsv" --show 10
