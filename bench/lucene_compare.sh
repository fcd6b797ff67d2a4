#!/usr/bin/env bash
# bahth next to Lucene 8 on the same articles, in one run (issue 17): both corpora of
# ../shared/data together, indexed by
#   lucene-stored, lucene-unstored  Lucene 8 ArabicAnalyzer, title and body stored or not, one
#                                   thread, merged into one segment (bench/lucene_baseline)
#   bahth-defaults                  `bahth index` with no option, compacted with xapian-compact
#   xapian-termgenerator            Xapian's own pipeline (bench/xapian_baseline_index)
# through bench/throughput.sh: articles/s (wall, including the JVM's start), CPU seconds, peak
# RSS, index size and its ratio to the articles' text (title + body).
#
#   bench/lucene_compare.sh [BUILD_DIR]          default build/release
#
# Needs Debian's liblucene8-java and a JDK (apt-get install liblucene8-java openjdk-17-jdk);
# skips with a message when they or ../shared/data are absent. Not part of CI.
# Timings are figures to report, never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shared=../shared/data
if [ ! -f $shared/bbc-arabic.jsonl.gz ] || [ ! -f $shared/ant-other-arabic-news.jsonl.gz ]; then
  echo "../shared/data is absent; skipped" >&2
  exit 0
fi
jars=()
for jar in lucene-core lucene-analyzers-common; do
  candidates=(/usr/share/java/"$jar"-[0-9]*.jar)
  [ -f "${candidates[0]}" ] || {
    echo "Lucene 8 jars are absent (apt-get install liblucene8-java); skipped" >&2
    exit 0
  }
  jars+=("${candidates[0]}")
done
command -v javac >/dev/null || { echo "javac is absent (apt-get install openjdk-17-jdk); skipped" >&2; exit 0; }

classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
classpath=$(IFS=:; echo "${jars[*]}")
javac -d "$classes" -cp "$classpath" bench/lucene_baseline/LuceneBaseline.java

echo "Lucene: $(basename "${jars[0]}" .jar) (Debian $(dpkg-query -W -f '${Version}' liblucene8-java 2>/dev/null || echo '?')), $(java -version 2>&1 | head -n 1)"
echo "load before: $(uptime)"
LUCENE_CLASSPATH="$classes:$classpath" \
  PIPELINES="lucene-stored lucene-unstored bahth-defaults xapian-termgenerator" \
  bench/throughput.sh "$build" "$shared/bbc-arabic.jsonl.gz $shared/ant-other-arabic-news.jsonl.gz"
echo "load after: $(uptime)"
