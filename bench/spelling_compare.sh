#!/usr/bin/env bash
# "Did you mean" of two builds in one run, on the same machine load: the titles given back of
# the 300 misspelled ones, suggestion latency over the 600 real queries and the misspelled titles
# (bench/spelling_latency, the builds taking turns, ROUNDS rounds each, each query asked 3 times
# and its fastest kept, wall and CPU time: on a busy shared machine a single call mostly measures
# whether the process lost its core), and whole `bahth search` processes over the first 100 real
# queries (one process a query, the builds taking turns).
#
#   bench/spelling_compare.sh OLD_BUILD NEW_BUILD INDEX [ROUNDS]
#
# OLD_BUILD, NEW_BUILD: build directories holding bahth and bench/spelling_latency (for the old
# one, e.g. `git worktree add ../old MAIN` and build there); INDEX: both corpora of
# ../shared/data indexed by either build.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 OLD_BUILD NEW_BUILD INDEX [ROUNDS]" >&2; exit 2; }
old=$1 new=$2 db=$3 rounds=${4:-3}
shared=../shared/data
for b in "$old" "$new"; do
  [ -x "$b/bahth" ] && [ -x "$b/bench/spelling_latency" ] || { echo "$b: build bahth and spelling_latency first" >&2; exit 1; }
done
[ -f $shared/bbc-arabic.jsonl.gz ] || { echo "../shared/data is absent; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/spelling_queries.py "$shared" "$work" >/dev/null
for round in $(seq "$rounds"); do
  for b in "$old" "$new"; do
    echo "round $round, $b:"
    "$b/bench/spelling_latency" --db "$db" --queries "$work/real.txt" --show 0 --repeat 3 | sed 's/^/  real: /'
    "$b/bench/spelling_latency" --db "$db" --queries "$work/misspelled.tsv" --show 0 --repeat 3 | sed 's/^/  misspelled: /'
  done
done
head -100 "$work/real.txt" > "$work/real100.txt"
python3 - "$old/bahth" "$new/bahth" "$db" "$work/real100.txt" <<'PY'
import subprocess, sys, time
old, new, db, queries = sys.argv[1:5]
times = {old: [], new: []}
for k, q in enumerate(open(queries, encoding="utf-8").read().splitlines()):
    for b in ((old, new) if k % 2 == 0 else (new, old)):
        start = time.perf_counter()
        subprocess.run([b, "search", "--db", db, "-n", "10", q], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times[b].append((time.perf_counter() - start) * 1000)
for name, b in (("old", old), ("new", new)):
    t = sorted(times[b])
    at = lambda p: t[int(p * (len(t) - 1))]
    print(f"bahth search, {name}: {len(t)} processes, p50 {at(.5):.1f} ms, p95 {at(.95):.1f} ms, p99 {at(.99):.1f} ms")
PY
