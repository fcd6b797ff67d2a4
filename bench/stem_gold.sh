#!/usr/bin/env bash
# Scores bahth's stemmer on the stemming gold standard (Paice UI/OI; see
# /work/shared/data/stem-gold/README.md) and prints score.py's line.
# usage: bench/stem_gold.sh [BAHTH_BINARY] [extra score.py args, e.g. --examples 20]
#   BAHTH_BINARY defaults to build/release/bahth; STEM_GOLD_DIR overrides the gold folder.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bahth="${1:-$here/build/release/bahth}"
shift || true
gold="${STEM_GOLD_DIR:-$here/../shared/data/stem-gold}"
[[ -x "$bahth" ]] || { echo "stem_gold.sh: no bahth binary at $bahth" >&2; exit 2; }
[[ -f "$gold/groups.tsv" ]] || { echo "stem_gold.sh: no $gold/groups.tsv" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cut -f2 "$gold/groups.tsv" | tr ' ' '\n' | grep -v '^$' | LC_ALL=C sort -u > "$tmp/words"
"$bahth" analyze --stage stem < "$tmp/words" > "$tmp/stems"
if [[ "$(wc -l < "$tmp/words")" != "$(wc -l < "$tmp/stems")" ]]; then
  echo "stem_gold.sh: bahth analyze did not write one line per word" >&2
  exit 1
fi
paste "$tmp/words" "$tmp/stems" > "$tmp/stems.tsv"
/usr/bin/python3 "$gold/score.py" "$gold/groups.tsv" "$tmp/stems.tsv" "$@"
