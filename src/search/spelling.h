// "Did you mean": corrections of misspelled Arabic words from the words the index holds.
#ifndef BAHTH_SEARCH_SPELLING_H_
#define BAHTH_SEARCH_SPELLING_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth::search {

/// A replacement for one word and what it costs to get there: 0.5 for a letter swapped with a
/// letter people confuse (ض/ظ, ذ/ز, د/ذ, ت/ط, س/ص, ث/س, ه/ت, ح/ه, hamza and its seats), 1 for
/// any other one-letter edit (a letter dropped, added, replaced, or two neighbours swapped), and
/// the edit distance for Xapian's own suggestion.
struct WordCandidate {
  std::string word;
  double cost = 0;
  Xapian::doccount frequency = 0;  // documents that contain the word
};

/// True when `a` and `b` (normalized) are one word with different prefixes: the conjunctions
/// و ف, the prepositions ب ك ل and the article ال (لل after ل), in that order, any of them left
/// out, with at least two letters left. Such a change finds what the query finds: no correction.
bool differ_by_prefix_only(std::string_view a, std::string_view b);

/// Words of the index within one edit of `word` (normalized), or Xapian's spelling suggestion,
/// best first: cheapest edit, then the most frequent. Leaves out words that differ from `word`
/// by a prefix only, or have its stem. Each candidate costs one term lookup. Three-letter words
/// get confusions only, words under seven letters one edit; longer ones two (Xapian's
/// suggestion) when `allow_two_edits`.
std::vector<WordCandidate> spelling_candidates(std::string_view word, const Xapian::Database& db,
                                               const Analyzer& analyzer, bool allow_two_edits);

/// Shortest word (in letters) that near_spelling_terms() looks at: shorter words have too many
/// neighbours one edit away that are other words. 4 rather than 5: ARCD MRR@10 +0.0006 on both
/// halves of its questions, the known-item checks unchanged (bench/RESULTS.md).
inline constexpr std::size_t kMinNearSpellingLetters = 4;

/// Most index words one query word may also match through near_spelling_terms().
inline constexpr std::size_t kMaxNearSpellings = 3;

/// For a query word (normalized) that the index does not hold at all, as written or through
/// its stem: the index terms of its best spelling_candidates() one edit away (a transliterated
/// name spelled one letter differently: توجو/توغو), at most kMaxNearSpellings, as stem terms
/// when `stemmed`. Empty for a known word or one shorter than kMinNearSpellingLetters.
std::vector<std::string> near_spelling_terms(std::string_view word, const Xapian::Database& db,
                                             const Analyzer& analyzer, bool stemmed);

/// True when the index holds `word` (normalized), as it is or through its stem.
bool index_knows(std::string_view word, const Xapian::Database& db, const Analyzer& analyzer);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_SPELLING_H_
