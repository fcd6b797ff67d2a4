#!/bin/bash
# `bahth index --watch`: time from a file's close to its article being searchable, and the
# watch's CPU per file of one article (bench/watch_latency.cc), on a copy of a built index.
#
#   bench/watch_latency.sh INDEX BAHTH WATCH_LATENCY [FILES]
#
# INDEX is a built index (e.g. `bahth index --db /tmp/bbc ../shared/data/bbc-arabic.jsonl.gz`);
# WATCH_LATENCY is build/release/bench/watch_latency. FILES (default 20) files of one article
# each (BBC articles under new ids) are dropped one at a time.
set -u
index=$1 bin=$2 probe=$3 files=${4:-20}
work=$(mktemp -d)
trap '[[ -n ${pid:-} ]] && kill -INT $pid 2>/dev/null; rm -rf "$work"' EXIT
data=$(dirname "$0")/../../shared/data/bbc-arabic.jsonl.gz
[[ -f $data ]] || data=$(dirname "$0")/../data/bbc-arabic-sample.jsonl.gz
zcat "$data" | tail -n "$files" | python3 -c '
import json, sys
for i, line in enumerate(sys.stdin):
    a = json.loads(line)
    a["id"] = "watch-bench-%d" % i
    print(json.dumps(a, ensure_ascii=False))
' >"$work/articles.jsonl"
cp -a "$index" "$work/db"
mkdir "$work/in"
sync
"$bin" index --db "$work/db" --watch "$work/in" 2>"$work/log" &
pid=$!
until grep -q 'Ctrl-C stops' "$work/log"; do sleep 0.05; done
"$probe" --db "$work/db" --dir "$work/in" --log "$work/log" --pid "$pid" \
  --articles "$work/articles.jsonl"
# The baseline in the same run: the watch stopped, the same kind of file given to one `bahth
# index` run each (what a cron job or a script per file costs).
kill -INT $pid
wait $pid
pid=
zcat "$data" | head -n 5 | python3 -c '
import json, sys
for i, line in enumerate(sys.stdin):
    a = json.loads(line)
    a["id"] = "index-bench-%d" % i
    print(json.dumps(a, ensure_ascii=False), file=open(sys.argv[1] + "/one%d.jsonl" % i, "w"))
' "$work"
for i in 0 1 2 3 4; do
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$bin" index -q --db "$work/db" "$work/one$i.jsonl"
  read -r w u s <"$work/time"
  echo "bahth index of 1 article: wall $w s, CPU $(python3 -c "print(round($u + $s, 2))") s"
done
