// Dates in searches: the user's date bounds (--since/--until and ranges written in the query),
// the queries that filter on them, and the month arithmetic of the date facets. The stored forms
// (the date slot's YYYYMMDD, the month and year terms) are schema's.
#ifndef BAHTH_SEARCH_DATES_H_
#define BAHTH_SEARCH_DATES_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>

namespace bahth::search {

/// "2018", "2018-03" or "2018-03-05" → its first day (or, with `end`, its last) as YYYYMMDD, the
/// form of schema::kDateSlot; a partial date thus covers its whole year or month. Throws
/// UsageError starting with `what` (e.g. "--since 2018-13") for anything else.
std::string date_bound(std::string_view date, bool end, std::string_view what);

/// Documents of `db` dated from `low` to `high` (YYYYMMDD, inclusive); an empty bound is open.
/// Built from the year and month terms of the index (the months it lists), with the date value
/// checked only inside a month the range covers in part. REQUIRES: not both empty.
Xapian::Query date_range_query(const Xapian::Database& db, const std::string& low,
                               const std::string& high);

/// Reads date ranges written in a query ("2018-03..2018-04", "2018..", "..2018-06-30") for the
/// QueryParser, as date_range_query does for --since/--until. A range it cannot read is recorded
/// in `*error` (the first one only), since the parser itself would only say "Unknown range
/// operation"; a range no article falls in matches nothing.
Xapian::RangeProcessor* make_date_range_processor(const Xapian::Database& db,
                                                  std::shared_ptr<std::string> error);

/// "YYYYMM…" as a count of months, so that spans and gaps are simple subtraction.
int month_index(std::string_view yyyymm);

/// The inverse of month_index: "YYYY-MM".
std::string month_label(int index);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_DATES_H_
