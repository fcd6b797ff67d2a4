#!/usr/bin/env bash
# Checks data/exonyms-en-ar.txt against an index: for each English name, each Arabic spelling
# with the number of articles a search for it finds (--no-correct), and the spellings no more
# than 1 article holds, which the table should not list.
#
#   bench/exonyms_check.sh DB [BAHTH_BINARY]     (default build/release/bahth)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DB [BAHTH_BINARY]" >&2; exit 2; }
db=$1
bahth=${2:-$(dirname "$0")/../build/release/bahth}
table=$(dirname "$0")/../data/exonyms-en-ar.txt
rare=0
while IFS=$'\t' read -r latin arabic; do
  case $latin in '#'* | '') continue ;; esac
  line="$latin:"
  IFS='|' read -ra spellings <<<"$arabic"
  for s in "${spellings[@]}"; do
    query=$s
    case $s in *' '*) query="\"$s\"" ;; esac  # several words: the phrase the search looks for
    n=$("$bahth" search --db "$db" --json -n 0 --no-correct --no-transliterate "$query" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
    line+=" $s $n"
    if [ "$n" -le 1 ]; then rare=$((rare + 1)); fi
  done
  echo "$line"
done <"$table"
echo "spellings in at most 1 article: $rare"
