#!/usr/bin/env bash
# Saves what `bahth search` prints for a fixed set of queries, to show that a speed change
# changes no output: run it with the binary before and after on the same index, then
# `diff -r BEFORE AFTER` (issue #30). Each query is saved as text, as --json, and as the search
# page of `bahth serve` (its /search?q=...); a few options that reach other paths (paging, more
# results, near-duplicates shown, date order, --explain) are saved on some of them.
# The queries: bench/queries.txt (one to five words, a phrase, AND, NOT, title:) and the ones
# below (three words with spelling variants, Latin names, misspelled and unknown words, stopwords
# only, a wildcard, a date range, -word, filters alone).
#
#   bench/search_outputs.sh DB BAHTH OUTDIR
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 DB BAHTH OUTDIR" >&2; exit 2; }
db=$1
bahth=$2
out=$3
here=$(dirname "$0")
mkdir -p "$out"
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }

queries=$(mktemp)
server_log=$(mktemp)
trap 'rm -f "$queries" "$server_log"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true' EXIT
grep -v '^#' "$here/queries.txt" >"$queries"
cat >>"$queries" <<'EOF'
الانتخابات الرئاسية الأمريكية
كرة القدم
الانتخابات الرئاسية الأمريكية ترامب كلينتون
Aleppo
Trump
الانتخبات الرئاسيه
سوريه
زكزكزكزك
في من على
اليم*
سوريا 2018-03..2018-04
النفط -السعودية
"كأس العالم" روسيا
section:sport
section:economy 2018-03..2018-04
EOF

# The page: a server on a free loopback port, asked for /search?q=QUERY.
. "$(dirname "$0")/serve_lib.sh"
start_server

n=0
while IFS= read -r query; do
  [ -n "$query" ] || continue
  n=$((n + 1))
  name=$(printf '%02d' "$n")
  printf '%s\n' "$query" >"$out/$name.query"
  "$bahth" search --db "$db" --color never --bidi none "$query" >"$out/$name.txt" 2>&1 || true
  "$bahth" search --db "$db" --json "$query" >"$out/$name.json" 2>&1 || true
  encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")
  curl -s "${url}search?q=$encoded" >"$out/$name.html" || true
  if [ $((n % 4)) -eq 1 ]; then
    "$bahth" search --db "$db" --json --offset 95 -n 30 "$query" >"$out/$name.page95.json" 2>&1 || true
    "$bahth" search --db "$db" --json --duplicates --sort date "$query" >"$out/$name.dupdate.json" 2>&1 || true
    "$bahth" search --db "$db" --color never --bidi none --explain "$query" >"$out/$name.explain.txt" 2>&1 || true
  fi
done <"$queries"
# Filters given as options, without words: listed newest first, whatever order is asked.
"$bahth" search --db "$db" --color never --bidi none --section sport >"$out/filters.section.txt" 2>&1 || true
"$bahth" search --db "$db" --json --facets --since 2018-10 --section sport >"$out/filters.since.json" 2>&1 || true
"$bahth" search --db "$db" --json --sort date --source bbc >"$out/filters.source.json" 2>&1 || true
curl -s "${url}search?section=sport&since=2018-06" >"$out/filters.section.html" || true
echo "$n queries and 4 searches by filters alone saved in $out"
