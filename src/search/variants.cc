// `bahth analyze --variants`: the spelling variants a word meets in an index.
#include <string>
#include <string_view>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "schema/schema.h"
#include "schema/store.h"

namespace bahth {

WordVariants spelling_variants(const std::string& db_path, std::string_view word) {
  const Xapian::Database db = store::open_for_reading(db_path);
  WordVariants out;
  try {
    const schema::RecordedAnalysis recorded = schema::read_recorded_analysis(db, db_path);
    const std::vector<std::string> stems = schema::make_analyzer(recorded.stemmer).stems(word);
    if (stems.empty()) return out;
    out.stem = stems.front();
    const std::string key = schema::variant_key(out.stem);
    const std::size_t prefix = schema::kStemPrefix.size();
    for (auto v = db.synonyms_begin(key); v != db.synonyms_end(key); ++v) {
      out.variants.push_back((*v).substr(prefix));
    }
  } catch (const Xapian::Error& e) {
    throw IndexError(db_path, "cannot read the index: " + e.get_description());
  }
  return out;
}

}  // namespace bahth
