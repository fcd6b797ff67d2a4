// How bahth weighs a match: BM25 as tuned, and the weights of the terms the parser adds beside
// the query's own. At the bottom of search/: the parser, expansion, recency and explain read it.
// The measurements behind each figure are in bench/HISTORY.md ("Ranking constants").
#ifndef BAHTH_SEARCH_RANKING_H_
#define BAHTH_SEARCH_RANKING_H_

#include <xapian.h>

#include <cstddef>

#include "schema/champions.h"

namespace bahth::search {

/// Weight of an exact (unstemmed) match relative to a stem match, on top of it. The best of the
/// values tried on ARCD (bench/HISTORY.md).
inline constexpr double kExactMatchBonus = 0.5;

/// The exact-word bonus's IDF scaling by query length (free words, not operators or stopwords):
/// whole up to kIdfScaledUpTo words, none from kUnscaledFrom, fading between. In a question
/// (ARCD: 6 words on average) a common word found as typed says little, and the scaling keeps it
/// from outranking an answer that holds a rare word in another form; in a passage used as the
/// query (a summary, a lead: 23 words) the words found as typed together are what tells the
/// article from another outlet's report of the same event (bench/HISTORY.md, issue 28).
inline constexpr std::size_t kIdfScaledUpTo = 8;
inline constexpr std::size_t kUnscaledFrom = 12;

/// The exponent of the IDF share (exact_bonus_share) for a query of `words` free words: 1, 0,
/// or between (kIdfScaledUpTo, kUnscaledFrom).
double exact_bonus_idf_power(std::size_t words);

/// Whether the exact-word bonus counts a learned spelling variant of a word as typed, for a
/// query of `words` free words: below kUnscaledFrom (ترمب and ترامب rank alike, whichever is
/// typed), not from it, where only the spelling typed gets the bonus. A short query names
/// something, and an outlet's spelling of the name says nothing of relevance; a passage used as
/// the query (a summary, a lead) is one outlet's text, whose spelling (الكيمياوية, not
/// الكيميائية) tells its article from another outlet's report of the same event: held-out
/// summaries MRR@10 0.9429 → 0.9435 (bench/HISTORY.md, issue 28). A step, not a fade like the
/// IDF scaling's: a fade weighs both the group and the form typed, two postings of one word,
/// +1.2% instructions for no ranking the step does not give on any set measured.
bool variants_count_as_typed(std::size_t words);

/// Weight of a match through a word one edit away from a query word the index does not hold
/// (did_you_mean.h's near_spelling_terms), relative to a match of the word itself. The word itself
/// matches nothing, so its neighbours (one OP_SYNONYM) stand for it at full weight: on ARCD,
/// whose questions are typed with slips (الهعروف, قاءد), both halves of the questions gain, and
/// the known-item checks do not move (bench/HISTORY.md).
inline constexpr double kNearSpellingWeight = 1.0;

/// BM25 as bahth ranks a query with `bm25` (ranking_parameters).
Xapian::BM25Weight ranking_weight(const schema::Bm25Parameters& bm25);

/// Longest query, in free words, weighed as a short one (ranking_parameters). 7 and 8 gave ARCD
/// the same figures on both halves; at 8 a held-out summary of 8 words (hs0008) fell from rank 2
/// to 3.
inline constexpr std::size_t kShortQueryUpTo = 7;

/// BM25's parameters for a query of `free_words` free words: Xapian's defaults (k1 = 1, k2 = 0,
/// k3 = 1) but for the floor of the normalized document length, 0.2 instead of 0.5 (a passage
/// under half the average length was scored as if it were half the average, which took weight
/// from short articles that say exactly what was asked: ARCD MRR@10 +0.001 on both halves), and
/// b, the weight of an article's length: 0.6 up to kShortQueryUpTo words
/// (schema::kShortQueryBm25), 0.5 (Xapian's) above (schema::kPassageBm25). A question of a few
/// words is best answered by a passage that says it briefly, and a longer one that repeats the
/// subject's name should not outweigh it: b 0.6 lifts ARCD MRR@10 on both halves (0.8546 →
/// 0.8578, questions of 6 words on average). A passage used as the query (a summary, a lead: 23
/// words) finds its article, long or short, best at 0.5: b 0.6 for every query took the
/// held-out summaries from 0.9429 to 0.9403 (bench/HISTORY.md, issue 28). k1 above 1 gained
/// ARCD more but lost the known-item sets' short queries (a lead from rank 1 to 16).
schema::Bm25Parameters ranking_parameters(std::size_t free_words);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_RANKING_H_
