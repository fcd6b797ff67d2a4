#include "bahth/stats.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "bahth/error.h"
#include "schema/layout.h"
#include "schema/schema.h"
#include "store/reader.h"
#include "store/store.h"

namespace bahth {
namespace {

// Counts documents per value of `slot` (section, outlet) by walking its value stream once (no
// query needed).
std::vector<std::pair<std::string, std::uint64_t>> count_values(const Xapian::Database& db,
                                                                Xapian::valueno slot) {
  std::map<std::string, std::uint64_t> counts;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    ++counts[*it];
  }
  std::vector<std::pair<std::string, std::uint64_t>> values(counts.begin(), counts.end());
  std::stable_sort(values.begin(), values.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return values;
}

double average_words(const Xapian::Database& db) {
  double total = 0;
  Xapian::doccount counted = 0;
  for (auto it = db.valuestream_begin(schema::kWordCountSlot);
       it != db.valuestream_end(schema::kWordCountSlot); ++it, ++counted) {
    total += Xapian::sortable_unserialise(*it);
  }
  return counted == 0 ? 0.0 : total / counted;
}

}  // namespace

IndexSummary describe_index(const std::string& db_path) {
  store::RemoteRelays relays;  // the remote shards' relays outlive the database
  const Xapian::Database db = store::open_for_reading(db_path, relays);
  try {
    const schema::RecordedAnalysis analysis = schema::read_recorded_analysis(db, db_path);
    IndexSummary summary;
    summary.db_path = db_path;
    summary.documents = db.get_doccount();
    // Distinct terms: Xapian keeps no count, so walk the term list (fast: keys only).
    // The near-duplicate band terms (32 an article, schema::kBandPrefix) are no words: skipped.
    const std::string band_prefix(schema::kBandPrefix);
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
      if ((*it).starts_with(band_prefix)) {
        std::string after = band_prefix;
        ++after.back();
        it.skip_to(after);
        if (it == db.allterms_end()) break;
      }
      ++summary.distinct_terms;
    }
    summary.stemmer = analysis.present ? std::string(to_string(analysis.stemmer)) : "";
    summary.analyzer = analysis.analyzer_name;
    summary.first_date = schema::iso_day(db.get_value_lower_bound(schema::kDateSlot));
    summary.last_date = schema::iso_day(db.get_value_upper_bound(schema::kDateSlot));
    summary.undated = summary.documents - db.get_value_freq(schema::kDateSlot);
    summary.disk_bytes = schema::disk_size(store::resolve(db_path).path);
    summary.last_commit_seconds = schema::last_commit_seconds(store::resolve(db_path).path);
    if (const auto stub = store::stub_databases(db_path)) summary.shards = stub->size();
    summary.sections = count_values(db, schema::kSectionSlot);
    summary.sources = count_values(db, schema::kSourceSlot);
    summary.average_words = average_words(db);
    return summary;
  } catch (const Xapian::Error& e) {
    throw IndexError(db_path, "cannot read the index: " + e.get_description());
  }
}

}  // namespace bahth
