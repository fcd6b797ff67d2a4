#include <fmt/format.h>

#include "render/inert.h"
#include "report.h"

namespace bahth::render {

std::string stats_text(const IndexSummary& s) {
  std::string out = fmt::format("index      {}\n", inert_text(s.db_path));
  out += fmt::format("documents  {}\n", s.documents);
  if (s.shards > 1) out += fmt::format("shards     {}\n", s.shards);
  out += fmt::format("analysis   --stemmer {} ({})\n",
                     inert_text(s.stemmer.empty() ? "?" : s.stemmer), inert_text(s.analyzer));
  if (!s.first_date.empty()) {
    out += fmt::format("dates      {} … {} ({} undated)\n", inert_text(s.first_date),
                       inert_text(s.last_date), s.undated);
  } else {
    out += "dates      none\n";
  }
  out += fmt::format("terms      {} distinct; {:.0f} words per document on average\n",
                     s.distinct_terms, s.average_words);
  out += fmt::format("on disk    {:.1f} MB\n", s.disk_bytes / 1e6);
  if (!s.sections.empty()) {
    out += "sections\n";
    for (const auto& [name, count] : s.sections) {
      out += fmt::format("  {:>8}  {}\n", count, inert_text(name));
    }
  }
  return out;
}

}  // namespace bahth::render
