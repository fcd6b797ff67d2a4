#!/usr/bin/env bash
# Near-duplicate detection on both corpora of ../shared/data: precision and recall on the
# labelled pairs of tests/fixtures/dedup/labels.tsv, the pairwise threshold sweep, and how the
# whole index groups (see bench/dedup_eval.cc).
#
#   bench/dedup_eval.sh [BUILD_DIR] [INDEX]   (default build/release; INDEX: reuse one built by
#                                              `bahth index` of both corpora, else build one)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bahth=$build/bahth
evaluate=$build/bench/dedup_eval
shared=../shared/data
[ -x "$bahth" ] && [ -x "$evaluate" ] || { echo "build first: cmake --build --preset release" >&2; exit 1; }
[ -f $shared/bbc-arabic.jsonl.gz ] || { echo "../shared/data is absent; skipped" >&2; exit 0; }
db=${2:-}
if [ -z "$db" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  db=$work/db
  start=$(date +%s.%N)
  "$bahth" index --quiet --db "$db" "$shared/bbc-arabic.jsonl.gz" "$shared/ant-other-arabic-news.jsonl.gz"
  echo "indexed both corpora in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
fi
"$evaluate" --db "$db" --labels tests/fixtures/dedup/labels.tsv
