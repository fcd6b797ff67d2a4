// Facets of a search: how many of its results fall in each section, outlet and month (or year).
#ifndef BAHTH_SEARCH_FACETS_H_
#define BAHTH_SEARCH_FACETS_H_

#include <xapian.h>

#include "bahth/searcher.h"

namespace bahth::search {

/// Counts the results of `filtered_query` (the query the search runs, filters included) per
/// section, source and period, up to `count_up_to` matches (Facets::exact says whether every
/// match was counted). Copies that the search folds into one result are counted once, unless
/// `options.show_duplicates`.
Facets count_facets(const Xapian::Database& db, const Xapian::Query& filtered_query,
                    Xapian::doccount count_up_to, const SearchOptions& options);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_FACETS_H_
