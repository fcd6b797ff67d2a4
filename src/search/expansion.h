// Pseudo-relevance feedback: widen a query with the most informative terms of its best results.
#ifndef BAHTH_SEARCH_EXPANSION_H_
#define BAHTH_SEARCH_EXPANSION_H_

#include <xapian.h>

#include "bahth/stemmers.h"
#include "schema/champions.h"

namespace bahth::search {

/// How a query is widened. Chosen on ARCD (bench/HISTORY.md, "Query expansion").
struct ExpansionSettings {
  Xapian::doccount feedback_documents = 3;  // top results taken as relevant
  Xapian::termcount terms = 20;             // terms added
  double weight = 0.05;                     // of the added terms, relative to the query's
  schema::Bm25Parameters bm25 = schema::kPassageBm25;  // as the search weighs the query
};

/// Runs `feedback_query` (the query with the user's filters), takes its top documents as
/// relevant, and returns `query` combined with the best terms Xapian's ESet draws from them
/// (bag-of-words terms only: no ids, sections, dates or field-prefixed copies), scaled by
/// `settings.weight`: OR'd, so that articles using other words for the topic are found, or,
/// with `only_reorder`, added with AND_MAYBE so the set of matches stays the query's own. Terms
/// of the query itself are left out. Returns `query` unchanged when nothing matches. Filters
/// are for the caller to apply to the result, as to any query.
Xapian::Query expand_query(const Xapian::Database& db, const Xapian::Query& feedback_query,
                           const Xapian::Query& query, const Analysis& analysis, bool only_reorder,
                           const ExpansionSettings& settings = {});

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_EXPANSION_H_
