#!/usr/bin/env bash
# Retrieval quality of each --stemmer (light, snowball, none), same binary, same run:
#   1. ARCD as a retrieval task (../shared/data/dev-eval): index the 415 passages, run the 1,395
#      questions through `bahth eval`, and print one markdown table beside the reference figures
#      of other engines from dev-eval/README.md.
#   2. Known-item search: 500 BBC Arabic articles (a fixed, seeded sample of those with a
#      `summary`), each summary used as a query that should find its own article, over
#      bbc-arabic plus ant-other-arabic-news as distractors (~30.8k articles).
# Each stemmer is scored as `bahth search` runs (near-duplicates folded) and with --duplicates
# (every document ranked on its own, as the reference engines and TREC judgements assume).
#
#   bench/relevance.sh [BAHTH_BINARY]     (default build/release/bahth; run from anywhere)
#
# STEMMERS="light" measures fewer stemmers; INDEX_ARGS="--synonyms data/synonyms-ar-news.txt"
# gives every index those options (paths relative to the repository's top folder).
#
# Then the speed of the same binary in the same run, so that a change that costs speed shows
# beside the relevance it buys: each index's and evaluation's CPU time, a whole `bahth search`
# process against Xapian's `quest` (CPU, bench/process_cpu.sh, and user-space instructions,
# bench/process_instructions.sh with valgrind, on the known-item light index, when quest is
# installed) and analysis MB/s against TermGenerator + Snowball (bench/analysis_bench,
# when it is built beside the binary).
#
# Needs python3. Skips with a message when ../shared/data is absent. The three stemmers run at
# once. About 2 minutes on 2 cores, most of it indexing the known-item corpus three times.
set -euo pipefail
shopt -s inherit_errexit
bahth=
if [ $# -gt 0 ]; then bahth=$(realpath -- "$1"); fi
cd "$(dirname "$0")/.."
bahth=${bahth:-build/release/bahth}
[ -x "$bahth" ] || { echo "no bahth at $bahth: build first (cmake --build --preset release)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
shared=../shared/data
dev=$shared/dev-eval
if [ ! -f "$dev/arcd_docs.jsonl.gz" ]; then
  echo "../shared/data is absent: no relevance data to measure on; skipped" >&2
  exit 0
fi
stemmers=(${STEMMERS:-light snowball none})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# cpu_of FILE COMMAND...: runs COMMAND (output as it is) and writes its CPU seconds (user +
# system, children included) to FILE; returns COMMAND's status.
cpu_of() {
  local file=$1
  shift
  python3 -c '
import resource, subprocess, sys
status = subprocess.run(sys.argv[2:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"{usage.ru_utime + usage.ru_stime:.3f}\n")
sys.exit(status)' "$file" "$@"
}

# evaluate NAME SUFFIX ARGS...: `bahth eval --json ARGS...` on the index $work/NAME into
# $work/NAME.SUFFIX.json (messages in .err). Fails loudly, with the messages, when it fails.
evaluate() {
  local name=$1 suffix=$2
  shift 2
  local out=$work/$name.$suffix.json
  if ! cpu_of "$out.cpu" "$bahth" eval --json --db "$work/$name" "$@" >"$out" 2>"$out.err"; then
    echo "bahth eval $* on $name failed:" >&2
    cat "$out.err" >&2
    return 1
  fi
}

# measure NAME STEMMER QUERIES QRELS INPUT...: indexes INPUT... with --stemmer STEMMER into
# $work/NAME, runs `bahth eval` as `bahth search` runs (NAME.default.json) and with every
# near-duplicate ranked on its own (--duplicates, NAME.duplicates.json; and for light,
# `eval --expand` into NAME.expand.json), writes the analyzer's name to $work/NAME.analyzer, then
# removes the index. Fails loudly, with the log, when a step fails.
measure() {
  local name=$1 stemmer=$2 queries=$3 qrels=$4
  shift 4
  local db=$work/$name
  # shellcheck disable=SC2086  # INDEX_ARGS: options for every index, word-split on purpose
  if ! cpu_of "$db.index.cpu" "$bahth" index --quiet --db "$db" --stemmer "$stemmer" \
    ${INDEX_ARGS:-} "$@" >"$db.log" 2>&1; then
    echo "bahth index --stemmer $stemmer failed:" >&2
    cat "$db.log" >&2
    return 1
  fi
  local judged=(--queries "$queries" --qrels "$qrels")
  evaluate "$name" default "${judged[@]}"
  evaluate "$name" duplicates --duplicates "${judged[@]}"
  if [ "$stemmer" = light ]; then evaluate "$name" expand --expand "${judged[@]}"; fi
  analyzer_of "$db" >"$db.analyzer"
  [ "$name" = ki-light ] || rm -rf "$db"  # kept for the search processes' timing
}

# Runs measure for every stemmer at once (evaluation is single-threaded; this keeps both cores
# busy) and prints the table rows. Usage: measure_all PREFIX QUERIES QRELS INPUT...
measure_all() {
  local prefix=$1
  shift
  local pids=() stemmer
  for stemmer in "${stemmers[@]}"; do
    measure "$prefix-$stemmer" "$stemmer" "$@" &
    pids+=($!)
  done
  local pid
  for pid in "${pids[@]}"; do wait "$pid"; done
  local args=()
  local run label
  for stemmer in "${stemmers[@]}"; do
    for run in default duplicates expand; do
      [ -f "$work/$prefix-$stemmer.$run.json" ] || continue
      label="bahth --stemmer $stemmer"
      [ "$run" = default ] || label+=" --$run"
      args+=("$label" "$(cat "$work/$prefix-$stemmer.analyzer")" "$work/$prefix-$stemmer.$run.json")
    done
  done
  rows "${args[@]}"
}

# One markdown row per eval JSON: | label | analyzer | MRR@10 | nDCG@10 | Success@10 |
# Recall@100 | MAP | queries (skipped, failed) |
rows() {
  python3 - "$@" <<'PY'
import json, sys
args = sys.argv[1:]
for label, analyzer, path in zip(args[0::3], args[1::3], args[2::3]):
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    m = r["metrics"]
    cells = [f"{m[k]:.3f}" for k in ("MRR@10", "nDCG@10", "Success@10", "Recall@100", "MAP")]
    counts = f'{r["queries"]} ({r["skipped_without_judgements"]} unjudged, {r["failed"]} failed)'
    print(f"| {label} | {analyzer} | " + " | ".join(cells) + f" | {counts} |")
PY
}

analyzer_of() {
  "$bahth" stats --json --db "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["analyzer"])'
}

# The reference rows of dev-eval/README.md, by column name (they have no MAP).
reference_rows() {
  python3 - "$dev/README.md" <<'PY'
import sys
header = None
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    if not line.startswith("|"):
        header = None
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if cells[0] == "system" and "MRR@10" in cells:
        header = cells
    elif header is not None and not set(line) <= set("|-: "):
        row = dict(zip(header, cells))
        get = lambda k: row.get(k, "–")
        print(f"| {get('system')} (reference) | – | {get('MRR@10')} | {get('nDCG@10')} | "
              f"{get('Success@10')} | {get('Recall@100')} | – | |")
PY
}

table_head() {
  echo "| run | analyzer | MRR@10 | nDCG@10 | Success@10 | Recall@100 | MAP | queries |"
  echo "|---|---|---|---|---|---|---|---|"
}

echo "bahth: $("$bahth" --version) ($bahth); machine: $(nproc) cores"

# ---- 1. ARCD ----
arcd_rows=$(measure_all arcd "$dev/arcd_queries.tsv" "$dev/arcd_qrels.tsv" \
  "$dev/arcd_docs.jsonl.gz")
printf '\n### ARCD (415 passages, 1,395 questions)\n\n'
table_head
echo "$arcd_rows"
reference_rows
echo
echo "ARCD holds overlapping passages (a passage that repeats the opening of another): \`bahth search\`"
echo "folds them as near-duplicates, which can hide the judged one; --duplicates ranks every passage,"
echo "as the reference engines do."

# ---- 2. Known-item search with BBC summaries ----
bbc=$shared/bbc-arabic.jsonl.gz
others=$shared/ant-other-arabic-news.jsonl.gz
if [ ! -f "$bbc" ]; then
  echo "$bbc is absent: known-item check skipped" >&2
  exit 0
fi
corpus=("$bbc")
distractors="none"
if [ -f "$others" ]; then
  corpus+=("$others")
  distractors="ant-other-arabic-news"
fi
python3 - "$bbc" "$work/ki_queries.tsv" "$work/ki_qrels.tsv" <<'PY'
import gzip, json, random, sys
source, queries_path, qrels_path = sys.argv[1:]
with gzip.open(source, "rt", encoding="utf-8") as f:
    rows = [json.loads(line) for line in f if line.strip()]
candidates = sorted(
    (r for r in rows if (r.get("summary") or "").strip() and r.get("id")), key=lambda r: r["id"])
sample = random.Random(20180218).sample(candidates, min(500, len(candidates)))
with open(queries_path, "w", encoding="utf-8") as q, open(qrels_path, "w", encoding="utf-8") as j:
    for n, r in enumerate(sample, 1):
        qid = f"ki{n:04d}"
        text = " ".join(r["summary"].split())  # one line, no tabs
        q.write(f"{qid}\t{text}\n")
        j.write(f"{qid} 0 {r['id']} 1\n")
PY
ki_rows=$(measure_all ki "$work/ki_queries.tsv" "$work/ki_qrels.tsv" "${corpus[@]}")
printf '\n### Known-item: 500 BBC summaries as queries (distractors: %s)\n\n' "$distractors"
table_head
echo "$ki_rows"

# ---- 3. Speed, same binary, same run ----
printf '\n### Speed (CPU time, this run; the stemmers index and evaluate at once)\n\n'
echo "| stemmer | ARCD index s | ARCD eval ms/query | known-item index s | known-item eval ms/query |"
echo "|---|---|---|---|---|"
for stemmer in "${stemmers[@]}"; do
  python3 - "$work" "$stemmer" <<'PY'
import json, sys
work, stemmer = sys.argv[1:]
def cpu(path):
    with open(path) as f:
        return float(f.read())
cells = []
for prefix in ("arcd", "ki"):
    base = f"{work}/{prefix}-{stemmer}"
    with open(f"{base}.default.json", encoding="utf-8") as f:
        queries = max(1, json.load(f)["queries"])
    cells += [f"{cpu(base + '.index.cpu'):.1f}", f"{1000 * cpu(base + '.default.json.cpu') / queries:.2f}"]
print(f"| {stemmer} | " + " | ".join(cells) + " |")
PY
done
# A whole process's CPU beside quest's (bench/process_cpu.sh: perf stat -r 20, alternated
# rounds): what a script calling bahth in a loop pays.
ki_light=$work/ki-light
if [ -d "$ki_light" ] && command -v quest >/dev/null; then
  echo
  echo "a whole search process (CPU ms, on the known-item light index):" \
    "$(bench/process_cpu.sh "$ki_light" "$bahth")"
  # The same process in user-space instructions (callgrind), which the machine's load does not
  # move: the loader's share shows here first (issue #30, BAHTH_STATIC_XAPIAN).
  if command -v valgrind >/dev/null; then
    echo "a whole search process (instructions, the same index):" \
      "$(bench/process_instructions.sh "$ki_light" "$bahth")"
  fi
fi
rm -rf "$ki_light"
analysis_bench=$(dirname "$bahth")/bench/analysis_bench
if [ -x "$analysis_bench" ]; then
  echo
  echo "analysis MB/s (analysis_bench on bbc-arabic):"
  "$analysis_bench" --corpus "$bbc" \
    --benchmark_filter='FullAnalysisLight$|FirstPass|XapianTermGeneratorSnowball' 2>/dev/null |
    awk '/^BM_/ {sub(/\/manual_time/, "", $1); sub(/bytes_per_second=/, "", $NF); printf "  %s %s\n", $1, $NF}'
fi
echo
echo "took ${SECONDS} s"
