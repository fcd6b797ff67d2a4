#include "facets.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dates.h"
#include "phrase_check.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

// Per-day counts of the date slot → per month (or per year when they span more than
// kMonthlyFacetsUpTo months), oldest first, empty periods included so the series is a timeline.
// (`folded`: per-day counts to take out, see FoldedCopies.)
std::vector<FacetCount> date_periods(const Xapian::ValueCountMatchSpy& dates,
                                     const std::map<std::string, std::uint64_t>& folded,
                                     bool& by_year, std::uint64_t& dated) {
  std::map<int, std::uint64_t> per_month;
  dated = 0;
  for (auto v = dates.values_begin(); v != dates.values_end(); ++v) {
    const std::string& day = *v;
    if (day.size() != 8) continue;  // not written by schema::date_value
    const auto found = folded.find(day);
    const std::uint64_t n = v.get_termfreq() - (found == folded.end() ? 0 : found->second);
    if (n == 0) continue;
    per_month[month_index(day)] += n;
    dated += n;
  }
  std::vector<FacetCount> periods;
  if (per_month.empty()) return periods;
  const int first = per_month.begin()->first;
  const int last = per_month.rbegin()->first;
  by_year = last - first + 1 > kMonthlyFacetsUpTo;
  const int step = by_year ? 12 : 1;
  for (int period = by_year ? first - first % 12 : first; period <= last; period += step) {
    FacetCount bucket;
    bucket.value = by_year ? std::to_string(period / 12) : month_label(period);
    for (int m = period; m < period + step; ++m) {
      if (const auto found = per_month.find(m); found != per_month.end())
        bucket.count += found->second;
    }
    periods.push_back(std::move(bucket));
  }
  return periods;
}

// Per-value counts of one slot, most first, ties in byte order; `sum` gets their total.
std::vector<FacetCount> value_counts(const Xapian::ValueCountMatchSpy& spy,
                                     const std::map<std::string, std::uint64_t>& folded,
                                     std::uint64_t& sum) {
  std::vector<FacetCount> counts;
  sum = 0;
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
    const auto found = folded.find(*v);
    const std::uint64_t n = v.get_termfreq() - (found == folded.end() ? 0 : found->second);
    if (n == 0) continue;
    counts.push_back({*v, n});
    sum += n;
  }
  std::stable_sort(counts.begin(), counts.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  return counts;
}

// The matches that collapsing folds into a better-ranked copy, per slot value: the spies count
// them (Xapian calls them before it collapses), the result count does not.
struct FoldedCopies {
  std::uint64_t count = 0;
  std::map<std::string, std::uint64_t> sections, sources, days;
};

// Finds the folded copies among the matches of `filtered_query` (the query the search ran):
// the matches that have a duplicate-group key, in the search's own order, are every copy; the
// first of each key is the one results show. Weights do not depend on which documents match,
// so the order is the search's.
FoldedCopies folded_copies(const Xapian::Database& db, const Xapian::Query& filtered_query,
                           const SearchOptions& options) {
  FoldedCopies folded;
  Xapian::Enquire copies(db);
  set_positional_query(
      copies, db,
      Xapian::Query(
          Xapian::Query::OP_FILTER, filtered_query,
          // Every non-empty key is at least "\0"; with "" the range would take every document.
          Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDuplicateGroupSlot,
                        std::string(1, '\0'))));
  if (options.sort == SortOrder::date) {
    copies.set_sort_by_value_then_relevance(schema::kTimestampSlot, true);
  }
  const Xapian::MSet mset = copies.get_mset(0, db.get_doccount());
  std::set<std::string> groups;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const std::string key = doc.get_value(schema::kDuplicateGroupSlot);
    if (key.empty() || groups.insert(key).second) continue;
    ++folded.count;
    if (std::string v = doc.get_value(schema::kSectionSlot); !v.empty()) ++folded.sections[v];
    if (std::string v = doc.get_value(schema::kSourceSlot); !v.empty()) ++folded.sources[v];
    if (std::string v = doc.get_value(schema::kDateSlot); !v.empty()) ++folded.days[v];
  }
  return folded;
}

// Counts, per value of a slot, of the matches a search looks at; attached to an Enquire.
struct FacetSpies {
  Xapian::ValueCountMatchSpy sections{schema::kSectionSlot};
  Xapian::ValueCountMatchSpy sources{schema::kSourceSlot};
  Xapian::ValueCountMatchSpy dates{schema::kDateSlot};

  // Counts the matches of `filtered_query` (the query the search runs) up to `count_up_to`,
  // in a match of its own without collapsing: next to a collapse key, Xapian 1.4 shows match
  // spies only some of the matches (5 of 451 for a page of one result), so they cannot count
  // the results. The spies saw every match when they saw fewer than `count_up_to` (Xapian ran
  // out of matches before it could stop); then the copies that collapsing folds away are taken
  // out, so the counts are of the results the total counts.
  Facets count(const Xapian::Database& db, const Xapian::Query& filtered_query,
               Xapian::doccount count_up_to, const SearchOptions& options) {
    Xapian::Enquire enquire(db);
    set_positional_query(enquire, db, filtered_query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // counting only: no ranking needed
    enquire.add_matchspy(&sections);
    enquire.add_matchspy(&sources);
    enquire.add_matchspy(&dates);
    enquire.get_mset(0, 1, count_up_to);
    Facets facets;
    const std::uint64_t seen = sections.get_total();
    facets.exact = seen < count_up_to;
    FoldedCopies folded;
    if (facets.exact && !options.show_duplicates) {
      folded = folded_copies(db, filtered_query, options);
    }
    facets.counted = seen - folded.count;
    std::uint64_t with_section = 0;
    facets.sections = value_counts(sections, folded.sections, with_section);
    facets.without_section = facets.counted - with_section;
    std::uint64_t with_source = 0;
    facets.sources = value_counts(sources, folded.sources, with_source);
    facets.without_source = facets.counted - with_source;
    std::uint64_t dated = 0;
    facets.periods = date_periods(dates, folded.days, facets.by_year, dated);
    facets.undated = facets.counted - dated;
    return facets;
  }
};

}  // namespace

Facets count_facets(const Xapian::Database& db, const Xapian::Query& filtered_query,
                    Xapian::doccount count_up_to, const SearchOptions& options) {
  return FacetSpies().count(db, filtered_query, count_up_to, options);
}

}  // namespace bahth::search
