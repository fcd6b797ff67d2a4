#!/usr/bin/env bash
# Builds data/lexicon-ar.txt, the word list bahth's light stemmer consults (compiled into the
# binary by src/analysis/CMakeLists.txt). Deterministic: the same inputs give the same file.
#
#   scripts/build-lexicon.sh [BAHTH_BINARY]   (default build/release/bahth)
#
# Sources, none written by hand:
#   - Debian's hunspell-ar (Ayaspell): the dictionary's base words, /usr/share/hunspell/ar.dic,
#     without their affix flags (the affixed forms are what the stemmer strips);
#   - ICU's Arabic names of countries and territories and of time-zone exemplar cities
#     (scripts/lexicon/icu_arabic_names.cc, built here with g++ against libicu-dev);
#   - word frequencies of ../shared/data/*.jsonl.gz (title, summary, body);
#   - place names: ICU's names of one word, and the names the corpora write after a city,
#     governorate, port or town (مدينة مصراتة, ميناء الحديدة) or after a capital's adjective
#     (العاصمة البحرينية المنامة); the light stemmer keeps them whole (flag p);
#   - names: the one-word Arabic spellings of data/exonyms-en-ar.txt (people, places,
#     organisations), unless the corpora also write them as common words; the light stemmer
#     keeps them whole, article included (flag n).
# Every word is normalized by `bahth analyze --stage normalize`, as the stemmer sees it.
# Needs: hunspell-ar, libicu-dev, g++, python3, ../shared/data. After a change of this file's
# content, bump kLexiconVersion in src/analysis/lexicon.h: indexes record it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bahth=$(realpath -- "${1:-$here/build/release/bahth}")
shared=${SHARED_DATA:-$here/../shared/data}
dic=/usr/share/hunspell/ar.dic
out=$here/data/lexicon-ar.txt
[ -x "$bahth" ] || { echo "build-lexicon.sh: no bahth at $bahth" >&2; exit 1; }
[ -f "$dic" ] || { echo "build-lexicon.sh: $dic missing: apt-get install hunspell-ar" >&2; exit 1; }
ls "$shared"/*.jsonl.gz >/dev/null || { echo "build-lexicon.sh: no corpora in $shared" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Dictionary base words: the part before '/' (flags) or a tab (morphology), Arabic lines only.
# ar.dic is Ayaspell's parts laid end to end, each after a "::::" banner and its name; the
# stopwords part lists function words with their clitics spelled out (وكان, ولكن, والذي), which
# are exactly what the stemmer must strip, so it is left out.
awk '/^::::/ { banner = !banner; next } banner { part = $0; next } part != "stopwords.dic"' \
  "$dic" | cut -d/ -f1 | cut -f1 | tr -d '\r' | grep -v ' ' | grep -v '^[0-9]*$' >"$work/dict.raw"
g++ -std=c++20 -O1 "$here/scripts/lexicon/icu_arabic_names.cc" \
  $(pkg-config --cflags --libs icu-i18n icu-uc) -o "$work/icu_arabic_names"
"$work/icu_arabic_names" >"$work/icu.names"
tr ' ' '\n' <"$work/icu.names" | grep -v '^$' >>"$work/dict.raw"
"$bahth" analyze --stage normalize <"$work/dict.raw" >"$work/dict.norm"
# ICU's names of one word are place names (of several, their words are only base words:
# المتحدة of الولايات المتحدة is an adjective).
grep -v ' ' "$work/icu.names" | grep -v '^$' >"$work/places.raw"
"$bahth" analyze --stage normalize <"$work/places.raw" >"$work/places.norm"
grep -v '^#' "$here/data/stopwords-ar.txt" | grep -v '^ *$' >"$work/stopwords.raw"
# The exonym table's Arabic spellings, one line of the table a line, its spellings separated by
# | (normalized one spelling at a time: the normalizer would read | as a word break).
grep -v '^#' "$here/data/exonyms-en-ar.txt" | grep -v '^ *$' | cut -f2 >"$work/names.lines"
tr '|' '\n' <"$work/names.lines" >"$work/names.raw"
"$bahth" analyze --stage normalize <"$work/names.raw" >"$work/names.norm"
"$bahth" analyze --stage normalize <"$work/stopwords.raw" >"$work/stopwords.norm"

python3 - "$shared" "$work/corpus.txt" <<'PY'
import glob, gzip, json, sys
shared, out_path = sys.argv[1:]
with open(out_path, "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(shared + "/*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                for field in ("title", "summary", "body"):
                    for text in (record.get(field) or "").split("\n"):
                        if text.strip():
                            out.write(text.strip() + "\n")
PY
"$bahth" analyze --stage normalize <"$work/corpus.txt" >"$work/corpus.norm"

python3 - "$work/dict.raw" "$work/dict.norm" "$work/corpus.norm" "$out" "$work/places.norm" \
  "$work/stopwords.norm" "$work/names.lines" "$work/names.norm" <<'PY'
import collections, re, sys
(raw_path, dict_path, corpus_path, out_path, places_path, stopwords_path, name_lines_path,
 names_path) = sys.argv[1:]
arabic = re.compile("^[\u0621-\u063a\u0641-\u064a]{2,40}$")
# A corpus word seen fewer times than this tells nothing a decision could rely on.
MIN_COUNT = 3
dictionary = set()
# Normalization folds a final alef maqsura into ي: remember the words whose final ي was one, so
# the stemmer never reads it as the relative-adjective ending (مستشفى, مبنى, موسى).
maqsura = set()
with open(raw_path, encoding="utf-8") as raw, open(dict_path, encoding="utf-8") as norm:
    for raw_line, line in zip(raw, norm):
        word = line.strip()
        if arabic.match(word):
            dictionary.add(word)
            if raw_line.rstrip("\n").endswith("\u0649"):
                maqsura.add(word)
counts = collections.Counter()
# Place names in the corpora: the word after an indefinite "city of", "governorate of", "port
# of"... (an idafa: the word is a noun, and with no article of its own a name: مدينة مصراتة), and
# the word after "the capital" and a nationality adjective (العاصمة البحرينية المنامة).
HEADS = {"مدينه", "محافظه", "ميناء", "بلده", "قريه", "ولايه", "مدينتي", "مخيم"}
after_head = collections.Counter()
after_capital = collections.Counter()
next_words = collections.defaultdict(collections.Counter)
with open(corpus_path, encoding="utf-8") as f:
    for line in f:
        ws = [w for w in line.split() if arabic.match(w)]
        counts.update(ws)
        for a, b in zip(ws, ws[1:]):
            next_words[a][b] += 1
            if a in HEADS or (a[0] in "وب" and a[1:] in HEADS):
                after_head[b] += 1
        for a, b, c in zip(ws, ws[1:], ws[2:]):
            if a == "العاصمه" and b.startswith("ال") and b.endswith("يه"):
                after_capital[c] += 1
with open(stopwords_path, encoding="utf-8") as f:
    stopwords = {line.strip() for line in f if line.strip()}
with open(places_path, encoding="utf-8") as f:
    places = {line.strip() for line in f if arabic.match(line.strip())}

def first_of_two(word):
    # The first word of a name of two words (سانت بطرسبرغ, النبي صالح): one word that is neither
    # a function word nor one with the article follows it in 15% of its occurrences or more.
    after = next_words.get(word)
    if not after:
        return False
    total = sum(after.values())
    top = [n for w, n in after.most_common(6) if w not in stopwords and not w.startswith("ال")]
    return bool(top) and top[0] >= 5 and top[0] >= 0.15 * total

for word in set(after_head) | set(after_capital):
    total = counts[word]
    if len(word) < 3 or word in stopwords or word.startswith("لل") or first_of_two(word):
        continue
    if word[0] in "وب" and word[1:] in HEADS:
        continue
    if word.startswith("ال"):  # a noun after a head; not a dictionary word (البيضاء, الوادي)
        name = (after_head[word] >= 10 and after_head[word] >= 0.15 * total
                and word not in dictionary)
    else:  # no article of its own, and seldom one anywhere (not an adjective: كبيره)
        name = (after_head[word] >= 5 and after_head[word] >= 0.10 * total
                and counts.get("ال" + word, 0) <= 0.05 * total)
    clitic = word[0] in "وفلبك" and counts.get(word[1:], 0) >= MIN_COUNT
    if (after_capital[word] >= 5 and after_capital[word] >= 0.03 * total
            and word not in dictionary and not clitic
            and not word.endswith("يه") and not word.endswith("ته")):
        name = True
    if name:
        places.add(word)
# A word the corpora also inflect as a noun or adjective is not only a name (مالي: المالي,
# ماليه; جده: الجده): its article, feminine or article+feminine forms make a tenth of its count.
def inflected(word):
    forms = ["ال" + word, word + "ه", "ال" + word + "ه"]
    return sum(counts.get(f, 0) for f in forms) >= max(MIN_COUNT, 0.1 * counts.get(word, 0))
places = {w for w in places if not inflected(w)}

# Names of the exonym table, kept whole with their article (flag n): the rules cut them into
# common words (بايدن: ب + ايدن, الظواهري: ظواهر, الكنيست: كنيس, الاقصر: اقصر "shorter"). Only
# one-word spellings (of رام الله, the words are common words), and not a name the corpora also
# write as a common word. Keeping a word whole never joins words that were apart: it only parts
# the name from the words its stem would reach, so what it costs is the name's spelling read as
# another word: that word's other article form (the bare X of ال + X, ال + N of a bare N) then
# no longer meets it. For the dictionary's base words the bare form is 1.23 times as frequent as
# the article form (median); for names written with ال it is rare (الاسد 0.02, الكنيست 0). A
# name is left to the rules when that other form is frequent (FREQUENT, the stemmer's
# kFrequentCore) or at least as frequent as the name: القاعده (قاعده 1,080), الاقصي (اقصي 464),
# الصدر (صدر 630), الحوثي (حوثي 180), السعوديه (سعوديه 356), سوريه (السوريه 4,046).
FREQUENT = 100
def other_article_form(word):
    return word[2:] if word.startswith("ال") and len(word) >= 5 else "ال" + word
def common_word(word):
    other = counts.get(other_article_form(word), 0)
    return other >= FREQUENT or (other >= MIN_COUNT and other >= counts.get(word, 0))
names = set()
with open(name_lines_path, encoding="utf-8") as lines, open(names_path, encoding="utf-8") as norm:
    for line in lines:
        spellings = [next(norm).strip() for _ in line.rstrip("\n").split("|")]
        for word in spellings:
            if not arabic.match(word) or len(word) < 3 or word in places or common_word(word):
                continue
            # A line that lists a name's inflections (الحوثي|الحوثيين|الحوثيون) is left to the
            # rules, which join them; kept whole, each would stand apart.
            if any(o != word and (o.startswith(word) or word.startswith(o)) for o in spellings):
                continue
            names.add(word)
words = dictionary | places | names | {w for w, n in counts.items() if n >= MIN_COUNT}
with open(out_path, "w", encoding="utf-8", newline="\n") as out:
    out.write("# bahth's Arabic lexicon: generated by scripts/build-lexicon.sh, do not edit.\n")
    out.write("# word<TAB>corpus count[<TAB>flags: d a base word of hunspell-ar or an ICU place\n")
    out.write("# name, y its final ي was ى, p a place name, n a name kept whole]\n")
    for word in sorted(words, key=lambda w: w.encode("utf-8")):
        n = counts.get(word, 0)
        flags = ("d" if word in dictionary else "") + ("y" if word in maqsura else "") + \
            ("p" if word in places else "") + ("n" if word in names else "")
        flag = "\t" + flags if flags else ""
        out.write(f"{word}\t{n}{flag}\n")
print(f"{out_path}: {len(words)} words, {len(dictionary)} from the dictionary and ICU, "
      f"{len(places)} place names, {len(names)} names, "
      f"{sum(1 for w in words if counts.get(w, 0) >= MIN_COUNT)} seen {MIN_COUNT}+ times")
PY
