#include "html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "render/inert.h"

namespace bahth::render {
namespace {

void append_escaped(std::string& out, std::string_view inert) {
  for (const char c : inert) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

// The snippet with its matched words in <mark>.
std::string marked_html(std::string_view text, const std::vector<Highlight>& highlights) {
  const InertField field = inert_field(text, highlights);
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : field.highlights) {
    if (begin < at || end > field.text.size()) continue;
    append_escaped(out, std::string_view(field.text).substr(at, begin - at));
    out += "<mark>";
    append_escaped(out, std::string_view(field.text).substr(begin, end - begin));
    out += "</mark>";
    at = end;
  }
  append_escaped(out, std::string_view(field.text).substr(at));
  return out;
}

std::string page_head(std::string_view title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n",
      html_escape(title), kStylesheetPath);
}

constexpr std::string_view kPageEnd = "</body>\n</html>\n";

// A query string for the search page: the page's query and filters, with `changes` applied
// (an empty value removes the parameter).
std::string search_link(const SearchPage& page,
                        const std::vector<std::pair<std::string, std::string>>& changes) {
  std::vector<std::pair<std::string, std::string>> params{
      {"q", page.query},
      {"like", page.options.like},
      {"since", page.options.since},
      {"until", page.options.until},
      {"section", page.options.sections.empty() ? "" : page.options.sections.front()},
      {"sort", page.options.sort == SortOrder::date ? "date" : ""},
      {"limit", page.options.limit == 10 ? "" : std::to_string(page.options.limit)},
      {"offset", ""},
      {"correct", page.options.correct ? "" : "0"}};
  for (const auto& change : changes) {
    // (Not a structured binding: clang before 16 cannot capture one in a lambda.)
    auto it = std::find_if(params.begin(), params.end(),
                           [&change](const auto& p) { return p.first == change.first; });
    if (it != params.end()) it->second = change.second;
  }
  std::string out = "/search?";
  bool first = true;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out.append(first ? "" : "&amp;").append(name).append("=").append(url_encode(value));
    first = false;
  }
  return out;
}

std::string article_link(std::string_view id) { return "/article/" + url_encode(id, true); }

std::string search_form(const SearchPage& page) {
  std::string out = "<header>\n<a class=\"brand\" href=\"/\">بحث</a>\n";
  out += "<form method=\"get\" action=\"/search\" role=\"search\">\n";
  out += fmt::format(
      "<div class=\"box\"><input type=\"search\" name=\"q\" value=\"{}\" "
      "placeholder=\"ابحث في الأخبار…\" aria-label=\"البحث\" autofocus>"
      "<button type=\"submit\">بحث</button></div>\n",
      html_escape(page.query));
  if (!page.options.like.empty()) {
    out += fmt::format("<input type=\"hidden\" name=\"like\" value=\"{}\">\n",
                       html_escape(page.options.like));
  }
  out += "<div class=\"filters\">\n";
  out += fmt::format(
      "<label>من <input type=\"text\" name=\"since\" value=\"{}\" placeholder=\"YYYY-MM\" "
      "size=\"10\" dir=\"ltr\"></label>\n",
      html_escape(page.options.since));
  out += fmt::format(
      "<label>إلى <input type=\"text\" name=\"until\" value=\"{}\" placeholder=\"YYYY-MM-DD\" "
      "size=\"10\" dir=\"ltr\"></label>\n",
      html_escape(page.options.until));
  const std::string chosen = page.options.sections.empty() ? "" : page.options.sections.front();
  out += "<label>القسم <select name=\"section\"><option value=\"\">كل الأقسام</option>";
  bool chosen_listed = chosen.empty();
  for (const std::string& section : page.sections) {
    chosen_listed = chosen_listed || section == chosen;
    out += fmt::format("<option value=\"{0}\"{1}>{0}</option>", html_escape(section),
                       section == chosen ? " selected" : "");
  }
  if (!chosen_listed) {
    out += fmt::format("<option value=\"{0}\" selected>{0}</option>", html_escape(chosen));
  }
  out += "</select></label>\n";
  const bool by_date = page.options.sort == SortOrder::date;
  out += fmt::format(
      "<label>الترتيب <select name=\"sort\"><option value=\"relevance\"{}>الأقرب</option>"
      "<option value=\"date\"{}>الأحدث</option></select></label>\n",
      by_date ? "" : " selected", by_date ? " selected" : "");
  out += "</div>\n</form>\n</header>\n";
  return out;
}

std::string hit_html(const SearchHit& hit) {
  std::string out = "<li class=\"hit\">\n";
  const std::string title = hit.title.empty() ? "(بلا عنوان)" : hit.title;
  out += fmt::format("<h2><a href=\"{}\">{}</a></h2>\n", article_link(hit.id), html_escape(title));
  out += "<div class=\"meta\">";
  if (!hit.date.empty()) {
    out += fmt::format("<time dir=\"ltr\">{}</time>", html_escape(hit.date.substr(0, 10)));
  }
  if (!hit.source.empty()) {
    out += fmt::format("<span class=\"source\"><bdi>{}</bdi></span>", html_escape(hit.source));
  }
  if (!hit.section.empty()) {
    out += fmt::format("<span class=\"section\"><bdi>{}</bdi></span>", html_escape(hit.section));
  }
  if (hit.similar > 0) {
    out += fmt::format("<a class=\"similar\" href=\"/search?like={}\">+{} مشابهة</a>",
                       url_encode(hit.id), hit.similar);
  }
  out += "</div>\n";
  if (!hit.snippet.empty()) {
    out += fmt::format("<p class=\"snippet\">{}</p>\n", marked_html(hit.snippet, hit.highlights));
  }
  out += "<div class=\"links\">";
  if (is_web_url(hit.url)) {
    out +=
        fmt::format("<a class=\"url\" dir=\"ltr\" href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                    html_escape(hit.url));
  } else if (!hit.url.empty()) {
    out += fmt::format("<span class=\"url\" dir=\"ltr\">{}</span>", html_escape(hit.url));
  }
  out += fmt::format("<a class=\"related\" href=\"/search?like={}\">مقالات ذات صلة</a>",
                     url_encode(hit.id));
  out += "</div>\n</li>\n";
  return out;
}

// Width class (w0…w100, in the stylesheet) of `count` out of `max`; at least 1 for a count.
int percent(std::uint64_t count, std::uint64_t max) {
  if (count == 0 || max == 0) return 0;
  return std::max(1, static_cast<int>((count * 100 + max / 2) / max));
}

std::string facets_html(const SearchPage& page, const Facets& facets) {
  std::string out = "<aside class=\"facets\">\n";
  if (!facets.sections.empty()) {
    std::uint64_t max = 0;
    for (const FacetCount& c : facets.sections) max = std::max(max, c.count);
    out += "<h3>الأقسام</h3>\n<ul class=\"bars\">\n";
    for (const FacetCount& c : facets.sections) {
      out += fmt::format(
          "<li><a href=\"{}\"><span class=\"label\"><bdi>{}</bdi></span>"
          "<span class=\"bar\"><span class=\"fill w{}\"></span></span>"
          "<span class=\"n\">{}</span></a></li>\n",
          search_link(page, {{"section", c.value}}), html_escape(c.value), percent(c.count, max),
          c.count);
    }
    out += "</ul>\n";
  }
  if (!facets.periods.empty()) {
    std::uint64_t max = 0;
    for (const FacetCount& c : facets.periods) max = std::max(max, c.count);
    out += fmt::format("<h3>{}</h3>\n<div class=\"histogram\">\n",
                       facets.by_year ? "حسب السنة" : "حسب الشهر");
    for (const FacetCount& c : facets.periods) {
      out += fmt::format(
          "<a class=\"column\" href=\"{}\" title=\"{}: {}\"><span class=\"fill h{}\"></span></a>\n",
          search_link(page, {{"since", c.value}, {"until", c.value}}), html_escape(c.value),
          c.count, percent(c.count, max));
    }
    out += fmt::format(
        "</div>\n<div class=\"axis\"><span dir=\"ltr\">{}</span><span "
        "dir=\"ltr\">{}</span></div>\n",
        html_escape(facets.periods.front().value), html_escape(facets.periods.back().value));
  }
  if (!facets.exact) {
    out += fmt::format("<p class=\"note\">عينة من {} مقالة</p>\n", facets.counted);
  }
  out += "</aside>\n";
  return out;
}

std::string paging_html(const SearchPage& page, const SearchResults& results) {
  const std::size_t limit = std::max<std::size_t>(1, page.options.limit);
  const bool has_previous = results.offset > 0;
  const bool has_next = results.offset + results.hits.size() < results.total;
  if (!has_previous && !has_next) return "";
  std::string out = "<nav class=\"paging\">";
  if (has_previous) {
    const std::size_t previous = results.offset > limit ? results.offset - limit : 0;
    out +=
        fmt::format("<a rel=\"prev\" href=\"{}\">→ السابق</a>",
                    search_link(page, {{"offset", previous == 0 ? "" : std::to_string(previous)}}));
  }
  out += fmt::format("<span>صفحة {}</span>", results.offset / limit + 1);
  if (has_next) {
    out += fmt::format("<a rel=\"next\" href=\"{}\">التالي ←</a>",
                       search_link(page, {{"offset", std::to_string(results.offset + limit)}}));
  }
  out += "</nav>\n";
  return out;
}

std::string results_html(const SearchPage& page, const SearchResults& results) {
  std::string out;
  if (results.corrected) {
    out += fmt::format(
        "<p class=\"suggestion\">نتائج البحث عن <b>{}</b>؛ ابحث بدلًا من ذلك عن <a "
        "href=\"{}\">{}</a></p>\n",
        html_escape(results.corrected->to),
        search_link(page, {{"q", results.corrected->from}, {"correct", "0"}}),
        html_escape(results.corrected->from));
  }
  if (!results.suggestion.empty()) {
    out += fmt::format("<p class=\"suggestion\">هل تقصد: <a href=\"{}\">{}</a>؟</p>\n",
                       search_link(page, {{"q", results.suggestion}}),
                       html_escape(results.suggestion));
  }
  if (results.hits.empty()) {
    out += results.total > 0
               ? fmt::format("<p class=\"count\">{} نتيجة؛ لا نتائج في هذه الصفحة.</p>\n",
                             results.total)
               : "<p class=\"count\">لا نتائج.</p>\n";
  } else {
    out += fmt::format("<p class=\"count\">{}{} نتيجة · {}–{}</p>\n",
                       results.total_is_exact ? "" : "نحو ", results.total, results.offset + 1,
                       results.offset + results.hits.size());
  }
  if (results.partial()) out += "<p class=\"note\">نتائج جزئية: بعض أجزاء الفهرس لم تُجب.</p>\n";
  out += "<div class=\"layout\">\n<main>\n<ol class=\"hits\">\n";
  for (const SearchHit& hit : results.hits) out += hit_html(hit);
  out += "</ol>\n" + paging_html(page, results) + "</main>\n";
  if (results.facets) out += facets_html(page, *results.facets);
  out += "</div>\n";
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  append_escaped(out, inert_text(text));
  return out;
}

bool is_web_url(std::string_view url) {
  auto starts_with_nocase = [url](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      const char c = url[i] >= 'A' && url[i] <= 'Z' ? static_cast<char>(url[i] + 32) : url[i];
      if (c != prefix[i]) return false;
    }
    return true;
  };
  if (!starts_with_nocase("http://") && !starts_with_nocase("https://")) return false;
  // Whitespace or controls inside would make the browser read another URL than the one shown.
  return std::none_of(url.begin(), url.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

std::string url_encode(std::string_view text, bool keep_slash) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= '0' && byte <= '9') || c == '-' || c == '_' || c == '.' ||
                       c == '~' || (keep_slash && c == '/');
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", byte);
  }
  return out;
}

std::string search_page_html(const SearchPage& page) {
  const std::string title = page.query.empty()
                                ? (page.options.like.empty() ? "بحث" : "مقالات ذات صلة — بحث")
                                : page.query + " — بحث";
  std::string out = page_head(title);
  out += search_form(page);
  if (!page.options.like.empty()) {
    out += fmt::format("<p class=\"like\">مقالات ذات صلة بـ <a href=\"{}\"><bdi>{}</bdi></a></p>\n",
                       article_link(page.options.like), html_escape(page.options.like));
  }
  if (!page.error.empty()) {
    out += fmt::format("<p class=\"error\" role=\"alert\">{}</p>\n", html_escape(page.error));
  } else if (page.results != nullptr) {
    out += results_html(page, *page.results);
  }
  out += kPageEnd;
  return out;
}

std::string article_page_html(const Article& article) {
  const std::string title = article.title.empty() ? "(بلا عنوان)" : article.title;
  std::string out = page_head(title);
  out += "<header><a class=\"brand\" href=\"/\">بحث</a></header>\n<article class=\"full\">\n";
  out += fmt::format("<h1>{}</h1>\n<div class=\"meta\">", html_escape(title));
  if (!article.date.empty()) {
    out += fmt::format("<time dir=\"ltr\">{}</time>", html_escape(article.date));
  }
  if (!article.source.empty()) {
    out += fmt::format("<span class=\"source\"><bdi>{}</bdi></span>", html_escape(article.source));
  }
  if (!article.section.empty()) {
    out +=
        fmt::format("<span class=\"section\"><bdi>{}</bdi></span>", html_escape(article.section));
  }
  out += fmt::format("<span class=\"id\" dir=\"ltr\">{}</span></div>\n", html_escape(article.id));
  if (is_web_url(article.url)) {
    out += fmt::format(
        "<p class=\"links\"><a class=\"url\" dir=\"ltr\" href=\"{0}\" "
        "rel=\"noopener noreferrer\">{0}</a></p>\n",
        html_escape(article.url));
  } else if (!article.url.empty()) {
    out += fmt::format("<p class=\"links\"><span class=\"url\" dir=\"ltr\">{}</span></p>\n",
                       html_escape(article.url));
  }
  for (const std::string& caption : article.captions) {
    out += fmt::format("<p class=\"caption\">{}</p>\n", html_escape(caption));
  }
  std::string_view body = article.body;
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    const std::string_view paragraph = body.substr(0, end);
    if (paragraph.find_first_not_of(" \t\r") != std::string_view::npos) {
      out += fmt::format("<p>{}</p>\n", html_escape(paragraph));
    }
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  out += fmt::format("<p class=\"links\"><a href=\"/search?like={}\">مقالات ذات صلة</a></p>\n",
                     url_encode(article.id));
  out += "</article>\n";
  out += kPageEnd;
  return out;
}

std::string message_page_html(std::string_view title, std::string_view message) {
  return page_head(title) +
         fmt::format(
             "<header><a class=\"brand\" href=\"/\">بحث</a></header>\n"
             "<p class=\"error\" role=\"alert\">{}</p>\n",
             html_escape(message)) +
         std::string(kPageEnd);
}

std::string_view stylesheet() {
  static const std::string sheet = [] {
    std::string css = R"css(:root {
  --ink: #1d2530; --muted: #5d6b7a; --line: #e3e8ee; --accent: #0b6e4f; --mark: #fff1a8;
  --paper: #fbfcfd;
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.25rem 3rem;
  font-family: "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans", sans-serif;
  font-size: 1.0625rem; line-height: 1.8; color: var(--ink); background: var(--paper);
  text-align: right;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start;
  border-bottom: 1px solid var(--line); padding-bottom: 1rem; margin-bottom: 1rem; }
.brand { font-size: 1.75rem; font-weight: bold; color: var(--ink); line-height: 2.4rem; }
form { flex: 1; min-width: 18rem; }
.box { display: flex; gap: .5rem; }
.box input { flex: 1; font: inherit; font-size: 1.15rem; padding: .45rem .8rem;
  border: 1px solid #b8c2cc; border-radius: .5rem; background: #fff; }
button { font: inherit; padding: .4rem 1.2rem; border: 0; border-radius: .5rem;
  background: var(--accent); color: #fff; cursor: pointer; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; margin-top: .6rem;
  font-size: .9rem; color: var(--muted); }
.filters input, .filters select { font: inherit; padding: .1rem .4rem; border: 1px solid #c8d0d8;
  border-radius: .3rem; background: #fff; }
.count, .suggestion, .like, .note { color: var(--muted); font-size: .95rem; margin: .3rem 0; }
.suggestion a { font-weight: bold; }
.error { color: #a4262c; background: #fdf0f0; padding: .6rem 1rem; border-radius: .4rem; }
.layout { display: flex; gap: 2.5rem; align-items: flex-start; }
main { flex: 1; min-width: 0; }
.hits { list-style: none; margin: 0; padding: 0; }
.hit { padding: .9rem 0; border-bottom: 1px solid var(--line); }
.hit h2 { font-size: 1.25rem; margin: 0 0 .15rem; line-height: 1.6; }
.meta { font-size: .85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .9rem; }
.section, .source { background: #eef3f1; padding: 0 .5rem; border-radius: .3rem; }
.source { background: #f3eee6; }
.snippet { margin: .35rem 0; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: .15em; }
.links { font-size: .8rem; display: flex; gap: 1rem; flex-wrap: wrap; color: var(--muted); }
.url { color: var(--muted); unicode-bidi: isolate; overflow-wrap: anywhere; }
.paging { display: flex; gap: 1.5rem; justify-content: center; margin: 1.5rem 0; }
.facets { width: 17rem; flex-shrink: 0; font-size: .85rem; }
.facets h3 { font-size: .95rem; margin: 0 0 .4rem; }
.bars { list-style: none; margin: 0 0 1.5rem; padding: 0; }
.bars a { display: grid; grid-template-columns: 8.5rem 1fr 3rem; gap: .5rem; align-items: center;
  color: var(--ink); }
.label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar { background: var(--line); height: .6rem; border-radius: .3rem; overflow: hidden; }
.bar .fill { display: block; height: 100%; background: var(--accent); }

.bars .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.histogram { display: flex; align-items: flex-end; gap: 1px; height: 5rem;
  border-bottom: 1px solid #b8c2cc; }
.column { flex: 1; height: 100%; display: flex; align-items: flex-end; }
.column .fill { display: block; width: 100%; background: var(--accent); min-height: 0; }
.column:hover .fill { background: #139a70; }
.axis { display: flex; justify-content: space-between; color: var(--muted); font-size: .75rem; }
article.full { max-width: 44rem; }
article.full h1 { font-size: 1.7rem; line-height: 1.6; margin: .5rem 0; }
article.full p { margin: .8rem 0; }
.caption { color: var(--muted); font-size: .9rem; border-right: 3px solid var(--line);
  padding-right: .7rem; }
.id { unicode-bidi: isolate; }
@media (max-width: 50rem) { .layout { flex-direction: column; } .facets { width: 100%; } }
)css";
    for (int i = 0; i <= 100; ++i) {
      css += fmt::format(".w{0}{{width:{0}%}}.h{0}{{height:{0}%}}\n", i);
    }
    return css;
  }();
  return sheet;
}

}  // namespace bahth::render
