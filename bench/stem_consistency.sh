#!/usr/bin/env bash
# The clitic-consistency property of a stemmer, on the whole corpus vocabulary:
#   for every word w and proclitic p (و ف ب ل ك, their stacks, ال and its stacks) where p+w also
#   occurs, stem(p+w) = stem(w), unless p+w is a base word of the lexicon in its own right
#   (ولاية, بكين, لبنان); a stack with the article may meet ال+w instead (والصين: الصين), and
#   لل+w may also meet ل+w (للبنان: لبنان); and the most frequent merges of unrelated words: frequent words the
#   stemmer gives one stem that the dictionary lists as two distinct base words.
# The vocabulary is data/lexicon-ar.txt's corpus words (seen 3+ times in ../shared/data's two
# corpora; scripts/build-lexicon.sh), so the script needs no corpus. Prints the counts and the
# top examples of each.
#
#   bench/stem_consistency.sh [BAHTH_BINARY] [EXAMPLES]   (defaults build/release/bahth, 25)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bahth=$(realpath -- "${1:-$here/build/release/bahth}")
examples=${2:-25}
lexicon=$here/data/lexicon-ar.txt
[ -x "$bahth" ] || { echo "stem_consistency.sh: no bahth at $bahth" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -v '^#' "$lexicon" | cut -f1 >"$work/words"
"$bahth" analyze --stage stem <"$work/words" >"$work/stems"
[ "$(wc -l <"$work/words")" = "$(wc -l <"$work/stems")" ] ||
  { echo "stem_consistency.sh: bahth analyze did not write one line per word" >&2; exit 1; }
python3 - "$lexicon" "$work/words" "$work/stems" "$examples" <<'PY'
import collections, sys
lexicon_path, words_path, stems_path, examples = sys.argv[1:]
examples = int(examples)
count, base = {}, set()
for line in open(lexicon_path, encoding="utf-8"):
    if line.startswith("#"):
        continue
    fields = line.rstrip("\n").split("\t")
    count[fields[0]] = int(fields[1])
    if len(fields) > 2 and "d" in fields[2]:
        base.add(fields[0])
stem = dict(zip(open(words_path, encoding="utf-8").read().split("\n"),
                open(stems_path, encoding="utf-8").read().split("\n")))
vocabulary = {w for w, n in count.items() if n >= 3}
# p+w spellings: ل before the article elides its alef (ل + الكتاب = للكتاب).
clitics = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"]
articles = ["ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال", "فكال"]
checked = 0
violations = []
for w in vocabulary:
    if len(w) < 3:
        continue
    # A form meets its word, or, for an article form (وال + w), the article word ال + w when the
    # corpus has it: whether ال + w is kept whole (الصين) is one decision, counted once, on the
    # pair (ال + w, w). لل + w is ل + ال + w, or ل + (ل + w) (للبنان: ل + لبنان).
    forms = [(p + w, [w]) for p in clitics]
    if not w.startswith("ال"):
        with_article = [w] + (["ال" + w] if "ال" + w in vocabulary else [])
        forms += [(p + w, with_article if p != "ال" else [w]) for p in articles]
        forms += [(p + w, with_article + ["ل" + w]) for p in ("لل", "ولل", "فلل")]
    for form, words in forms:
        if form not in vocabulary or form in base:
            continue
        checked += 1
        if all(stem.get(x) != stem[form] for x in words):
            violations.append((count[form], form, w))
violations.sort(reverse=True)
print(f"clitic consistency: {len(violations)} violations of {checked} (clitic form, word) pairs "
      f"({100.0 * len(violations) / max(checked, 1):.2f}%)")
for n, form, w in violations[:examples]:
    print(f"  {form} ({n}) -> {stem[form]}   but {w} ({count[w]}) -> {stem[w]}")
# Merges of distinct base words: frequent base words (100+) sharing a stem. Pairs where one is
# the other + ي/يه (a relative adjective and its noun, merged on purpose) are counted apart.
by_stem = collections.defaultdict(list)
for w in base:
    if count.get(w, 0) >= 100:
        by_stem[stem[w]].append(w)
def relative(a, b):
    a, b = sorted((a, b), key=len)
    return any(b == a + s or (a.endswith("ه") and b == a[:-1] + s) for s in ("ي", "يه"))
merges, relatives = [], 0
for s, ws in by_stem.items():
    for i in range(len(ws)):
        for j in range(i + 1, len(ws)):
            if relative(ws[i], ws[j]):
                relatives += 1
            else:
                merges.append((min(count[ws[i]], count[ws[j]]), ws[i], ws[j], s))
merges.sort(reverse=True)
print(f"merges of distinct frequent base words: {len(merges)} pairs "
      f"(+ {relatives} relative-adjective/noun pairs)")
for n, a, b, s in merges[:examples]:
    print(f"  {a} ({count[a]}) + {b} ({count[b]}) -> {s}")
PY
