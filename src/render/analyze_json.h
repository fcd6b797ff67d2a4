// `bahth analyze --json`: what the analysis makes of each token of a line, and the spelling
// variants of a word (`--variants --json`), one JSON object a line.
#ifndef BAHTH_RENDER_ANALYZE_JSON_H_
#define BAHTH_RENDER_ANALYZE_JSON_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "bahth/searcher.h"

namespace bahth::render {

/// Writes {"text": line, "tokens": [{"normalized", "offset", "position", "stem", "surface"}...]}
/// and a newline to `out`, token by token, each string as json_string writes it (so escaped as
/// json_text escapes). Not one JSON value: a tree of a long line took about 130 times the line's
/// size (4 GB for 20 MB). Nor a JSON value per token: that made `analyze --json` of the 1.4 MB
/// sample 2.9 times as slow (1.0 s against 0.34 s), for the same bytes. Members in
/// nlohmann::json's (sorted) order, as the output has always had them.
void write_analysis_json(std::ostream& out, const Analyzer& analyzer, std::string_view line);

/// {"word", "stem", "variants": [...], "synonyms": [...]}, in that order, on one line (no newline).
std::string variants_json(std::string_view word, const WordVariants& found);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_ANALYZE_JSON_H_
