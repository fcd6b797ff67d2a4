#!/usr/bin/env bash
# The floor of a `bahth search` process: the same Xapian work in a program linked like `quest`
# (bench/xapian_floor: bahth's query, weights, collapse key, window and count to 1,000; ten stored
# articles printed), beside the bahth process and quest itself. bahth minus the floor is what
# bahth's own code and executable add; the floor over quest is what bahth's output needs of the
# matcher (issue #30). Between them, "search-only" (bench/search_only_probe, when built): bahth's
# own search and text output, linked as bahth is but without the command line and the other
# commands, i.e. what splitting the executable would leave. User-space instructions (callgrind) and CPU ms (`perf stat -r 20`
# task-clock, median of alternated rounds, as bench/process_cpu.sh).
#
#   bench/process_floor.sh [-r ROUNDS] [-q QUERY] DB [BUILD_DIR]     (default: build/release)
set -euo pipefail
rounds=5
query="سوريا"
while getopts "r:q:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    q) query=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-r ROUNDS] [-q QUERY] DB [BUILD_DIR]" >&2; exit 2; }
db=$1
build=${2:-$(dirname "$0")/../build/release}
for tool in valgrind quest perf; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install valgrind xapian-tools linux-perf" >&2; exit 1; }
done
[ -x "$build/bench/xapian_floor" ] || { echo "build first: cmake --build --preset release --target bahth serialise_query xapian_floor search_only_probe" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
msize=$("$build/bench/serialise_query" --db "$db" --out "$work/query" "$query")

bahth=("$build/bahth" search --db "$db" "$query")
floor=("$build/bench/xapian_floor" "$db" "$work/query" "$msize")
quest=(quest -d "$db" "$query")
probe=("$build/bench/search_only_probe" "$db" "$query")
[ -x "${probe[0]}" ] || probe=()
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected :/ {print $NF}'
}
cpu_ms() { perf stat -r 20 -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

b_ins=$(instructions "${bahth[@]}")
f_ins=$(instructions "${floor[@]}")
q_ins=$(instructions "${quest[@]}")
p_ins="" b_ms="" p_ms="" f_ms="" q_ms=""
[ ${#probe[@]} -eq 0 ] || p_ins=$(instructions "${probe[@]}")
for _ in $(seq "$rounds"); do
  b_ms+="$(cpu_ms "${bahth[@]}") "
  [ ${#probe[@]} -eq 0 ] || p_ms+="$(cpu_ms "${probe[@]}") "
  f_ms+="$(cpu_ms "${floor[@]}") "
  q_ms+="$(cpu_ms "${quest[@]}") "
done
b_ms=$(echo "$b_ms" | median) p_ms=$(echo "$p_ms" | median) f_ms=$(echo "$f_ms" | median) q_ms=$(echo "$q_ms" | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "'$query' (window $msize), instructions / CPU ms (median of $rounds alternated rounds of 20):"
echo "  bahth  $b_ins / $b_ms  ($(ratio "$b_ins" "$q_ins")x / $(ratio "$b_ms" "$q_ms")x quest)"
[ ${#probe[@]} -eq 0 ] ||
  echo "  search-only  $p_ins / $p_ms  ($(ratio "$p_ins" "$q_ins")x / $(ratio "$p_ms" "$q_ms")x quest)"
echo "  floor  $f_ins / $f_ms  ($(ratio "$f_ins" "$q_ins")x / $(ratio "$f_ms" "$q_ms")x quest)"
echo "  quest  $q_ins / $q_ms"
