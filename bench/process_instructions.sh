#!/usr/bin/env bash
# The user-space instructions of a whole `bahth search` process beside Xapian's `quest` on the
# same index and query (callgrind's Ir count: every instruction of the process outside the kernel,
# the dynamic loader's included). Unlike CPU time it does not move with the machine's load, so it
# shows a change of a few percent that process_cpu.sh, on a shared machine, cannot (issue #30). It
# leaves out the kernel's share (exec, page faults, reads: about a third of the process's CPU).
#
#   bench/process_instructions.sh [-q QUERY] DB [BAHTH...]     (default: build/release/bahth)
#
# Prints one line a binary: "BAHTH: N instructions, quest M (R.RRx quest)".
set -euo pipefail
query="سوريا"
while getopts "q:" opt; do
  case $opt in
    q) query=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-q QUERY] DB [BAHTH...]" >&2; exit 2; }
db=$1
shift
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=("$(dirname "$0")/../build/release/bahth")
for tool in valgrind quest; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install valgrind xapian-tools" >&2; exit 1; }
done

instructions() {  # user-space instructions of one run of "$@"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/Collected :/ {print $NF}'
}

quest_count=$(instructions quest -d "$db" "$query")
for binary in "${binaries[@]}"; do
  count=$(instructions "$binary" search --db "$db" "$query")
  echo "$binary: $count instructions, quest $quest_count" \
    "($(awk -v a="$count" -v b="$quest_count" 'BEGIN {printf "%.2f", a / b}')x quest; '$query')"
done
