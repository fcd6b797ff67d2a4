#include "analyze_json.h"

#include <string>

#include "render/search_json.h"

namespace bahth::render {

void write_analysis_json(std::ostream& out, const Analyzer& analyzer, std::string_view line) {
  out << "{\"text\":" << json_string(line) << ",\"tokens\":[";
  bool first = true;
  for (TermStream terms(analyzer, line); terms.next();) {
    const Term& t = terms.term();
    out << (first ? "{\"normalized\":" : ",{\"normalized\":") << json_string(t.normalized)
        << ",\"offset\":" << t.offset << ",\"position\":" << t.position
        << ",\"stem\":" << json_string(t.stem) << ",\"surface\":" << json_string(t.surface) << '}';
    first = false;
  }
  out << "]}\n";
}

std::string variants_json(std::string_view word, const WordVariants& found) {
  return json_text(nlohmann::ordered_json{{"word", std::string(word)},
                                          {"stem", found.stem},
                                          {"variants", found.variants},
                                          {"synonyms", found.synonyms}});
}

}  // namespace bahth::render
