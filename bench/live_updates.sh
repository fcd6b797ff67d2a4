#!/bin/bash
# CPU and wall time of the small runs a live index takes (issue #26): add 1 article, add 100,
# replace 1, delete 1, and a rerun that changes nothing, on a copy of a built index.
#
#   [ROUNDS=N] bench/live_updates.sh INDEX BAHTH [LABEL]
#
# CPU is user + system time (the system time includes the commits' copying into the page
# cache and their fsync). ROUNDS (default 1) repeats the runs, for a shared machine. INDEX is
# copied once per run (1.9 GB at 200,000 articles, and this file system has no reflinks), and
# before each later round the copy is given INDEX's bytes back, untimed: the blocks a round's
# commits changed are rewritten from INDEX (Xapian's glass tables write a commit into a few new
# blocks), files INDEX lacks removed. Every round so runs on the bytes of INDEX, as when each
# had a fresh copy, and their figures compare with each other and with earlier runs'. (Deleting
# what a round added would leave the articles but not the index: the changes counted since the
# spelling variants were learned add up, and a later round relearned them: bench/HISTORY.md,
# polish8.) INDEX is a built index (e.g. `bahth index --db /tmp/both
# ../shared/data/*.jsonl.gz`). add1 adds the BBC dump's first article under a new id (where the
# index holds the dump, a copy: a near-duplicate group forms); add1new an article of no group
# (that article's body words in reverse); add100 100 more copies under new ids; replace1
# replaces one of those (a correction appended), delete1 deletes another.
# A BAHTH without `delete` prints rc=2 for that row.
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
write("new.jsonl", [dict(rows[0], id="live-story", body=" ".join(reversed(rows[0].get("body", "").split())))])
write("hundred.jsonl", [dict(a, id="live-new-%d" % i, title="خبر " + a.get("title", ""))
                        for i, a in enumerate(rows[1:101], 1)])
write("replace.jsonl", [dict(rows[7], id="live-new-7",
                              title="خبر " + rows[7].get("title", ""),
                              body=rows[7].get("body", "") + "\nتصحيح: عدلت هذه المادة.")])
' "$work"
# Wall and CPU (user + system, from the child's rusage: /usr/bin/time rounds to 10 ms) in ms.
run() {
  local op=$1; shift
  python3 - "$label" "$op" "$@" 2>"$work/err" <<'PY'
import os, sys, time
label, op, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.execvp(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
wall = (time.monotonic() - start) * 1000
cpu = (usage.ru_utime + usage.ru_stime) * 1000
print("%s %-9s wall %7.1f ms  cpu %6.1f ms (user %6.1f)  rc=%d" %
      (label, op, wall, cpu, usage.ru_utime * 1000, os.waitstatus_to_exitcode(status)))
PY
}
# The copy given INDEX's bytes back: each file compared 64 KB at a time, rewriting what differs.
restore() {
  python3 - "$index" "$work/db" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for root, dirs, files in os.walk(dst, topdown=False):
    rel = os.path.relpath(root, dst)
    for name in files:
        if not os.path.isfile(os.path.join(src, rel, name)):
            os.remove(os.path.join(root, name))
    for name in dirs:
        if not os.path.isdir(os.path.join(src, rel, name)):
            os.rmdir(os.path.join(root, name))
for root, dirs, files in os.walk(src):
    rel = os.path.relpath(root, src)
    os.makedirs(os.path.join(dst, rel), exist_ok=True)
    for name in files:
        target = os.path.join(dst, rel, name)
        with open(os.path.join(root, name), "rb") as a, \
                open(target, "r+b" if os.path.exists(target) else "w+b") as b:
            offset = 0
            while chunk := a.read(1 << 16):
                if b.read(len(chunk)) != chunk:
                    b.seek(offset)
                    b.write(chunk)
                offset += len(chunk)
                b.seek(offset)
            b.truncate(offset)
PY
}
cp -a "$index" "$work/db"
for ((round = 1; round <= ${ROUNDS:-1}; ++round)); do
  ((round == 1)) || restore
  sync
  run add1 "$bin" index -q --db "$work/db" "$work/one.jsonl"
  run add1new "$bin" index -q --db "$work/db" "$work/new.jsonl"
  run add100 "$bin" index -q --db "$work/db" "$work/hundred.jsonl"
  run replace1 "$bin" index -q --db "$work/db" "$work/replace.jsonl"
  run delete1 "$bin" delete -q --db "$work/db" live-new-50
  run unchanged "$bin" index -q --db "$work/db" "$work/one.jsonl"
done
