// Turns a user's query string into a Xapian query with the index's own analysis.
#ifndef BAHTH_SEARCH_QUERY_BUILDER_H_
#define BAHTH_SEARCH_QUERY_BUILDER_H_

#include <xapian.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/stemmers.h"
#include "transliteration.h"

namespace bahth::search {

/// True for Xapian's query operators as the parser reads them (AND, OR, NOT, XOR, NEAR, ADJ, and
/// NEAR/n, ADJ/n).
bool is_operator(std::string_view word);

/// Words of `text` as the tokenizer finds them, as the query limits count them.
std::size_t count_words(std::string_view text);

/// Applies bahth's normalization to every word of `query` while keeping Xapian's upper-case
/// operators (AND, OR, NOT, XOR, NEAR, ADJ) as they are, since normalization lower-cases Latin;
/// with `keep_operators` false they are dropped instead.
std::string normalize_query(std::string_view query, bool keep_operators = true);

/// A parsed query.
struct ParsedQuery {
  Xapian::Query query;
  // What the index's metadata made the parser leave out (spelling variants over their limits
  // or past the deadline), for the user; the caller names the index.
  std::vector<std::string> warnings;
  // Latin words searched with the index's Arabic spellings of them (transliteration.h).
  std::vector<Transliteration> transliterations;
};

/// Weight of an exact (unstemmed) match relative to a stem match, on top of it. Chosen on ARCD
/// (bench/HISTORY.md): 0.2 → MRR@10 0.838, 0.5 → 0.840, 1.0 → 0.829; without it 0.832.
inline constexpr double kExactMatchBonus = 0.5;

/// The exact forms that count as typed for the exact-word term `term` (a field prefix and a
/// normalized word): the term, then the term with each other stem of its stem's variant group
/// (variants.h's variant_group) in the stem's place (ترمب: ترامب; لترمب: لترامب), where the
/// index holds it; the same forms whichever of them is `term`.
std::vector<std::string> exact_forms(const std::string& term, const Xapian::Database& db,
                                     const Analysis& analysis);

/// The exact-word bonus's IDF scaling by query length (free words, not operators or stopwords):
/// whole up to kIdfScaledUpTo words, none from kUnscaledFrom, fading between. In a question
/// (ARCD: 6 words on average) a common word found as typed says little, and the scaling keeps it
/// from outranking an answer that holds a rare word in another form (ARCD MRR@10 0.8503 without
/// it, 0.8514 with it); in a passage used as the query (a summary, a lead: 23 words) the words
/// found as typed together are what tells the article from another outlet's report of the same
/// event, and the scaling cost a known-item set 0.006 MRR@10 (bench/HISTORY.md, issue 28).
inline constexpr std::size_t kIdfScaledUpTo = 8;
inline constexpr std::size_t kUnscaledFrom = 12;

/// The exponent of the IDF share (exact_bonus_share) for a query of `words` free words: 1, 0,
/// or between (kIdfScaledUpTo, kUnscaledFrom).
double exact_bonus_idf_power(std::size_t words);

/// The same for a query as typed (normalized and its free words counted here).
double exact_bonus_idf_power(std::string_view query);

/// How much of the exact-word bonus a term gets: the IDF of its exact forms (their document
/// frequencies summed, at most N) as a share of the largest possible, log(N / df) / log(N),
/// raised to `power` (exact_bonus_idf_power); a word in every document gets none. 1 for terms
/// the database does not hold, or a database of fewer than two documents.
double exact_bonus_share(const Xapian::Database& db, const std::vector<std::string>& forms,
                         double power);

/// Weight of a match through a word one edit away from a query word the index does not hold
/// (spelling.h's near_spelling_terms), relative to a match of the word itself. The word itself
/// matches nothing, so its neighbours (one OP_SYNONYM) stand for it at full weight: on ARCD, whose
/// questions are typed with slips (الهعروف, قاءد), 0.5 → MRR@10 0.8487, 0.8 → 0.8500, 1.0 →
/// 0.8509 (both halves of the questions gain); the known-item checks, one with a letter changed
/// in a title word, do not move (bench/HISTORY.md).
inline constexpr double kNearSpellingWeight = 1.0;

/// BM25 as bahth ranks: Xapian's defaults (k1 = 1, k2 = 0, k3 = 1, b = 0.5) but for the floor of
/// the normalized document length, 0.2 instead of 0.5: a passage under half the average length
/// was scored as if it were half the average, which took weight from short articles that say
/// exactly what was asked (ARCD MRR@10 +0.001 on both halves; known-item unchanged).
Xapian::BM25Weight ranking_weight();

/// Most words a wildcard may expand to before the query is refused.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;

/// Most words all the wildcards of a query may expand to together (each one also obeys
/// kMaxWildcardExpansion): hundreds of short wildcards would otherwise OR tens of thousands of
/// terms.
inline constexpr Xapian::termcount kMaxWildcardExpansionTotal = 5000;

/// Longest query accepted, in bytes: what Linux allows one command-line argument (about 10,000
/// Arabic words), far more than anyone types, yet bounding the parser's time and memory (a query
/// file given to `bahth eval`, or a program using Searcher, could hold anything).
inline constexpr std::size_t kMaxQueryBytes = 128u << 10;

/// Most words a query may have. Xapian takes time quadratic in the number of query words that
/// are not in the index (measured: 2,500 words 0.7 s, 10,000 words 11 s, 18,000 words 50 s);
/// 1,000 words take about 0.1 s.
inline constexpr std::size_t kMaxQueryWords = 1000;

/// Deepest nesting of parentheses accepted. Xapian's query tree is walked recursively, so depth
/// costs stack; nobody writes more than a few levels.
inline constexpr std::size_t kMaxQueryNesting = 64;

/// Parses queries with the analysis recorded in the index. Throws UsageError for a query with
/// no words, one longer than kMaxQueryBytes or kMaxQueryWords or nested deeper than
/// kMaxQueryNesting (all counted on the normalized query, as the parser reads it), one whose
/// wildcards expand to more than kMaxWildcardExpansionTotal words, or one the parser cannot read
/// even leniently. A date range that no article falls in matches nothing (not an error).
/// Reading the index's spelling variants stops at `deadline` (the search's time budget). With
/// `transliterate`, Latin words the index knows rarely are searched with its Arabic spellings of
/// them too (transliteration.h).
ParsedQuery parse_query(std::string_view query, const Xapian::Database& db,
                        const Analysis& analysis,
                        std::optional<std::chrono::steady_clock::time_point> deadline = {},
                        bool transliterate = true);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUERY_BUILDER_H_
