// Turns a user's query string into a Xapian query with the index's own analysis.
#ifndef BAHTH_SEARCH_QUERY_BUILDER_H_
#define BAHTH_SEARCH_QUERY_BUILDER_H_

#include <xapian.h>

#include <string>
#include <string_view>

#include "bahth/analyzer.h"

namespace bahth::search {

/// Applies bahth's normalization to every word of `query` while keeping Xapian's upper-case
/// operators (AND, OR, NOT, XOR, NEAR, ADJ) as they are, since normalization lower-cases Latin;
/// with `keep_operators` false they are dropped instead.
std::string normalize_query(std::string_view query, bool keep_operators = true);

/// "2018", "2018-03" or "2018-03-05" → its first day (or, with `end`, its last) as YYYYMMDD, the
/// form of schema::kDateSlot; a partial date thus covers its whole year or month. Throws
/// UsageError starting with `what` (e.g. "--since 2018-13") for anything else.
std::string date_bound(std::string_view date, bool end, std::string_view what);

/// Documents dated from `low` to `high` (YYYYMMDD, inclusive); an empty bound is open.
/// REQUIRES: not both empty.
Xapian::Query date_range_query(const std::string& low, const std::string& high);

/// A parsed query.
struct ParsedQuery {
  Xapian::Query query;
};

/// Weight of an exact (unstemmed) match relative to a stem match, on top of it. Chosen on ARCD
/// (bench/RESULTS.md): 0.2 → MRR@10 0.838, 0.5 → 0.840, 1.0 → 0.829; without it 0.832.
inline constexpr double kExactMatchBonus = 0.5;

/// Most words a wildcard may expand to before the query is refused.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;

/// Parses queries with the analysis recorded in the index. Throws UsageError for a query with
/// no words, or one the parser cannot read even leniently.
ParsedQuery parse_query(std::string_view query, const Xapian::Database& db, StemmerKind stemmer);

/// A spelling-corrected, normalized form of `query` from the index's spelling data, or empty
/// when no word looks misspelled or the correction would only add the article ال. Costly (it reads
/// the spelling table for every word), so the searcher asks only when a query finds nothing.
std::string suggest_correction(std::string_view query, const Xapian::Database& db,
                               StemmerKind stemmer);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUERY_BUILDER_H_
