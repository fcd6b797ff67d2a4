#!/usr/bin/env bash
# Saves what bahth prints besides search results, to show that a change of structure changes no
# output: run it with the binary before and after on the same index and evaluation set, then
# `diff -r BEFORE AFTER` (issue #31; bench/search_outputs.sh saves the searches). Saved: --help of
# bahth and of every subcommand, the refusals of bad option values, `stats` (text and JSON),
# `show` of the first results, `analyze` at every stage (text and JSON), `eval` (text and JSON)
# and `bahth serve`'s answers: the API (search, article, stats, a 404), the pages (search,
# article, a missing article), the error pages a request can reach (404, 405, 401, 403) and the
# refusal of a Host not allowed (421, JSON).
# Timings (`took_ms`, eval's seconds) are blanked, since they differ from run to run.
#
#   bench/cli_outputs.sh DB EVAL_DB QUERIES QRELS BAHTH OUTDIR
# e.g. EVAL_DB indexed from ../shared/data/dev-eval/arcd_docs.jsonl.gz, with its
# arcd_queries.tsv and arcd_qrels.tsv.
set -euo pipefail
[ $# -eq 6 ] || { echo "usage: $0 DB EVAL_DB QUERIES QRELS BAHTH OUTDIR" >&2; exit 2; }
db=$1
eval_db=$2
queries=$3
qrels=$4
bahth=$5
out=$6
mkdir -p "$out"
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }

# Runs bahth with the rest of the arguments, saving standard output, standard error and the exit
# status in $out/NAME.
save() {
  local name=$1
  shift
  local status=0
  "$bahth" "$@" >"$out/$name.out" 2>"$out/$name.err" || status=$?
  echo "$status" >"$out/$name.status"
}

save help --help
for command in $("$bahth" --help | awk '/^Subcommands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }'); do
  save "help-$command" "$command" --help
done

# Option values out of range or not among the choices: CLI11's refusal names the bounds.
save bad-limit search --db "$db" -n 10001 سوريا
save bad-offset search --db "$db" --offset -1 سوريا
save bad-sort search --db "$db" --sort newest سوريا
save bad-color search --db "$db" --color blue سوريا
save bad-k eval --db "$eval_db" --queries "$queries" --qrels "$qrels" -k 0
save bad-threads index --db "$out/never-written" --threads 300 /dev/null
save bad-format index --db "$out/never-written" --format xml /dev/null
save bad-port serve --db "$db" --port 70000
save bad-budget serve --db "$db" --time-budget 0
save bad-metrics serve --db "$db" --metrics maybe

save stats stats --db "$db"
save stats-json stats --db "$db" --json
ids=$("$bahth" search --db "$db" --json -n 3 سوريا |
  python3 -c 'import json, sys; print(" ".join(h["id"] for h in json.load(sys.stdin)["results"]))')
# shellcheck disable=SC2086 # one argument per id
save show show --db "$db" --color never --bidi none $ids
# shellcheck disable=SC2086
save show-json show --db "$db" --json $ids
text='وقال الرئيس الأمريكي دونالد ترامب إنَّ المفاوضات مع الصين ستُستأنف، بحسب وكالة رويترز. Trump 2018 ٢٠١٩'
for stage in tokens normalize stem; do
  save "analyze-$stage" analyze --stage "$stage" "$text"
  save "analyze-$stage-json" analyze --stage "$stage" --json "$text"
done
save analyze-variants analyze --db "$db" --variants سوريا الانتخابات
save analyze-variants-json analyze --db "$db" --variants --json سوريا الانتخابات
save eval eval --db "$eval_db" --queries "$queries" --qrels "$qrels"
save eval-json eval --db "$eval_db" --queries "$queries" --qrels "$qrels" --json
sed -i -E 's/[0-9.]+ s\b/N s/g' "$out/eval.out"
sed -i -E 's/"(seconds|took_ms)": *[0-9.e+-]+/"\1": N/g' "$out/eval-json.out"

# The server: once without keys, once with a search key (the key pages).
keys=$(mktemp)
server_log=$(mktemp)
trap 'rm -f "$keys" "$server_log"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true' EXIT
. "$(dirname "$0")/serve_lib.sh"
# Saves the status line, the Content-Type and the body of an answer (the rest of the headers
# carry dates).
fetch() {
  local name=$1
  shift
  curl -s -o "$out/$name.body" -w '%{http_code} %{content_type}\n' "$@" >"$out/$name.head"
  sed -i -E 's/"took_ms": *[0-9.e+-]+/"took_ms": N/g' "$out/$name.body"
}
first_id=${ids%% *}
encoded_id=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$first_id")

start_server
fetch api-search "${url}api/search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7&limit=3"
fetch api-article "${url}api/article/$encoded_id"
fetch api-article-missing "${url}api/article/no-such-id"
fetch api-stats "${url}api/stats"
fetch api-missing "${url}api/nothing-here"
fetch healthz "${url}healthz"
fetch page-home "${url}"
fetch page-search "${url}search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"
fetch page-search-bad-date "${url}search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7&since=yesterday"
fetch page-article "${url}article/$encoded_id"
fetch page-article-missing "${url}article/no-such-id"
fetch page-not-found "${url}no/such/%3Cpage%3E"
fetch page-post "${url}search" -X POST -d q=x
fetch page-search-bad-limit "${url}search?q=%D8%B3&limit=99999999"
fetch page-bad-host "${url}search?q=%D8%B3" -H 'Host: elsewhere.example'
stop_server

echo 'search 0123456789abcdef0123456789abcdef' >"$keys"
start_server --keys "$keys"
fetch page-missing-key "${url}search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"
fetch page-wrong-key "${url}search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7&key=0123456789abcdef0000000000000000"
fetch api-missing-key "${url}api/search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"
stop_server
echo "saved $(find "$out" -maxdepth 1 -type f | wc -l) files in $out"
