#!/usr/bin/env bash
# Keeps a read replica of a bahth index with Xapian's own replication, once, on loopback:
#   1. index part of the sample into a master, with XAPIAN_MAX_CHANGESETS set so that every
#      commit also writes a changeset for replicas;
#   2. serve the masters' parent directory with xapian-replicate-server;
#   3. xapian-replicate makes a replica (a full copy the first time), bahth searches it, and
#      the results must equal the master's;
#   4. index the rest into the master, replicate again (changesets only), compare again.
#
#   bench/replication.sh [BUILD_DIR]     (default build/release); exit 0 when the replica agrees
set -euo pipefail
cd "$(dirname "$0")/.."
bahth=${1:-build/release}/bahth
[ -x "$bahth" ] || { echo "missing $bahth: build first" >&2; exit 1; }
for tool in xapian-replicate xapian-replicate-server; do
  command -v $tool >/dev/null || { echo "$tool missing: apt-get install xapian-tools" >&2; exit 1; }
done
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

zcat data/bbc-arabic-sample.jsonl.gz >"$work/all.jsonl"
head -n 200 "$work/all.jsonl" >"$work/first.jsonl"
masters=$work/masters          # what the server offers: every database under this directory
replica=$work/replica          # a replica is a directory with a stub (XAPIANDB) and a copy
mkdir -p "$masters"
export XAPIAN_MAX_CHANGESETS=10  # the writer keeps this many changesets for replicas to fetch

"$bahth" index --quiet --db "$masters/news" "$work/first.jsonl"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid xapian-replicate-server --interface 127.0.0.1 --port "$port" "$masters" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

compare() {  # the same ids and scores from the master and from the replica
  local query
  for query in "سوريا" "الرئيس الأمريكي" "النفط OR الاقتصاد"; do
    "$bahth" search --json -n 50 --db "$masters/news" "$query" | python3 -c \
      'import json,sys; print([(h["id"], round(h["score"], 6)) for h in json.load(sys.stdin)["results"]])' >"$work/a"
    "$bahth" search --json -n 50 --db "$replica" "$query" | python3 -c \
      'import json,sys; print([(h["id"], round(h["score"], 6)) for h in json.load(sys.stdin)["results"]])' >"$work/b"
    cmp -s "$work/a" "$work/b" || { echo "replica differs from the master for: $query" >&2; exit 1; }
  done
  echo "$1: master $("$bahth" stats --json --db "$masters/news" | sed -n 's/.*"documents": \([0-9]*\).*/\1/p') documents," \
    "replica $("$bahth" stats --json --db "$replica" | sed -n 's/.*"documents": \([0-9]*\).*/\1/p');" \
    "search results identical"
}

xapian-replicate --host 127.0.0.1 --port "$port" --master news --one-shot --quiet "$replica"
compare "first replication (full copy)"

"$bahth" index --quiet --db "$masters/news" "$work/all.jsonl"
xapian-replicate --host 127.0.0.1 --port "$port" --master news --one-shot --verbose "$replica" \
  2>&1 | tail -n 3
compare "second replication (changesets)"
