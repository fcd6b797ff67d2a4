// Turns a user's query string into a Xapian query with the index's own analysis.
#ifndef BAHTH_SEARCH_QUERY_BUILDER_H_
#define BAHTH_SEARCH_QUERY_BUILDER_H_

#include <xapian.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/stemmers.h"
#include "parsed_query.h"
#include "query_text.h"
#include "ranking.h"
#include "transliteration.h"

namespace bahth::search {

/// The exact forms that count as typed for the exact-word term `term` (a field prefix and a
/// normalized word): the term, then the term with each other stem of its stem's variant group
/// (variants.h's variant_group) in the stem's place (ترمب: ترامب; لترمب: لترامب), where the
/// index holds it; the same forms whichever of them is `term`.
std::vector<std::string> exact_forms(const std::string& term, const Xapian::Database& db,
                                     const Analysis& analysis);

/// How much of the exact-word bonus a term gets: the IDF of its exact forms (their document
/// frequencies summed, at most N) as a share of the largest possible, log(N / df) / log(N),
/// raised to `power` (exact_bonus_idf_power); a word in every document gets none. 1 for terms
/// the database does not hold, or a database of fewer than two documents.
double exact_bonus_share(const Xapian::Database& db, const std::vector<std::string>& forms,
                         double power);

/// Most words a wildcard may expand to before the query is refused.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;

/// Most words all the wildcards of a query may expand to together (each one also obeys
/// kMaxWildcardExpansion): hundreds of short wildcards would otherwise OR tens of thousands of
/// terms.
inline constexpr Xapian::termcount kMaxWildcardExpansionTotal = 5000;

/// Most words a query may have. Xapian takes time quadratic in the number of query words that
/// are not in the index (measured: 2,500 words 0.7 s, 10,000 words 11 s, 18,000 words 50 s);
/// 1,000 words take about 0.1 s.
inline constexpr std::size_t kMaxQueryWords = 1000;

/// Deepest nesting of parentheses accepted. Xapian's query tree is walked recursively, so depth
/// costs stack; nobody writes more than a few levels.
inline constexpr std::size_t kMaxQueryNesting = 64;

/// Reads `query` once, before any parsing: its normalized text, its free words, the stems and
/// normalized forms of its words with the words typed, and a WordLookups on `db` that every
/// consumer of the query shares: `lookups` when given (a correction shares those of the query
/// it corrects, which already looked up most of its words), else new ones. Throws UsageError for
/// a query longer than kMaxQueryBytes (its other limits are checked by build_query()).
ParsedQuery read_query(std::string_view query, const Xapian::Database& db, const Analysis& analysis,
                       std::shared_ptr<WordLookups> lookups = {});

/// What build_query() searches besides the words as typed.
struct QueryAdditions {
  // Latin words the index knows rarely, with its Arabic spellings of them (transliteration.h).
  bool transliterate = true;
  // A word the index lacks, with the index's words one edit away (did_you_mean.h's
  // near_spelling_terms), when the query has a word the index knows: beside it they only add
  // evidence, and are noted (ParsedQuery::near_spellings). A query of words the index lacks
  // only gets none: they would be all it finds, a correction nobody was told of; its
  // correction (searched when confident, else suggested) is the searcher's to decide. A
  // search told not to correct (SearchOptions::correct false) turns them off.
  bool near_spellings = true;
};

/// Builds the Xapian query of a query read by read_query() (`parsed.query` and `parsed.words`,
/// with its warnings and transliterations), with the analysis recorded in the index. Throws
/// UsageError for a query with no words, one longer than kMaxQueryBytes or kMaxQueryWords or
/// nested deeper than kMaxQueryNesting (all counted on the normalized query, as the parser reads
/// it), one whose wildcards expand to more than kMaxWildcardExpansionTotal words, or one the
/// parser cannot read even leniently. A date range that no article falls in matches nothing (not
/// an error). Reading the index's spelling variants stops at `deadline` (the search's time
/// budget). `additions` says what is searched besides the words typed.
void build_query(ParsedQuery& parsed, const Xapian::Database& db, const Analysis& analysis,
                 std::optional<std::chrono::steady_clock::time_point> deadline = {},
                 QueryAdditions additions = {});

/// `query` (a correction, say) read with `lookups` and built, transliterations included, when it
/// matches an article; none when it matches none or is not a query bahth accepts. The searcher
/// searches a correction it returns as it is, rather than reading and building it again.
std::optional<ParsedQuery> parse_if_it_finds(
    std::string_view query, const Xapian::Database& db, const Analysis& analysis,
    std::optional<std::chrono::steady_clock::time_point> deadline = {},
    std::shared_ptr<WordLookups> lookups = {});

/// True when parse_if_it_finds() returns a query.
bool finds_anything(std::string_view query, const Xapian::Database& db, const Analysis& analysis);

/// read_query() then build_query().
ParsedQuery parse_query(std::string_view query, const Xapian::Database& db,
                        const Analysis& analysis,
                        std::optional<std::chrono::steady_clock::time_point> deadline = {},
                        QueryAdditions additions = {});

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUERY_BUILDER_H_
