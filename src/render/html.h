// The web pages of `bahth serve`: a search page and an article page, rendered on the server so
// they work without JavaScript, right to left, with every piece of article text HTML-escaped.
#ifndef BAHTH_RENDER_HTML_H_
#define BAHTH_RENDER_HTML_H_

#include <cstddef>
#include <cstdint>
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

/// The Arabic name readers know a section by ("middleEast" → "الشرق الأوسط"), for the codes the
/// corpora use; `section` itself otherwise.
std::string section_name(std::string_view section);

/// The Arabic name of an outlet ("skynews" → "سكاي نيوز عربية"), ignoring ASCII case; `source`
/// itself for an outlet the table does not know.
std::string source_name(std::string_view source);

/// `count` with its digits grouped the way the pages show numbers (ICU, Arabic locale, Latin
/// digits: "9,308"; docs/serve.md says why).
std::string format_count(std::uint64_t count);

/// An article's ISO date ("2018-10-03T16:09:39Z", "2018-10-03") in Arabic ("3 أكتوبر 2018"),
/// with the time of day when `with_time` and the date has one; `iso` itself when it is no date.
std::string format_date(std::string_view iso, bool with_time = false);

/// A URL as a reader can read it: percent-escapes decoded when they decode to valid UTF-8 (the
/// decoded text is only shown, never linked), the scheme and "www." left out, and cut to
/// `max_chars` characters with an ellipsis.
std::string display_url(std::string_view url, std::size_t max_chars = 70);

/// What the search page shows.
struct SearchPage {
  std::string query;                       // as typed
  SearchOptions options;                   // paging, filters and order that were asked for
  const SearchResults* results = nullptr;  // null before a search, or with `error`
  std::string error;                       // what went wrong (the library's words), or empty
  std::vector<std::string> sections;       // the index's sections, for the filter
  std::vector<std::string> sources;        // the index's outlets, for the filter
  std::string like_title;                  // the title of the article `options.like` names
  // The recency half-life as the address gave it (`recency=30d`; empty: off), carried by every
  // link and the form; options.recency_half_life_days is what it means.
  std::string recency;
  // The `key=` the page was opened with (a server whose search needs a key): carried by every
  // link and form of the page, so that reading on does not ask for it again.
  std::string key;
};

/// The whole page: search box, filters, results, paging, facets.
std::string search_page_html(const SearchPage& page);

/// The whole article on a page of its own. `from` is the search the reader came from (its
/// query and filters), for the search box and the link back to the results.
std::string article_page_html(const Article& article, const SearchPage& from = {});

/// The page for an article id the index does not hold (served with 404).
std::string missing_article_page_html(std::string_view id);

/// The half-life the page's recency control sets (`recency=30d`).
inline constexpr std::string_view kPageRecency = "30d";

/// What went wrong with a request for a page, as a reader needs to know it (the HTTP layer's
/// refusals and the server's own failures).
enum class PageError {
  not_found,           // 404: no page at this address
  missing_key,         // 401: the server needs a key and the address has none
  wrong_key,           // 403: the key does not open this page
  method_not_allowed,  // 405: not a GET (a form or tool that posts)
  bad_request,         // other 4xx: a request the server cannot read
  overloaded,          // 503: too busy; retry in a moment
  server_error,        // 500: the index cannot be read, or a bug
};

/// The page for `error`, in Arabic: what happened and what the reader can do, with `path` (the
/// address asked for, 404 only) isolated so that right-to-left layout keeps it whole.
std::string error_page_html(PageError error, std::string_view path = {});

/// The stylesheet the pages link to (served at kStylesheetPath: the Content-Security-Policy
/// allows no inline style).
std::string_view stylesheet();
inline constexpr std::string_view kStylesheetPath = "/static/bahth.css";

}  // namespace bahth::render

#endif  // BAHTH_RENDER_HTML_H_
