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

/// A spelling-corrected, normalized form of `query`, or empty when every word is known to the
/// index (as written or through its stem), no close word is, or the corrected query finds
/// nothing. A word is replaced by its best spelling_candidates() (spelling.h): never by the same
/// word with a prefix such as ال added or dropped. Costs two term lookups a known word, and a few
/// hundred for an unknown one, so the searcher asks on every query. Corrections two letters
/// away are only offered when `query_found_nothing`.
std::string suggest_correction(std::string_view query, const Xapian::Database& db,
                               StemmerKind stemmer, bool query_found_nothing);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUERY_BUILDER_H_
