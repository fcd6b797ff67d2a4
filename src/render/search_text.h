// Search results as text, for a terminal (bold highlights, bidi isolates or visual order) or a
// pipe ([bracketed] highlights, text as stored). Every field from an article is made inert first.
#ifndef BAHTH_RENDER_SEARCH_TEXT_H_
#define BAHTH_RENDER_SEARCH_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bahth/searcher.h"
#include "render/bidi.h"

namespace bahth::render {

/// How text results are drawn: highlight marks, and the bidi treatment of Arabic fields.
struct TextStyle {
  bool color = false;
  BidiMode bidi = BidiMode::none;
  std::size_t width = 80;  // columns for a field, after the indent
  Marks marks() const { return color ? Marks{"\x1b[1m", "\x1b[0m"} : Marks{"[", "]"}; }
};

/// Columns the results indent their fields by.
inline constexpr std::size_t kResultIndent = 5;

/// Prints the results on standard output ("No results for SUBJECT." on standard error when the
/// page is empty). `subject` says what was searched for: the query, or the article whose related
/// ones these are. `facets_exact_up_to` is the bound the facets were counted with.
void print_search_text(const SearchResults& results, std::string_view subject,
                       const TextStyle& style, bool explain, std::uint64_t facets_exact_up_to);

/// One field inside a line of other text: made inert, then isolated or reordered as `style`
/// says, never wrapped.
std::string inline_field(std::string_view text, const TextStyle& style);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_SEARCH_TEXT_H_
