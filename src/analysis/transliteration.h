// Names typed in Latin letters or Arabizi (Trump, Khashoggi, 7ezb, 3abd) and the Arabic
// spellings they may stand for, compared through consonant skeletons: pure string functions,
// so that search can match them to an index's own words. Reached as
// "analysis/transliteration.h" through bahth_analysis_internals.
#ifndef BAHTH_ANALYSIS_TRANSLITERATION_H_
#define BAHTH_ANALYSIS_TRANSLITERATION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bahth {

/// The letters two spellings of one transliterated name share: `stem` (normalized Arabic
/// letters) without its long vowels and hamza seats (ا و ي ء ئ ؤ), and, when `merge_swaps`, with
/// the letters that transliterations swap made one (غ ك → ج, ش → س). Empty when `stem` is not all
/// Arabic letters. (The spelling-variant learner's skeleton, index/variant_learner.h.)
std::string consonant_skeleton(std::string_view stem, bool merge_swaps = true);

/// Whether `word` (a normalized query word: lower case) is typed in Latin letters or Arabizi: at
/// least three characters, all ASCII letters or Arabizi digits (2 3 5 6 7 9), letters among them.
bool is_latin_word(std::string_view word);

/// `word` in Arabic letters: English spellings of Arabic names first (sh ش, kh خ, gh غ, th ث,
/// dh ذ, ch ش, ph ف, c before e/i/y س, p ب, g غ, v ف), the Arabizi digits (3 ع, 7 ح, 5 خ, 2 ء,
/// 6 ط, 9 ق), each vowel as the long vowel it may stand for (a leading one as ا; ou oo و, ee ie
/// ي), then each other consonant as its letter; a doubled letter once. A table in code (the
/// output of the ICU rules it replaced, whose transliterator cost ~10 ms to build a process).
/// REQUIRES: is_latin_word(word).
std::string latin_to_arabic(std::string_view word);

/// The Arabic spellings a Latin word may stand for, as latin_to_arabic writes them: that one
/// first, then, when an s stands alone between two vowels (Theresa تيريزا, Jose جوزيه, Elysee
/// الإليزيه), the word with those s written ز, as Arabic writes the s English says z (a Latin
/// spelling of an Arabic name keeps س there: Musa موسى, hence both). REQUIRES: is_latin_word.
std::vector<std::string> latin_renderings(std::string_view word);

/// What the second of latin_renderings costs beside the first in latin_spelling_distance: half
/// a letter (a quarter let Jose find غزة before جوسيه).
inline constexpr double kVoicedSCost = 0.5;

/// The key a name's Latin and Arabic spellings share, coarser than consonant_skeleton because a
/// Latin letter stands for several Arabic ones: each consonant by its class (ت ط ث; ج غ ك ق; ح ه;
/// د ض ذ; ز ظ; س ص ش; the others alone), a run of one class once, the vowels, ع and hamza left
/// out, but a leading one kept as a mark (a vowel or ع, و, ي), and a final ه or ة left out (the
/// Latin spelling ends in a vowel: Raqqa, الرقة). Empty when `stem` is not all Arabic letters.
std::string latin_match_key(std::string_view stem);

/// The keys a Latin or Arabizi word may have as an Arabic stem (latin_match_key's): one for each
/// of latin_renderings, and that one with a final H when the word ends in a vowel and h (Fatah
/// فتح, Aisha عائشة). None for an acronym (no vowel: BBC,
/// spelled out in Arabic) or a key of fewer than `min_consonants` consonants (it matches too
/// many words; a caller that checks its matches otherwise, as a phrase, may ask for fewer).
/// REQUIRES: is_latin_word(word).
std::vector<std::string> latin_word_keys(std::string_view word, std::size_t min_consonants = 2);

/// A name Arabic writes as two words and English as one, one of them a word many names share:
/// Abd al-X (Abdelmalek عبد الملك, Abderrahman عبد الرحمن, Abdrabbuh عبد ربه), X-allah (Nasrallah
/// نصر الله, Ayatollah آية الله) and X-eddin (Salahuddin صلاح الدين, Zinedine زين الدين).
struct CompoundName {
  std::string_view shared;    // the shared word as Arabic writes it: عبد, الله or الدين
  std::string rest;           // the other word's Latin letters (malek, nasra, salah)
  bool shared_first = false;  // عبد الملك, but نصر الله
};

/// `word` (a normalized query word) cut as a CompoundName: "abd", a vowel and the article's l
/// (or the doubled letter it became: abderrahman) before the rest; the rest and its vowel before
/// "llah"; the rest before a vowel, the article's d or l and "din" or "dine". Nothing when
/// `word` is none of these or the rest has fewer than three letters or no vowel.
std::optional<CompoundName> compound_name(std::string_view word);

/// Whether `word` (a normalized query word) may be part of a name typed in Latin letters over
/// several words: ASCII letters or Arabizi digits, a letter among them, at least two characters
/// (al, el, bin, abu, and the name's words themselves).
bool is_latin_name_part(std::string_view word);

/// Consecutive Latin words of a query read as one name (latin_name_spans).
struct LatinNameSpan {
  std::size_t first = 0;  // its first word, an index into the words given
  std::size_t count = 1;  // how many words it covers
  // What is looked up: a form of the exonym table of several words ("abu dhabi"), the words
  // joined into the one word a compound name is (abdel fattah: "abdelfattah"; nasr allah,
  // salah al din), or the name after its article ("assad" of al-Assad); `particle` unset. Or,
  // with `particle` set (bin Salman, abu Bakr), the particle's Arabic word and the name after it,
  // searched as their phrase; `lookup` is then the name after it.
  std::string lookup;
  std::optional<CompoundName> particle;
};

/// `words` (normalized query words in the order typed, each is_latin_name_part) read as names,
/// left to right: at each word, the longest run of up to kMaxLatinNameWords words that is a form
/// of the exonym table ("saudi arabia", "abu dhabi", "hong kong"); else the transliteration
/// rules for two or three words: an article and a name (al assad, el sisi, ash sharaa, ez zor:
/// the article's sun-letter forms only before that letter), Abd and its article before a name
/// (abdel fattah, abd al aziz), a name before allah or (al) din (nasr allah, salah al din,
/// nour eddine), a particle before a name (bin, ben, ibn, bint, abu, abou, umm: bin salman). Only
/// the spans of several words are listed: a word of none is searched as a word of its own.
std::vector<LatinNameSpan> latin_name_spans(const std::vector<std::string>& words);

/// The most words a name of the exonym table may have.
inline constexpr std::size_t kMaxLatinNameWords = 4;

/// How far a stem of the index is from `rendering` (latin_to_arabic's) as a spelling of one name:
/// a weighted edit distance where a Latin vowel the stem lacks costs a quarter of a letter
/// (English writes short vowels: Netanyahu نتنياهو), but the stressed one, the last vowel before
/// a consonant, kStressedVowelCost (Arabic writes a name's stressed vowel long: Boris بوريس, not
/// برس; Salah صلاح, not صالح), a long vowel of the stem the Latin lacks half (Trump ترامب), ع
/// three quarters, a hamza on a seat more than a letter (Latin spellings never write one),
/// swapping two letters one Latin letter stands for (ت/ط/ث, س/ص, ح/ه, د/ض/ذ, ز/ظ, ك/ق, ج/غ) a
/// quarter, and the stem's final ة (or ه) nothing, with the Latin vowel, or for ة the vowel and h
/// (Hasakah الحسكة), that writes it. Putin → بوتين 0, باطن more.
/// Without `stressed`, the stressed vowel costs as any other (an English e: Kushner كوشنر).
double latin_spelling_distance(std::string_view rendering, std::string_view stem,
                               bool stressed = true);

/// The least latin_spelling_distance of `stem` from `renderings` (latin_renderings'), the second
/// and later costing kVoicedSCost more.
double latin_spelling_distance(const std::vector<std::string>& renderings, std::string_view stem,
                               bool stressed = true);

/// Whether the stressed vowel of a Latin word (the last before a single consonant: sh, kh, th
/// and the like one) is one Arabic writes long: a, i, o, u (Salah صلاح, Boris بوريس), not a lone
/// e, an English schwa (Kushner كوشنر, Theresa) or the short e of Arabic names (Ahmed أحمد).
bool latin_stress_written_long(std::string_view word);

/// What a Latin vowel at the stressed place costs when the stem lacks it.
inline constexpr double kStressedVowelCost = 0.5;

/// Whether `stem` (a normalized Arabic word, its article included or not) is a word of the
/// language the lexicon holds (data/lexicon-ar.txt: a base word of the dictionary) and no name or
/// place name of it: ترس, سلاح, صالح, which a Latin name's letters may spell by chance.
bool is_common_word(std::string_view stem);

/// The Arabic letters a stem with one of `keys` may start with (a key's first mark or class),
/// each as UTF-8, for a caller that looks for such stems among an index's words by prefix.
std::vector<std::string> key_first_letters(const std::vector<std::string>& keys);

}  // namespace bahth

#endif  // BAHTH_ANALYSIS_TRANSLITERATION_H_
