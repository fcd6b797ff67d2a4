#!/usr/bin/env bash
# Size of the compacted index of both corpora against their text, and the CPU of building it,
# for one or more bahth binaries in alternated rounds (issue #30's size lever figures).
#
#   bench/index_size.sh BAHTH [BAHTH...]        ROUNDS=1 by default; THREADS=2
#
# "The text" is the articles' titles and bodies in UTF-8 bytes, as RESULTS.md counts it. Each
# build is `bahth index --threads $THREADS` into a fresh directory, timed with /usr/bin/time
# (CPU = user + sys), then compacted with xapian-compact, or with COMPACT=bahth by the binary's
# own `bahth compact` in place (its position table; compact_cpu is its user + sys); sizes are MB
# (10^6 bytes) per table (position: Xapian's).
# Figures to report, never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/data
inputs=("$shared/bbc-arabic.jsonl.gz" "$shared/ant-other-arabic-news.jsonl.gz")
[ -f "${inputs[0]}" ] || { echo "../shared/data is absent; skipped" >&2; exit 0; }
[ $# -ge 1 ] || { echo "usage: $0 BAHTH [BAHTH...]" >&2; exit 2; }
text_bytes=$(python3 - "${inputs[@]}" <<'PY'
import gzip, json, sys
n = 0
for path in sys.argv[1:]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                n += len((a.get("title") or "").encode()) + len((a.get("body") or "").encode())
print(n)
PY
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "text: $(awk -v b="$text_bytes" 'BEGIN{printf "%.1f", b/1e6}') MB; load before: $(uptime)"
printf '%-40s %6s %6s %7s %9s %8s %8s %8s %8s %8s %6s %11s\n' binary cpu_s wall_s index_MB \
  compact_MB position termlist postlist docdata spelling xtext compact_cpu
for round in $(seq "${ROUNDS:-1}"); do
  for bahth in "$@"; do
    db=$work/db
    rm -rf "$db" "$work/compact"
    /usr/bin/time -f '%U %S %e' -o "$work/time" "$bahth" index --quiet --threads "${THREADS:-2}" \
      --db "$db" "${inputs[@]}"
    read -r user sys wall <"$work/time"
    compact_cpu=-
    built=$(du -sb "$db" | awk '{printf "%.1f", $1/1e6}')
    if [ "${COMPACT:-xapian}" = bahth ]; then
      /usr/bin/time -f '%U %S' -o "$work/time" "$bahth" compact --db "$db" >/dev/null
      compact_cpu=$(awk '{printf "%.1f", $1 + $2}' "$work/time")
      mv "$db" "$work/compact"
    else
      xapian-compact -m "$db" "$work/compact" >/dev/null
    fi
    mb() { awk -v b="$(stat -c %s "$1" 2>/dev/null || echo 0)" 'BEGIN{printf "%.1f", b/1e6}'; }
    total=$(du -sb "$work/compact" | cut -f1)
    printf '%-40s %6.1f %6.1f %7.1f %9.1f %8s %8s %8s %8s %8s %6.2f %11s\n' "$bahth" \
      "$(echo "$user + $sys" | bc)" "$wall" "$built" \
      "$(awk -v b="$total" 'BEGIN{printf "%.1f", b/1e6}')" \
      "$(mb "$work/compact/position.glass")" "$(mb "$work/compact/termlist.glass")" \
      "$(mb "$work/compact/postlist.glass")" "$(mb "$work/compact/docdata.glass")" \
      "$(mb "$work/compact/spelling.glass")" \
      "$(awk -v a="$total" -v b="$text_bytes" 'BEGIN{printf "%.2f", a/b}')" "$compact_cpu"
    if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; rm -rf "$KEEP/$round-$(basename "$bahth")"; mv "$work/compact" "$KEEP/$round-$(basename "$bahth")"; fi
  done
done
echo "load after: $(uptime)"
