#!/bin/bash
# CPU and wall time of the small runs a live index takes (issue #26): add 1 article, add 100,
# replace 1, delete 1, and a rerun that changes nothing, each on its own copy of a built index.
#
#   [ROUNDS=N] bench/live_updates.sh INDEX BAHTH [LABEL]
#
# ROUNDS (default 1) repeats the five runs, each round on a fresh copy, for a shared machine.
# INDEX is a built index (e.g. `bahth index --db /tmp/both ../shared/data/*.jsonl.gz`); its
# first article (by the BBC dump) is replaced, and 101 copies of articles under new ids are
# added. A BAHTH without `delete` prints rc=2 for that row.
set -u
index=$1 bin=$2 label=${3:-$(basename "$bin")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$(dirname "$0")/../../shared/data/bbc-arabic.jsonl.gz
[[ -f $data ]] || data=$(dirname "$0")/../data/bbc-arabic-sample.jsonl.gz
zcat "$data" | head -n 101 | python3 -c '
import json, sys
rows = [json.loads(line) for line in sys.stdin]
def write(name, articles):
    with open(sys.argv[1] + "/" + name, "w") as out:
        for a in articles: out.write(json.dumps(a, ensure_ascii=False) + "\n")
write("one.jsonl", [dict(rows[0], id="live-new-0")])
write("hundred.jsonl", [dict(a, id="live-new-%d" % i, title="خبر " + a.get("title", ""))
                        for i, a in enumerate(rows[1:101], 1)])
write("replace.jsonl", [dict(rows[0], body=rows[0].get("body", "") + "\nتصحيح: عدلت هذه المادة.")])
' "$work"
run() {
  local op=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err"
  local rc=$? w u s
  read -r w u s <"$work/time" || true
  [[ $w =~ ^[0-9.]+$ ]] || { w=0 u=0 s=0; }
  printf '%s %-9s wall %6.2f s  cpu %5.2f s  rc=%d\n' "$label" "$op" "$w" \
    "$(python3 -c "print($u + $s)")" "$rc"
}
for ((round = 1; round <= ${ROUNDS:-1}; ++round)); do
  rm -rf "$work/db"
  cp -a "$index" "$work/db"
  sync
  run add1 "$bin" index -q --db "$work/db" "$work/one.jsonl"
  run add100 "$bin" index -q --db "$work/db" "$work/hundred.jsonl"
  run replace1 "$bin" index -q --db "$work/db" "$work/replace.jsonl"
  run delete1 "$bin" delete -q --db "$work/db" live-new-50
  run unchanged "$bin" index -q --db "$work/db" "$work/one.jsonl"
done
