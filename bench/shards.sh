#!/usr/bin/env bash
# Scaling out, in one run on both corpora of ../shared/data (30,758 articles, --stemmer light):
#   - indexing with --shards 1, 2 and 4: articles/s, MB/s of uncompressed input, peak RSS and
#     index size (--threads left at its default: one per core);
#   - search latency over bench/queries.txt (through bahth::Searcher, bench/search_latency):
#     one database, the 2 shards opened locally through their stub, and the same 2 shards
#     served by two xapian-tcpsrv processes on 127.0.0.1, listed in a stub as `remote HOST:PORT`.
#
#   bench/shards.sh [BUILD_DIR] [CORPUS...]        (default build/release; both corpora)
# Timings are figures to report, never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shift || true
bahth=$build/bahth
latency=$build/bench/search_latency
for tool in "$bahth" "$latency"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (cmake --build --preset release)" >&2; exit 1; }
done
command -v xapian-tcpsrv >/dev/null || { echo "xapian-tcpsrv missing: apt-get install xapian-tools" >&2; exit 1; }
shared=../shared/data
if [ $# -gt 0 ]; then
  corpus=("$@")
elif [ -f $shared/bbc-arabic.jsonl.gz ]; then
  corpus=("$shared/bbc-arabic.jsonl.gz" "$shared/ant-other-arabic-news.jsonl.gz")
else
  echo "../shared/data is absent: measuring the bundled sample only" >&2
  corpus=(data/bbc-arabic-sample.jsonl.gz)
fi
work=$(mktemp -d)
servers=()
cleanup() {
  # xapian-tcpsrv runs in a session of its own (setsid): stop its process group, by its id.
  for pid in "${servers[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f", a/b; else print "-" }'; }
timed() {  # prints "seconds peak_mb"
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$work/time"
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

raw_mb=$(zcat -f "${corpus[@]}" | wc -c | awk '{printf "%.1f", $1/1e6}')
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%d); input ${raw_mb} MB uncompressed"
printf '\n| shards | articles | s | articles/s | MB/s | peak RSS MB | index MB |\n'
printf '|---|---|---|---|---|---|---|\n'
for shards in 1 2 4; do
  db=$work/db-$shards
  read -r secs rss < <(timed "$bahth" index --quiet --db "$db" --shards "$shards" "${corpus[@]}")
  articles=$("$bahth" stats --db "$db" --json | sed -n 's/.*"documents": \([0-9]*\).*/\1/p')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$shards" "$articles" "$secs" \
    "$(ratio "$articles" "$secs")" "$(ratio "$raw_mb" "$secs")" "$rss" "$(du -sm "$db" | cut -f1)"
done

# Two shards served over TCP on loopback, listed in a stub file of their own.
stub=$work/remote.stub
: >"$stub"
for i in 0 1; do
  port=$(free_port)
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$work/db-2/shard-$i" \
    >/dev/null 2>&1 &
  servers+=($!)
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
  echo "remote 127.0.0.1:$port" >>"$stub"
done

printf '\n| search (%s queries × 5) | p50 ms | p95 ms | mean ms |\n' "$(grep -vc '^#' bench/queries.txt)"
printf '|---|---|---|---|\n'
for layout in "one database:$work/db-1" "2 shards, local stub:$work/db-2" \
  "2 shards, remote (xapian-tcpsrv, loopback):$stub"; do
  name=${layout%%:*}
  path=${layout#*:}
  lat=$("$latency" --db "$path" --queries bench/queries.txt --repeat 5)
  p50=$(echo "$lat" | sed 's/.* p50_ms=\([0-9.]*\).*/\1/')
  p95=$(echo "$lat" | sed 's/.* p95_ms=\([0-9.]*\).*/\1/')
  mean=$(echo "$lat" | sed 's/.* mean_ms=\([0-9.]*\).*/\1/')
  printf '| %s | %s | %s | %s |\n' "$name" "$p50" "$p95" "$mean"
done
