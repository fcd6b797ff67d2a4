#!/usr/bin/env bash
# Names typed in Latin letters or Arabizi (bench/latin_names.tsv): how many a Latin query finds,
# with transliteration (the default) and without it (--no-transliterate), same binary, same run,
# on each corpus of ../shared/data alone and on both together. For each name, the articles that
# hold one of its Arabic spellings (a search for them, OR'd; one of several words quoted) are the
# relevant set:
#   found@10   the Latin query's top 10 holds at least one of them
#   P@10       their share of the top 10 (mean over the names)
#   recall     their share found by the Latin query (first 10,000 results; mean over the names)
# Each figure is given for each part of the file: the names the transliteration was tuned on
# ("tuned", the file's first part), and after it each part a line "## NAME: ..." opens (the
# held-out names, which nothing was tuned for; the two-word names).
#
#   bench/latin_names.sh [BAHTH_BINARY]   (default build/release/bahth; indexes into a temp dir)
#
# Needs python3. Skips with a message when ../shared/data is absent. About 4 minutes on 2 cores,
# most of it indexing.
set -euo pipefail
bahth=
if [ $# -gt 0 ]; then bahth=$(realpath -- "$1"); fi
cd "$(dirname "$0")/.."
bahth=${bahth:-build/release/bahth}
[ -x "$bahth" ] || { echo "no bahth at $bahth: build first" >&2; exit 1; }
shared=../shared/data
if [ ! -f "$shared/bbc-arabic.jsonl.gz" ]; then
  echo "../shared/data is absent: skipped" >&2
  exit 0
fi
work=${LATIN_WORK:-$(mktemp -d)}
[ -n "${LATIN_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
declare -A inputs=([bbc]="$shared/bbc-arabic.jsonl.gz" [ant]="$shared/ant-other-arabic-news.jsonl.gz"
                   [both]="$shared/bbc-arabic.jsonl.gz $shared/ant-other-arabic-news.jsonl.gz")
for corpus in bbc ant both; do
  # shellcheck disable=SC2086
  [ -d "$work/$corpus" ] || "$bahth" index -q --db "$work/$corpus" ${inputs[$corpus]}
done
python3 - "$bahth" "$work" bench/latin_names.tsv <<'PY'
import json, re, subprocess, sys
bahth, work, names_file = sys.argv[1:]
names = []
part = "tuned"
parts = [part]
for line in open(names_file, encoding="utf-8"):
    opening = re.match(r"## ([\w-]+):", line)  # "## held-out: ..." (not a comment's next line)
    if opening:
        part = opening.group(1)
        if part not in parts:
            parts.append(part)
    if line.strip() and not line.startswith("#"):
        latin, arabic = line.rstrip("\n").split("\t")
        names.append((latin, arabic.split("|"), part))

def ids(db, query, n, *flags):
    r = subprocess.run([bahth, "search", "--db", db, "--json", "--duplicates", "-n", str(n),
                        "--no-correct", *flags, query], capture_output=True, text=True)
    if r.returncode != 0:
        return [], []
    out = json.loads(r.stdout)
    return [h["id"] for h in out["results"]], out.get("transliterations", [])

print("| corpus | names | names with articles | transliterate | found@10 | P@10 | recall |")
print("|---|---|---:|---|---:|---:|---:|")
misses = {}
for corpus in ("bbc", "ant", "both"):
    db = f"{work}/{corpus}"
    relevant = {}
    for latin, arabic, part in names:
        # A spelling of several words (حزب الله) as the phrase.
        found, _ = ids(db, " OR ".join(f'"{a}"' if " " in a else a for a in arabic), 10000)
        if found:
            relevant[latin] = (set(found), part)
    for part in parts:
        for mode, flags in (("no", ["--no-transliterate"]), ("yes", [])):
            hits = precision = recall = 0.0
            k = 0
            for latin, (rel, name_part) in relevant.items():
                if name_part != part:
                    continue
                k += 1
                top, notes = ids(db, latin, 10000, *flags)
                in_top = sum(1 for i in top[:10] if i in rel)
                hits += in_top > 0
                precision += in_top / 10
                recall += len(rel.intersection(top)) / len(rel)
                if mode == "yes" and in_top == 0:
                    misses.setdefault((corpus, part), []).append(
                        latin + " (" + "، ".join(s for n in notes for s in n["spellings"]) + ")")
            if k:
                print(f"| {corpus} | {part} | {k} | {mode} | {int(hits)} ({hits / k:.0%}) | "
                      f"{precision / k:.3f} | {recall / k:.3f} |")
for (corpus, part), names_missed in misses.items():
    print(f"\nmissed on {corpus} ({part}): {'; '.join(names_missed)}")
PY
