#!/bin/bash
# Live writes through an in-memory segment and a log (issue #26, bench/HISTORY.md), beside
# `bahth index` of the same articles, alternated: whole-process CPU (user + system, from the
# child's rusage) and the probe's own step figures.
#
#   [ROUNDS=N] bench/segment_probe.sh INDEX BAHTH PROBE WORK ONE.jsonl HUNDRED.jsonl
#
# Each round: `bahth index` of ONE then of HUNDRED into a fresh copy of INDEX (as
# live_updates.sh's add1 and add100), and `segment_probe add` of each (the full documents, and
# the deferred ones, the log alone), logging into WORK; INDEX itself is only read by the probe.
set -u
index=$1 bin=$2 probe=$3 work=$4 one=$5 hundred=$6
run() {
  local label=$1; shift
  python3 - "$label" "$@" <<'PY'
import os, sys, time
label, argv = sys.argv[1], sys.argv[2:]
start = time.monotonic()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.dup2(w, 1)
    os.execvp(argv[0], argv)
os.close(w)
out = os.read(r, 1 << 20).decode().strip()
_, status, usage = os.wait4(pid, 0)
wall = (time.monotonic() - start) * 1000
cpu = (usage.ru_utime + usage.ru_stime) * 1000
print("%-22s process cpu %6.1f ms (user %6.1f) wall %7.1f rc=%d  %s" %
      (label, cpu, usage.ru_utime * 1000, wall, os.waitstatus_to_exitcode(status), out))
PY
}
for ((round = 1; round <= ${ROUNDS:-5}; ++round)); do
  echo "== round $round"
  rm -rf "$work/db" "$work"/log*
  cp -a "$index" "$work/db"
  sync
  run "bahth add1" "$bin" index -q --db "$work/db" "$one"
  run "segment add1" "$probe" add "$index" "$one" "$work/log1"
  run "segment add1 deferred" "$probe" add "$index" "$one" "$work/log1d" --deferred
  run "segment add1 logonly" "$probe" add "$index" "$one" "$work/log1o" --log-only
  run "bahth add100" "$bin" index -q --db "$work/db" "$hundred"
  run "segment add100" "$probe" add "$index" "$hundred" "$work/log100"
  run "segment add100 deferred" "$probe" add "$index" "$hundred" "$work/log100d" --deferred
  run "segment add100 doclog" "$probe" add "$index" "$hundred" "$work/log100x" --deferred \
    --log documents
  run "segment add100 logonly" "$probe" add "$index" "$hundred" "$work/log100o" --log-only
done
rm -rf "$work/db"
