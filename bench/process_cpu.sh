#!/usr/bin/env bash
# The CPU time of a whole `bahth search` process beside Xapian's `quest` on the same index and
# query: what a script calling bahth in a loop pays, most of it starting the process (issue #30).
# Each round runs every command 20 times (`perf stat -r 20`, task-clock: user + system CPU of the
# process; without perf, the children's rusage); the rounds alternate the commands (A B A B), so a
# shared machine's load falls on each alike, and the median round is printed.
#
#   bench/process_cpu.sh [-r ROUNDS] [-q QUERY] DB [BAHTH...]     (default: build/release/bahth)
#
# Prints one line a binary: "BAHTH: X ms, quest Y ms (Z.ZZx quest)".
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
[ $# -ge 1 ] || { echo "usage: $0 [-r ROUNDS] [-q QUERY] DB [BAHTH...]" >&2; exit 2; }
db=$1
shift
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=("$(dirname "$0")/../build/release/bahth")
command -v quest >/dev/null || { echo "quest is missing: apt-get install xapian-tools" >&2; exit 1; }

cpu_ms() {  # mean CPU ms of 20 runs of "$@"
  if perf stat -r 1 -x, -e task-clock true >/dev/null 2>&1; then
    perf stat -r 20 -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'
  else
    python3 -c '
import resource, subprocess, sys
for _ in range(20):
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{(u.ru_utime + u.ru_stime) * 1000 / 20:.2f}")' "$@"
  fi
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

declare -a times
quest_times=""
for _ in $(seq "$rounds"); do
  for i in "${!binaries[@]}"; do
    times[i]+="$(cpu_ms "${binaries[i]}" search --db "$db" "$query") "
  done
  quest_times+="$(cpu_ms quest -d "$db" "$query") "
done
quest_ms=$(echo "$quest_times" | median)
for i in "${!binaries[@]}"; do
  ms=$(echo "${times[i]}" | median)
  echo "${binaries[i]}: $ms ms, quest $quest_ms ms" \
    "($(awk -v a="$ms" -v b="$quest_ms" 'BEGIN {printf "%.2f", a / b}')x quest;" \
    "median of $rounds alternated rounds of 20 processes, '$query')"
done
