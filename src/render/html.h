// The web pages of `bahth serve`: a search page and an article page, rendered on the server so
// they work without JavaScript, right to left, with every piece of article text HTML-escaped.
#ifndef BAHTH_RENDER_HTML_H_
#define BAHTH_RENDER_HTML_H_

#include <string>
#include <string_view>
#include <vector>

#include "bahth/article.h"
#include "bahth/searcher.h"

namespace bahth::render {

/// Article text for HTML: made inert (control characters and bidi overrides, as on a terminal),
/// then & < > " ' escaped, so it is text in an element or a quoted attribute.
std::string html_escape(std::string_view text);

/// True when `url` is an absolute http or https URL: the only ones a page links to (a
/// javascript: or data: URL from a dump is shown as text).
bool is_web_url(std::string_view url);

/// Percent-encodes `text` for a query-string value (or, with keep_slash, a path).
std::string url_encode(std::string_view text, bool keep_slash = false);

/// What the search page shows.
struct SearchPage {
  std::string query;                       // as typed
  SearchOptions options;                   // paging, filters and order that were asked for
  const SearchResults* results = nullptr;  // null before a search, or with `error`
  std::string error;                       // shown instead of results when not empty
  std::vector<std::string> sections;       // the index's sections, for the filter
};

/// The whole page: search box, filters, results, paging, facets.
std::string search_page_html(const SearchPage& page);

/// The whole article on a page of its own.
std::string article_page_html(const Article& article);

/// A page saying `message` (for 404 and other errors met while browsing).
std::string message_page_html(std::string_view title, std::string_view message);

/// The stylesheet the pages link to (served at kStylesheetPath: the Content-Security-Policy
/// allows no inline style).
std::string_view stylesheet();
inline constexpr std::string_view kStylesheetPath = "/static/bahth.css";

}  // namespace bahth::render

#endif  // BAHTH_RENDER_HTML_H_
