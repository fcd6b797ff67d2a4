#include "report.h"

namespace bahth::render {

nlohmann::json stats_json(const IndexSummary& s) {
  nlohmann::json sections = nlohmann::json::object();
  for (const auto& [name, count] : s.sections) sections[name] = count;
  return {
      {"db", s.db_path},          {"documents", s.documents}, {"distinct_terms", s.distinct_terms},
      {"stemmer", s.stemmer},     {"analyzer", s.analyzer},   {"first_date", s.first_date},
      {"last_date", s.last_date}, {"undated", s.undated},     {"disk_bytes", s.disk_bytes},
      {"shards", s.shards},       {"sections", sections}};
}

}  // namespace bahth::render
