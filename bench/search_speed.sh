#!/usr/bin/env bash
# Search speed on both corpora of ../shared/data (30,758 articles, --stemmer light):
#   - per-query latency inside one process (p50/p95/p99, with and without snippets, and without
#     near-duplicate collapsing) over a fixed
#     list of realistic queries: 300 BBC article titles and 300 ARCD questions (seeded sample);
#   - the latency the search features add: --facets, a date range in each query
#     ("QUERY 2018-03..2018-06"), and related articles (--like) for 300 random article ids;
#   - wall time of whole processes: `bahth search` against Xapian's `quest` on the same database
#     and the same 100 queries, one process per query, in the same run;
#   - the CPU time of a whole process beside quest's (bench/process_cpu.sh: perf stat -r 20,
#     alternated rounds), on this index and on the BBC corpus's alone.
#
#   bench/search_speed.sh [BUILD_DIR]      (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bahth=$build/bahth
latency=$build/bench/search_latency
shared=../shared/data
[ -x "$bahth" ] && [ -x "$latency" ] || { echo "build first: cmake --build --preset release" >&2; exit 1; }
command -v quest >/dev/null || { echo "quest is missing: apt-get install xapian-tools" >&2; exit 1; }
[ -f $shared/bbc-arabic.jsonl.gz ] || { echo "../shared/data is absent; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$shared" "$work/queries.txt" "$work/ids.txt" <<'PY'
import gzip, json, random, sys
shared, out, ids_out = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(20181020)
titles = [json.loads(l)["title"] for l in gzip.open(f"{shared}/bbc-arabic.jsonl.gz", "rt", encoding="utf-8")]
questions = [l.split("\t", 1)[1].strip() for l in open(f"{shared}/dev-eval/arcd_queries.tsv", encoding="utf-8") if "\t" in l]
picked = random.sample([t for t in titles if t.strip()], 300) + random.sample(questions, 300)
with open(out, "w", encoding="utf-8") as f:
    for q in picked:
        f.write(q.replace("\n", " ") + "\n")
ids = [json.loads(l)["id"] for name in ("bbc-arabic", "ant-other-arabic-news")
       for l in gzip.open(f"{shared}/{name}.jsonl.gz", "rt", encoding="utf-8")]
with open(ids_out, "w", encoding="utf-8") as f:
    for i in random.sample([i for i in ids if i], 300):
        f.write(i + "\n")
PY
sed 's/$/ 2018-03..2018-06/' "$work/queries.txt" > "$work/ranged.txt"

db=$work/db
"$bahth" index --quiet --db "$db" "$shared/bbc-arabic.jsonl.gz" "$shared/ant-other-arabic-news.jsonl.gz"
echo "index: $("$bahth" stats --db "$db" --json | sed -n 's/.*"documents": \([0-9]*\).*/\1/p') articles, --stemmer light"
echo "in-process, with snippets:    $("$latency" --db "$db" --queries "$work/queries.txt" --repeat 3)"
echo "in-process, without snippets: $("$latency" --db "$db" --queries "$work/queries.txt" --repeat 3 --no-snippets)"
# Near-duplicate collapsing is on by default; --duplicates turns it off (what it costs).
echo "in-process, with snippets, --duplicates (no collapsing): $("$latency" --db "$db" --queries "$work/queries.txt" --repeat 3 --duplicates)"
echo "in-process, --facets:         $("$latency" --db "$db" --queries "$work/queries.txt" --repeat 3 --facets)"
echo "in-process, + date range:     $("$latency" --db "$db" --queries "$work/ranged.txt" --repeat 3)"
echo "in-process, --like ID:        $("$latency" --db "$db" --queries "$work/ids.txt" --repeat 3 --like)"
echo "in-process, --like, --facets: $("$latency" --db "$db" --queries "$work/ids.txt" --repeat 3 --like --facets)"

head -n 100 "$work/queries.txt" > "$work/q100.txt"
wall() {  # wall seconds of running "$@" QUERY once per query
  local start end
  start=$(date +%s.%N)
  while IFS= read -r q; do "$@" "$q" >/dev/null 2>&1 || true; done < "$work/q100.txt"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}'
}
bahth_wall=$(wall "$bahth" search --db "$db" -n 10)
quest_wall=$(wall quest -d "$db" -m 10)
echo "100 processes: bahth search ${bahth_wall} s, quest ${quest_wall} s" \
  "($(awk -v a="$bahth_wall" -v b="$quest_wall" 'BEGIN{printf "%.2f", a/b}')x quest)"
echo "a whole search process, CPU, $(bench/process_cpu.sh "$db" "$bahth")"
"$bahth" index --quiet --db "$work/bbc" "$shared/bbc-arabic.jsonl.gz"
echo "the same on the BBC index (4,220 articles): $(bench/process_cpu.sh "$work/bbc" "$bahth")"
