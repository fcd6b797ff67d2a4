# The pieces bench/live_updates.sh (bahth) and bench/lucene_live.sh (Lucene 8) share, so both
# engines take the same articles and are timed the same way (issue #26). Sourced; needs $work
# (a scratch folder) and $label set.

# live_inputs: one.jsonl, new.jsonl, hundred.jsonl and replace.jsonl in $work, from the BBC dump
# (or the bundled sample).
live_inputs() {
  local data
  data=$(dirname "${BASH_SOURCE[0]}")/../../shared/data/bbc-arabic.jsonl.gz
  [[ -f $data ]] || data=$(dirname "${BASH_SOURCE[0]}")/../data/bbc-arabic-sample.jsonl.gz
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
}

# live_old_id BAHTH INDEX: the id of an article INDEX holds, for delete1old: the BBC dump's first
# article when INDEX has it (both corpora), else the first result of a search for في (the
# 200,000 synthetic articles). Read from INDEX itself, never from the copy the rounds change.
live_old_id() {
  local data first
  data=$(dirname "${BASH_SOURCE[0]}")/../../shared/data/bbc-arabic.jsonl.gz
  [[ -f $data ]] || data=$(dirname "${BASH_SOURCE[0]}")/../data/bbc-arabic-sample.jsonl.gz
  first=$(zcat "$data" | head -n 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  if "$1" show --db "$2" "$first" >/dev/null 2>&1; then
    echo "$first"
    return
  fi
  "$1" search --db "$2" --json -n 1 في | python3 -c '
import json, sys
print(json.load(sys.stdin)["results"][0]["id"])'
}

# Wall and CPU (user + system, from the child's rusage: /usr/bin/time rounds to 10 ms) in ms, and
# the CPU a program reports of its own work (Lucene's op_cpu_ms=, the JVM's start left out).
live_run() {
  local op=$1; shift
  work=$work python3 - "$label" "$op" "$@" 2>"$work/err" <<'PY'
import os, sys, time
label, op, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    fd = os.open(os.environ["work"] + "/out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.execvp(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
wall = (time.monotonic() - start) * 1000
cpu = (usage.ru_utime + usage.ru_stime) * 1000
own = ""
with open(os.environ["work"] + "/out") as out:
    for word in out.read().split():
        if word.startswith("op_cpu_ms="):
            own = "  its own work: cpu %s ms" % word.split("=", 1)[1]
print("%s %-9s wall %7.1f ms  cpu %6.1f ms (user %6.1f)  rc=%d%s" %
      (label, op, wall, cpu, usage.ru_utime * 1000, os.waitstatus_to_exitcode(status), own))
PY
}

# live_restore SRC DST: DST given SRC's bytes back, each file compared 64 KB at a time and
# what differs rewritten (cheaper than a fresh copy of a big index).
live_restore() {
  python3 - "$1" "$2" <<'PY'
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
