#!/usr/bin/env bash
# Load on `bahth serve` with wrk (Debian's `wrk`), loopback only, bounded durations:
#   1. requests/s and p50/p99 latency of /api/search over the fixed query list (bench/queries.txt),
#      the server on --threads 2 (the machine's 2 cores), 8 connections;
#   2. the same while `bahth index` adds articles to the same index, committing every 500;
#   3. the same queries as one `bahth search --json` process each (2 at a time), for the ratio.
# The index is the BBC corpus of ../shared/data (the bundled 300-article sample when absent).
#
#   bench/serve_load.sh [BUILD_DIR] [SECONDS]      (default build/release, 20)
# Environment:
#   SERVE_LOAD_SECURED=1   serve with a key file (every search sends its Bearer key), the access
#                          log written to a file, and /metrics behind a metrics key (scraped
#                          once a second during the runs), as a public deployment would.
#   SERVE_LOAD_IDLE_ONLY=1 only run 1 (to compare builds in the same window).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
seconds=${2:-20}
bahth=$(realpath "$build/bahth")
shared=../shared/data
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$bahth" ] || { echo "build first: cmake --build --preset release --target bahth" >&2; exit 1; }
corpus=data/bbc-arabic-sample.jsonl.gz
extra=data/bbc-arabic-sample.jsonl.gz
if [ -f $shared/bbc-arabic.jsonl.gz ]; then
  corpus=$shared/bbc-arabic.jsonl.gz
  extra=$shared/ant-other-arabic-news.jsonl.gz
fi
work=$(mktemp -d)
server=
indexer=
cleanup() {
  [ -n "$indexer" ] && kill "$indexer" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bahth" index --quiet --db "$work/db" "$corpus"
echo "index: $("$bahth" stats --db "$work/db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])') articles from $corpus"

# The query list as request paths, for wrk's Lua.
grep -v '^#' bench/queries.txt | grep -v '^$' > "$work/queries.txt"
python3 - "$work/queries.txt" "$work/paths.lua" <<'PY'
import sys, urllib.parse
queries = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w") as out:
    out.write("paths = {\n")
    for q in queries:
        out.write('  "/api/search?q=%s",\n' % urllib.parse.quote(q))
    out.write("}\ni = 0\nrequest = function()\n  i = i % #paths + 1\n"
              "  return wrk.format(\"GET\", paths[i])\nend\n")
PY

serve_args=()
if [ "${SERVE_LOAD_SECURED:-0}" = 1 ]; then
  key=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
  metrics_key=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
  printf 'search %s\nmetrics %s\n' "$key" "$metrics_key" > "$work/keys"
  chmod 600 "$work/keys"
  serve_args=(--keys "$work/keys" --access-log "$work/access.log" --metrics key)
  sed -i "s|return wrk.format(\"GET\", paths\[i\])|return wrk.format(\"GET\", paths[i], {[\"Authorization\"] = \"Bearer $key\"})|" \
    "$work/paths.lua"
fi

"$bahth" serve --db "$work/db" --threads 2 --port 0 "${serve_args[@]}" > "$work/serve.out" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
url=${url%/}

run_wrk() {  # label
  local scraper=
  if [ "${SERVE_LOAD_SECURED:-0}" = 1 ]; then
    (for _ in $(seq "$seconds"); do
       curl -sf -H "Authorization: Bearer $metrics_key" "$url/metrics" > /dev/null || echo "metrics scrape failed" >&2
       sleep 1
     done) &
    scraper=$!
  fi
  wrk -t2 -c8 -d"${seconds}s" --latency -s "$work/paths.lua" "$url" > "$work/wrk.out"
  [ -n "$scraper" ] && wait "$scraper"
  python3 - "$1" "$work/wrk.out" <<'PY'
import re, sys
label, text = sys.argv[1], open(sys.argv[2]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
def pct(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+\w+)" % p, text, re.M)
    return m.group(1) if m else "?"
total = re.search(r"(\d+) requests in", text).group(1)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: (.*)", text)
errors = (int(non2xx.group(1)) if non2xx else 0)
print(f"| {label} | {float(rps):.0f} | {pct(50)} | {pct(99)} | {total} | {errors} non-2xx"
      + (f"; socket errors: {sock.group(1)}" if sock else "") + " |")
PY
}

echo
echo "| run | requests/s | p50 | p99 | requests | errors |"
echo "|---|---|---|---|---|---|"
run_wrk "serve, idle index"
if [ "${SERVE_LOAD_SECURED:-0}" = 1 ]; then
  echo "(access log: $(wc -l < "$work/access.log") lines; key in it: $(grep -c "$key" "$work/access.log" || true))"
fi
[ "${SERVE_LOAD_IDLE_ONLY:-0}" = 1 ] && exit 0
# Fresh ids so every article is new and the index really grows while it is searched.
python3 - "$extra" "$work/fresh.jsonl" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as src, open(sys.argv[2], "w") as out:
    for n, line in enumerate(src):
        record = json.loads(line)
        record["id"] = "fresh/%d" % n
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
PY
"$bahth" index --quiet --batch 500 --db "$work/db" "$work/fresh.jsonl" &
indexer=$!
run_wrk "serve, \`bahth index\` committing every 500 articles"
if kill -0 "$indexer" 2>/dev/null; then still="still running"; else still="finished"; fi
kill "$indexer" 2>/dev/null || true
wait "$indexer" 2>/dev/null || true
indexer=
echo "(the index run was $still when wrk stopped; $("$bahth" stats --db "$work/db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])') articles then)"

# One process per query, two at a time (2 cores), over the same list, repeated for ~as many.
repeat=10
for _ in $(seq $repeat); do cat "$work/queries.txt"; done > "$work/many.txt"
count=$(wc -l < "$work/many.txt")
start=$(date +%s.%N)
tr '\n' '\0' < "$work/many.txt" |
  xargs -0 -P2 -I{} "$bahth" search --db "$work/db" --json {} > /dev/null
end=$(date +%s.%N)
python3 -c "
c, s = $count, $end - $start
print(f'| one \`bahth search --json\` process per query, 2 at a time | {c / s:.0f} | – | – | {c} | – |')"
