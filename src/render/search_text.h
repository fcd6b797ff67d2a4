// Search results as text, for a terminal (bold highlights, bidi isolates or visual order) or a
// pipe ([bracketed] highlights, text as stored). Every field from an article is made inert first.
#ifndef BAHTH_RENDER_SEARCH_TEXT_H_
#define BAHTH_RENDER_SEARCH_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
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

/// Prints the results on standard output ("No results for SUBJECT." and the results' notes on
/// standard error when nothing matched; the total when the page is past the last result).
/// `subject` says what was searched for: the query, or the article whose related ones these
/// are. `facets_exact_up_to` is the bound the facets were counted with. Without `show_hits`
/// (`-n 0`) only the count (and facets) is printed.
void print_search_text(const SearchResults& results, std::string_view subject,
                       const TextStyle& style, bool explain, std::uint64_t facets_exact_up_to,
                       bool show_hits = true);

/// What a search was for, as the text output's count names it: the query; with `like` the
/// article ("articles like ID", "articles like ID matching QUERY"); for filters alone (an
/// empty query) the filters ("author: سارة أحمد; section: sport; since 2018-06").
std::string search_subject(std::string_view query, const SearchOptions& options);

/// 2941 → "2,941".
std::string grouped_digits(std::uint64_t n);

/// "1 article", "2,941 articles": `n` with the word that agrees with it.
std::string count_of(std::uint64_t n, std::string_view one, std::string_view many);

/// One field inside a line of other text: made inert, then isolated or reordered as `style`
/// says, never wrapped.
std::string inline_field(std::string_view text, const TextStyle& style);

/// "DATE · SOURCE · SECTION" ("undated" without a date; source and section when present) and
/// "ID · URL" (URL when present): the two lines that place an article, under its title in the
/// results and in `show`. Fields made inert and laid out as `style` says; a URL reads left to
/// right whatever it holds.
std::string dateline(std::string_view date, std::string_view source, std::string_view section,
                     const TextStyle& style);
std::string where_line(std::string_view id, std::string_view url, const TextStyle& style);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_SEARCH_TEXT_H_
