// Latin-letter and Arabizi query words (Trump, Khashoggi, 7ezb) that the index knows rarely or
// not at all, searched with the index's own Arabic spellings of them (ترامب، ترمب): the word's
// keys (analysis/transliteration.h) matched to the stems of the index that share one.
#ifndef BAHTH_SEARCH_TRANSLITERATION_H_
#define BAHTH_SEARCH_TRANSLITERATION_H_

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth {
struct LatinNameSpan;  // analysis/transliteration.h
}  // namespace bahth

namespace bahth::search {

/// A Latin word of the query and the stems of the index searched with it as one word.
struct Transliteration {
  std::string word;  // as the query parser read it (lower case)
  // Stems, most articles first; a spelling of several words (حزب الله for Hezbollah) as its
  // stems separated by kPhraseSeparator, searched as a phrase (spelling_query).
  std::vector<std::string> matches;
  // For a name of the exonym table (analysis/exonyms.h), its spellings that the index holds,
  // shown in place of the stems (القاهرة rather than قاهره); empty otherwise.
  std::vector<std::string> shown;
};

/// Between the stems of a match that is a phrase (Transliteration::matches). No stem holds it.
inline constexpr char kPhraseSeparator = ' ';

/// The query for one of Transliteration::matches in the field of `prefix` (schema::kStemPrefix
/// and the field's letters): its stem term, or for a phrase the phrase of its stem terms.
Xapian::Query spelling_query(std::string_view prefix, std::string_view match);

/// How many articles of `db` hold `match` (one of Transliteration::matches): its stem's term
/// frequency, or for a phrase Xapian's estimate once at least `at_least` articles were counted
/// (below `at_least`, the exact count: a phrase is checked in each article).
Xapian::doccount spelling_docs(const Xapian::Database& db, std::string_view match,
                               Xapian::doccount at_least);

/// A Latin word in at least kFrequentLatinShare of the articles, and kFrequentLatinDocs of
/// them, is a word of the index (BBC, Facebook in an index that prints it), searched as it is.
inline constexpr double kFrequentLatinShare = 0.01;
inline constexpr Xapian::doccount kFrequentLatinDocs = 5;
/// An Arabic spelling is searched only when it is in more articles than the Latin word, by this
/// factor, and in at least kMinTransliterationDocs: otherwise the Latin word is what the index
/// uses, or the match is a chance one.
inline constexpr Xapian::doccount kLatinFrequencyFactor = 2;
inline constexpr Xapian::doccount kMinTransliterationDocs = 2;
/// The stems sharing a key with the Latin word are ranked by latin_spelling_distance minus
/// kLatinFrequencyWeight × log10(articles holding the stem): a close spelling first, but of two
/// about as close the index's usual one (Netanyahu: نتنياهو in thousands of articles before
/// نيتانياهو in two). Those scoring within kMaxLatinScoreMargin of the best are searched, at most
/// kMaxTransliterationMatches, none further than kMaxLatinSpellingDistance; with the spellings
/// the index learned for them. Chosen on bench/latin_names.tsv (bench/RESULTS.md).
inline constexpr double kLatinFrequencyWeight = 0.4;
inline constexpr double kMaxLatinScoreMargin = 0.25;
inline constexpr double kMaxLatinSpellingDistance = 2.5;
inline constexpr std::size_t kMaxTransliterationMatches = 4;
/// A stem that is a common word of the language (analysis/transliteration.h: is_common_word)
/// costs up to kCommonWordWeight more as fewer than kNameBareShare of its articles hold it bare,
/// with no affix (a name is mostly written bare: تيريزا, صلاح; the stem of ترسانة or السلاح is
/// not). Chosen on the tuned parts of bench/latin_names.tsv.
inline constexpr double kCommonWordWeight = 1.5;
inline constexpr double kNameBareShare = 0.6;
/// A phrase of spellings (a compound name's, a pair's) is counted exactly up to this many
/// articles, estimated above: enough to tell a name from a chance meeting of two words.
inline constexpr Xapian::doccount kPhraseCountedDocs = 50;
/// Two Latin words typed in a row that no name of several words covers (Theresa May, Mohamed
/// Salah) are looked up together: the kMaxNamePairCandidates best stems of each (one consonant
/// is enough: May ماي; no function word: من for Mane). The phrases of one
/// of each in that order that the index holds in at least kMinNamePairDocs articles are scored
/// by both words' distances less kLatinFrequencyWeight × log10(the phrase's articles), and each
/// word's matches are the stems of the phrases within kMaxLatinScoreMargin of the best
/// (تيريزا ماي; محمد صلاح, not محمد صالح; الشيخ زويد, not الشيخ زايد). Otherwise each word is
/// looked up on its own.
inline constexpr std::size_t kMaxNamePairCandidates = 4;
inline constexpr Xapian::doccount kMinNamePairDocs = 3;
/// A compound name's rest (analysis/transliteration.h: malek of Abdelmalek) is tried as the
/// phrase's other word in its this many closest stems.
inline constexpr std::size_t kMaxCompoundCandidates = 6;
/// Latin words of one query looked up (each reads the index's stems under a few first letters).
inline constexpr std::size_t kMaxTransliteratedWords = 8;

/// The stems of `db` that the exonym table (analysis/exonyms.h) gives for `latin`: each of the
/// table's spellings of it analysed by `analyzer` (one word, one stem; several words, a phrase
/// of their stems: رام الله), those in at least `min_docs` articles with the spellings the index
/// learned for the one-word ones (variants.h), at most kMaxTransliterationMatches, most articles
/// first; in `shown` the table's spellings behind them. Empty when the table does not hold
/// `latin` or the index none of its spellings.
std::vector<std::string> exonym_matches(std::string_view latin, const Xapian::Database& db,
                                        const Analyzer& analyzer, Xapian::doccount min_docs,
                                        std::vector<std::string>& shown);

/// The stems of `db` (its unprefixed field) that `latin` (is_latin_word) may be a spelling of,
/// most articles first: those of exonym_matches() when the table holds it (`shown` then set as
/// there), else those sharing a key with it and, for a compound name (Abdelmalek عبد الملك,
/// Nasrallah نصر الله: analysis/transliteration.h), the phrases of its two words that `db`
/// holds; none when `latin` is frequent in `db` (kFrequentLatinShare) or nothing matches.
std::vector<std::string> transliteration_matches(std::string_view latin, const Xapian::Database& db,
                                                 const Analyzer& analyzer,
                                                 std::vector<std::string>& shown);

/// As above once the Latin word's own articles are counted: spellings in fewer than `min_docs`
/// articles are not searched. `latin` may also be a form of the exonym table of several words
/// (abu dhabi), looked up in the table only. With `after_article`, `latin` followed an article
/// typed before it (al-Baghdadi): a common word's stem held mostly after ال (البغدادي) is then
/// read as bare, as a name's.
std::vector<std::string> transliteration_matches(std::string_view latin, Xapian::doccount min_docs,
                                                 const Xapian::Database& db,
                                                 const Analyzer& analyzer,
                                                 std::vector<std::string>& shown,
                                                 bool after_article = false);

/// The stems and phrases of `db` that a name typed as several Latin words (`span` of
/// latin_name_spans, over the words `typed`) may be a spelling of, most articles first: none
/// when `db` holds the typed words as a phrase often (kFrequentLatinShare); for a particle and
/// a name (bin Salman), the phrases of the particle and of a stem close to the name that `db`
/// holds (as for a compound name); else transliteration_matches() of span.lookup (a form of the
/// exonym table, a compound name's joined words, or the name after its article), `shown` set as
/// there. Spellings need twice the articles of the typed phrase, as for one word.
std::vector<std::string> latin_name_matches(const LatinNameSpan& span,
                                            const std::vector<std::string>& typed,
                                            const Xapian::Database& db, const Analyzer& analyzer,
                                            std::vector<std::string>& shown);

/// `query` with each stem term (unprefixed or of a field) of a Latin word that has matches
/// replaced by OP_SYNONYM of the term and the matches (in the same field; a phrase match as
/// OP_PHRASE of its stems), so the spellings score as one word; each word transliterated is added
/// to `found` once. Latin words in a row among the words of an OR (the parser's default) that
/// name one thing (latin_name_spans: Abu Dhabi, bin Salman, al Assad) are one word instead, when
/// the name has matches (latin_name_matches): OP_SYNONYM of the phrase of their terms (what was
/// typed stays searchable) and the matches; a phrase of Latin words (quoted, or hyphenated:
/// al-Assad) that is one name as a whole likewise; `found` then holds the words joined by a
/// space ("abu dhabi"). Words of a name without matches are searched each on its own as typed,
/// never transliterated one by one: a part of a name is no name (Dhabi is not دبي). The operators
/// are walked as with_spelling_variants walks them (OP_SYNONYM too, for words with learned
/// variants).
Xapian::Query with_transliterations(const Xapian::Query& query, const Xapian::Database& db,
                                    const Analyzer& analyzer, std::vector<Transliteration>& found);

/// `word` (lower case) as typed in `query` ("trump" in "Trump visit" is "Trump"), or `word`
/// itself when the query does not hold it.
std::string typed_form(std::string_view query, std::string_view word);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_TRANSLITERATION_H_
