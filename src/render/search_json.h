// Search results as JSON: the object `bahth search --json` prints (and `bahth serve` answers).
// Text is kept exact; JSON's own escaping keeps it inert.
#ifndef BAHTH_RENDER_SEARCH_JSON_H_
#define BAHTH_RENDER_SEARCH_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bahth/searcher.h"

namespace bahth::render {

/// {"query", "like", "total", "total_is_exact", "offset", "results": [...], "suggestion",
/// "facets", "partial", "unreachable"}; see the README for each member. `like` is the id of
/// `--like` (null when empty); `explain` adds each hit's matched terms.
nlohmann::json search_json(const SearchResults& results, std::string_view like, bool explain);

/// JSON text: compact on one line (or indented by `indent`), UTF-8 kept as is, invalid UTF-8
/// replaced by U+FFFD, and every character a terminal could act on escaped as \uXXXX (C0 and C1
/// controls, DEL, line separators, bidi overrides): inert on a terminal, exact once parsed.
std::string json_text(const nlohmann::json& value, int indent = -1);

/// json_text of an object whose members keep the order they were added in (not sorted by name).
std::string json_text(const nlohmann::ordered_json& value, int indent = -1);

/// One string as a JSON string literal (quotes included), escaped as json_text escapes it: for
/// output written piece by piece, where building one JSON value would cost too much memory.
std::string json_string(std::string_view text);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_SEARCH_JSON_H_
