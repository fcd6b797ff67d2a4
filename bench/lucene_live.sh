#!/bin/bash
# Lucene 8's cost for issue #26's live runs, beside bench/live_updates.sh's figures for bahth:
# the same articles (bench/live_lib.sh) added, replaced and deleted on a Lucene index of the same
# corpus, one commit a run. Lucene runs as a fresh JVM each time, as `bahth index` is a fresh
# process; each row gives the whole process's CPU and, as "its own work", the CPU from opening
# the IndexWriter to its close (the JVM's start and class loading left out, the JIT still cold).
# Then Lucene warm, as in a server: one writer adding the same articles again and again.
#
#   [ROUNDS=N] bench/lucene_live.sh CORPUS.jsonl.gz... [-- LABEL]
#
# The Lucene index (ArabicAnalyzer, title and body stored, merged into one segment:
# bench/lucene_baseline) is built once in a scratch folder, then each round runs on its bytes
# again. Needs liblucene8-java and a JDK; skips with a message when absent. Not part of CI.
set -u
cd "$(dirname "$0")/.."
corpora=() label=lucene
while (($#)); do
  if [[ $1 == -- ]]; then label=$2; break; fi
  corpora+=("$1"); shift
done
((${#corpora[@]})) || { echo "usage: bench/lucene_live.sh CORPUS.jsonl.gz... [-- LABEL]" >&2; exit 2; }
jars=()
for jar in lucene-core lucene-analyzers-common; do
  candidates=(/usr/share/java/"$jar"-[0-9]*.jar)
  [ -f "${candidates[0]}" ] || { echo "Lucene 8 jars are absent (apt-get install liblucene8-java); skipped" >&2; exit 0; }
  jars+=("${candidates[0]}")
done
command -v javac >/dev/null || { echo "javac is absent (apt-get install openjdk-17-jdk); skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source bench/live_lib.sh
classpath="$work/classes:$(IFS=:; echo "${jars[*]}")"
javac -d "$work/classes" -cp "$classpath" bench/lucene_baseline/LuceneBaseline.java || exit 1
live_inputs
java -cp "$classpath" LuceneBaseline --store "$work/built" "${corpora[@]}" || exit 1
cp -a "$work/built" "$work/db"
lucene=(java -cp "$classpath" LuceneBaseline)
for ((round = 1; round <= ${ROUNDS:-1}; ++round)); do
  ((round == 1)) || live_restore "$work/built" "$work/db"
  sync
  live_run add1 "${lucene[@]}" --update "$work/db" "$work/one.jsonl"
  live_run add1new "${lucene[@]}" --update "$work/db" "$work/new.jsonl"
  live_run add100 "${lucene[@]}" --update "$work/db" "$work/hundred.jsonl"
  live_run replace1 "${lucene[@]}" --update "$work/db" "$work/replace.jsonl"
  live_run delete1 "${lucene[@]}" --delete "$work/db" live-new-50
  live_run unchanged "${lucene[@]}" --update "$work/db" "$work/one.jsonl"
done
# A server's writer: one JVM adds 1 and 100 articles WARM_ROUNDS times each (default 40), a
# commit each time; the median of the second half of the rounds is Lucene warm (the JVM's CPU
# clock ticks in 10 ms, hence a median of many).
for file in one hundred; do
  live_restore "$work/built" "$work/db"
  "${lucene[@]}" --update-warm "$work/db" "$work/$file.jsonl" "${WARM_ROUNDS:-40}" | python3 -c '
import statistics, sys
rows = [dict(w.split("=") for w in line.split()) for line in sys.stdin]
cpu = sorted(float(r["op_cpu_ms"]) for r in rows[len(rows) // 2:])
print("%s warm add%-4s cpu median %.1f ms (last %d of %d rounds: %.1f-%.1f; first %s)" % (
    sys.argv[1], "1" if sys.argv[2] == "one" else "100", statistics.median(cpu), len(cpu), len(rows),
    cpu[0], cpu[-1], rows[0]["op_cpu_ms"]))' "$label" "$file"
done
