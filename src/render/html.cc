#include "html.h"

#include <fmt/format.h>
#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "bahth/corpus_sections.h"
#include "bahth/escape.h"
#include "bahth/utf8.h"
#include "render/article_view.h"
#include "render/inert.h"
#include "render/transliteration_note.h"

namespace bahth::render {
namespace detail {
extern const std::string_view kPageCss;  // page.css, embedded by CMake (cmake/bahth_embed.cmake)
}  // namespace detail
namespace {

void append_html_escaped(std::string& out, std::string_view inert) {
  append_escaped(out, inert,
                 {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}});
}

// The snippet with its matched words in <mark>.
std::string marked_html(std::string_view text, const std::vector<Highlight>& highlights) {
  const InertField field = inert_field(text, highlights);
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : field.highlights) {
    if (begin < at || end > field.text.size()) continue;
    append_html_escaped(out, std::string_view(field.text).substr(at, begin - at));
    out += "<mark>";
    append_html_escaped(out, std::string_view(field.text).substr(begin, end - begin));
    out += "</mark>";
    at = end;
  }
  append_html_escaped(out, std::string_view(field.text).substr(at));
  return out;
}

std::string page_head(std::string_view title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n"
      "<a class=\"skip\" href=\"#main\">انتقل إلى المحتوى</a>\n",
      html_escape(title), kStylesheetPath);
}

constexpr std::string_view kPageEnd = "</body>\n</html>\n";

// The way out of every error: the home page's empty search.
constexpr std::string_view kNewSearchLink = "<a href=\"/\">ابدأ بحثًا جديدًا</a>";

// Text of unknown direction (a query, an id, a date as typed): isolated, so its punctuation
// stays with it in a right-to-left sentence.
std::string bdi(std::string_view text) { return "<bdi>" + html_escape(text) + "</bdi>"; }

using Params = std::vector<std::pair<std::string, std::string>>;

// The search state of a page as query parameters, in a fixed order: every filter, the order,
// the page size and the position. Sections and outlets may repeat.
Params state_params(const SearchPage& page) {
  Params params{{"q", page.query},
                {"like", page.options.like},
                {"since", page.options.since},
                {"until", page.options.until}};
  // (An empty value when there is none: the place a change adds the parameter at.)
  for (const std::string& s : page.options.sections) params.emplace_back("section", s);
  if (page.options.sections.empty()) params.emplace_back("section", "");
  for (const std::string& s : page.options.sources) params.emplace_back("source", s);
  if (page.options.sources.empty()) params.emplace_back("source", "");
  for (const std::string& a : page.options.authors) params.emplace_back("author", a);
  if (page.options.authors.empty()) params.emplace_back("author", "");
  params.emplace_back("sort", page.options.sort == SortOrder::date ? "date" : "");
  params.emplace_back("recency", page.recency);
  params.emplace_back("limit", page.options.limit == 10 ? "" : std::to_string(page.options.limit));
  params.emplace_back("offset",
                      page.options.offset == 0 ? "" : std::to_string(page.options.offset));
  // Once the reader chose the query as typed over its correction, every link keeps that choice.
  params.emplace_back("correct", page.options.correct ? "" : "0");
  params.emplace_back("translit", page.options.transliterate ? "" : "0");
  params.emplace_back("key", page.key);
  return params;
}

// The query string (with `&amp;` between parameters, for an attribute) of the page's state with
// `changes` applied: a change replaces every value of its parameter (an empty value removes
// it). Any change of filter or order goes back to the first page unless it sets the offset.
// Every link of the pages is built here, so no filter is lost by paging or a facet click.
std::string state_query(const SearchPage& page, const Params& changes) {
  Params params = state_params(page);
  const bool moves = std::any_of(changes.begin(), changes.end(),
                                 [](const auto& change) { return change.first == "offset"; });
  Params all_changes = changes;
  if (!moves && !changes.empty()) all_changes.emplace_back("offset", "");
  for (const auto& change : all_changes) {
    // (Not a structured binding: clang before 16 cannot capture one in a lambda.)
    auto first = std::find_if(params.begin(), params.end(),
                              [&change](const auto& p) { return p.first == change.first; });
    if (first == params.end()) continue;
    first->second = change.second;
    params.erase(std::remove_if(std::next(first), params.end(),
                                [&change](const auto& p) { return p.first == change.first; }),
                 params.end());
  }
  std::string out;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out.append(out.empty() ? "" : "&amp;").append(name).append("=").append(url_encode(value));
  }
  return out;
}

std::string search_link(const SearchPage& page, const Params& changes) {
  const std::string query = state_query(page, changes);
  return query.empty() ? "/" : "/search?" + query;
}

// A new search from a page (an author's articles, an article's related ones) starts afresh but
// keeps the page's key: on a server that asks for one, the link would otherwise be refused.
SearchPage key_only(const SearchPage& from) {
  SearchPage keyed;
  keyed.key = from.key;
  return keyed;
}

// An article's page, carrying the search it was found by (for the way back).
std::string article_link(std::string_view id, const SearchPage& from = {}) {
  const std::string query = state_query(from, {});
  return "/article/" + url_encode(id, true) + (query.empty() ? "" : "?" + query);
}

bool has_filters(const SearchPage& page) {
  return !page.options.since.empty() || !page.options.until.empty() ||
         !page.options.sections.empty() || !page.options.sources.empty() ||
         !page.options.authors.empty();
}

// A <select> of `values` (shown by their Arabic names) with the chosen ones selected; a chosen
// value the index does not list is kept as an option, so the form does not drop it.
std::string select_html(std::string_view name, std::string_view id, std::string_view label,
                        std::string_view all, const std::vector<std::string>& values,
                        const std::vector<std::string>& chosen,
                        std::string (*display)(std::string_view)) {
  std::string out = fmt::format(
      "<label for=\"{1}\">{2}</label><select id=\"{1}\" name=\"{0}\"><option value=\"\">{3}"
      "</option>",
      name, id, label, all);
  std::vector<std::string> options = values;
  for (const std::string& c : chosen) {
    if (std::find(options.begin(), options.end(), c) == options.end()) options.push_back(c);
  }
  for (const std::string& value : options) {
    const bool selected = std::find(chosen.begin(), chosen.end(), value) != chosen.end();
    out += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(value),
                       selected ? " selected" : "", html_escape(display(value)));
  }
  return out + "</select>";
}

// The hidden inputs that carry the page's filters and order through a search box shown alone.
std::string hidden_filters(const SearchPage& page) {
  std::string out;
  for (const auto& [name, value] : state_params(page)) {
    if (value.empty() || name == "q" || name == "like" || name == "offset") continue;
    out +=
        fmt::format("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", name, html_escape(value));
  }
  return out;
}

// The header: the search box, and the filters (or, with `compact`, the filters in force kept as
// hidden inputs: the article page).
std::string search_form(const SearchPage& page, bool compact = false) {
  std::string out = fmt::format("<header>\n<a class=\"brand\" href=\"{}\">بحث</a>\n",
                                page.key.empty() ? "/" : "/?key=" + url_encode(page.key));
  out +=
      "<form method=\"get\" action=\"/search\" role=\"search\" aria-label=\"البحث في الأخبار\">\n";
  out += fmt::format(
      "<div class=\"box\"><label class=\"sr-only\" for=\"q\">كلمات البحث</label>"
      "<input type=\"search\" id=\"q\" name=\"q\" value=\"{}\" dir=\"auto\" "
      "placeholder=\"ابحث في الأخبار…\">"
      "<button type=\"submit\">بحث</button></div>\n",
      html_escape(page.query));
  if (compact) return out + hidden_filters(page) + "</form>\n</header>\n";
  if (!page.options.like.empty()) {
    out += fmt::format("<input type=\"hidden\" name=\"like\" value=\"{}\">\n",
                       html_escape(page.options.like));
  }
  if (!page.key.empty()) {
    out +=
        fmt::format("<input type=\"hidden\" name=\"key\" value=\"{}\">\n", html_escape(page.key));
  }
  for (const std::string& a : page.options.authors) {  // no select: authors are too many
    out += fmt::format("<input type=\"hidden\" name=\"author\" value=\"{}\">\n", html_escape(a));
  }
  out += "<div class=\"filters\">\n";
  out += fmt::format(
      "<span class=\"field\"><label for=\"since\">من تاريخ</label><input type=\"text\" "
      "id=\"since\" name=\"since\" value=\"{}\" placeholder=\"2018-01\" inputmode=\"numeric\" "
      "dir=\"ltr\" aria-describedby=\"date-hint\"></span>\n",
      html_escape(page.options.since));
  out += fmt::format(
      "<span class=\"field\"><label for=\"until\">إلى تاريخ</label><input type=\"text\" "
      "id=\"until\" name=\"until\" value=\"{}\" placeholder=\"2018-12-31\" inputmode=\"numeric\" "
      "dir=\"ltr\" aria-describedby=\"date-hint\"></span>\n",
      html_escape(page.options.until));
  out += "<span class=\"field\">" +
         select_html("section", "section", "القسم", "كل الأقسام", page.sections,
                     page.options.sections, section_name) +
         "</span>\n";
  out += "<span class=\"field\">" +
         select_html("source", "source", "المصدر", "كل المصادر", page.sources, page.options.sources,
                     source_name) +
         "</span>\n";
  // The order the results are listed in: a search without words is by date whatever was asked
  // (SearchResults::sorted_by), and the menu says so.
  const bool by_date =
      (page.results != nullptr ? page.results->sorted_by : page.options.sort) == SortOrder::date;
  out += fmt::format(
      "<span class=\"field\"><label for=\"sort\">الترتيب</label><select id=\"sort\" "
      "name=\"sort\"><option value=\"relevance\"{}>الأكثر صلة</option>"
      "<option value=\"date\"{}>الأحدث</option></select></span>\n",
      by_date ? "" : " selected", by_date ? " selected" : "");
  // Recency as a toggle beside the order: unchecked sends nothing (off, the default), checked
  // the half-life the address had, or the page's own. (docs/serve.md says why off by default.)
  out += fmt::format(
      "<span class=\"field\"><input type=\"checkbox\" id=\"recency\" name=\"recency\" "
      "value=\"{}\"{}><label for=\"recency\">الأحدث بين الأكثر صلة</label></span>\n",
      html_escape(page.recency.empty() ? kPageRecency : page.recency),
      page.recency.empty() ? "" : " checked");
  out +=
      "<p id=\"date-hint\" class=\"hint\">التاريخ بالأرقام: سنة، أو سنة وشهر، أو يوم "
      "(<bdi dir=\"ltr\">2018</bdi>، <bdi dir=\"ltr\">2018-10</bdi>، "
      "<bdi dir=\"ltr\">2018-10-03</bdi>).</p>\n";
  out += "</div>\n</form>\n</header>\n";
  return out;
}

std::string meta_html(std::string_view date, std::string_view source, std::string_view section,
                      bool with_time) {
  std::string out;
  if (!date.empty()) {
    out += fmt::format("<time datetime=\"{}\">{}</time>", html_escape(date),
                       html_escape(format_date(date, with_time)));
  }
  if (!source.empty()) {
    out += fmt::format("<span class=\"source\">{}</span>", bdi(source_name(source)));
  }
  if (!section.empty()) {
    out += fmt::format("<span class=\"section\">{}</span>", bdi(section_name(section)));
  }
  return out;
}

// An article's URL: linked when it is a web URL (the href exactly as stored, escaped), shown
// decoded and shortened either way.
std::string url_html(std::string_view url) {
  if (url.empty()) return "";
  const std::string shown = html_escape(display_url(url));
  if (is_web_url(url)) {
    return fmt::format(
        "<a class=\"url\" dir=\"ltr\" href=\"{}\" rel=\"noopener noreferrer\" title=\"{}\">{}</a>",
        html_escape(url), html_escape(display_url(url, 2000)), shown);
  }
  return fmt::format("<span class=\"url\" dir=\"ltr\">{}</span>", shown);
}

// "بقلم: A، B" under an article's title (on its page and in the results), each name a link to
// the articles it signed, newest first: the author filter alone (`/search?author=NAME`, shown as
// a chip the reader can remove or add words to), the page's key kept.
std::string byline_html(std::string_view author, const SearchPage& from) {
  const SearchPage keyed = key_only(from);
  std::string names;
  for (const std::string& name : author_list(author)) {
    names += fmt::format("{}<a href=\"{}\"><bdi>{}</bdi></a>", names.empty() ? "" : "، ",
                         search_link(keyed, {{"author", name}}), html_escape(name));
  }
  return names.empty() ? "" : "<p class=\"byline\">بقلم: " + names + "</p>\n";
}

// The heading of a search by filters alone: "مقالات سارة أحمد" for one author (and nothing
// else but dates), else "أحدث المقالات" above the filters' chips. Plain text for <title>.
std::string filters_title(const SearchPage& page) {
  const SearchOptions& o = page.options;
  if (o.authors.size() == 1 && o.sections.empty() && o.sources.empty()) {
    return "مقالات " + o.authors.front();
  }
  return "أحدث المقالات";
}

std::string filters_heading(const SearchPage& page) {
  const SearchOptions& o = page.options;
  if (o.authors.size() == 1 && o.sections.empty() && o.sources.empty()) {
    return "مقالات " + bdi(o.authors.front());
  }
  return "أحدث المقالات";
}

std::string hit_html(const SearchPage& page, const SearchHit& hit) {
  std::string out = "<li class=\"hit\">\n";
  const std::string title = hit.title.empty() ? "(بلا عنوان)" : hit.title;
  out += fmt::format("<h2><a href=\"{}\" dir=\"auto\">{}</a></h2>\n", article_link(hit.id, page),
                     html_escape(title));
  out += "<div class=\"meta\">" + meta_html(hit.date, hit.source, hit.section, false);
  if (hit.similar > 0) {
    out += fmt::format("<a class=\"similar\" href=\"{}\">+{} مشابهة</a>",
                       search_link(key_only(page), {{"like", hit.id}}), format_count(hit.similar));
  }
  out += "</div>\n";
  out += byline_html(hit.author, page);
  if (!hit.snippet.empty()) {
    out += fmt::format("<p class=\"snippet\" dir=\"auto\">{}</p>\n",
                       marked_html(hit.snippet, hit.highlights));
  }
  out += "<div class=\"links\">" + url_html(hit.url);
  out += fmt::format("<a class=\"related\" href=\"{}\">مقالات ذات صلة</a>",
                     search_link(key_only(page), {{"like", hit.id}}));
  out += "</div>\n</li>\n";
  return out;
}

// Width class (w0…w100, in the stylesheet) of `count` out of `max`; at least 1 for a count.
int percent(std::uint64_t count, std::uint64_t max) {
  if (count == 0 || max == 0) return 0;
  return std::max(1, static_cast<int>((count * 100 + max / 2) / max));
}

// One facet as bars: each value a link to the results filtered by it (the chosen one marked).
std::string bars_html(const SearchPage& page, std::string_view heading, const char* parameter,
                      const std::vector<FacetCount>& counts, const std::vector<std::string>& chosen,
                      std::string (*display)(std::string_view)) {
  if (counts.empty()) return "";
  std::uint64_t max = 0;
  for (const FacetCount& c : counts) max = std::max(max, c.count);
  std::string out = fmt::format("<h2>{}</h2>\n<ul class=\"bars\">\n", heading);
  for (const FacetCount& c : counts) {
    const bool current = std::find(chosen.begin(), chosen.end(), c.value) != chosen.end();
    out += fmt::format(
        "<li><a href=\"{}\"{}><span class=\"label\">{}</span>"
        "<span class=\"bar\"><span class=\"fill w{}\"></span></span>"
        "<span class=\"n\">{}</span></a></li>\n",
        search_link(page, {{parameter, c.value}}), current ? " aria-current=\"true\"" : "",
        bdi(display(c.value)), percent(c.count, max), format_count(c.count));
  }
  return out + "</ul>\n";
}

std::string facets_html(const SearchPage& page, const Facets& facets) {
  std::string out = "<aside class=\"facets\" aria-label=\"تصفية النتائج\">\n";
  out +=
      bars_html(page, "الأقسام", "section", facets.sections, page.options.sections, section_name);
  out += bars_html(page, "المصادر", "source", facets.sources, page.options.sources, source_name);
  if (!facets.periods.empty()) {
    std::uint64_t max = 0;
    for (const FacetCount& c : facets.periods) max = std::max(max, c.count);
    out += fmt::format("<h2>{}</h2>\n<div class=\"histogram\">\n",
                       facets.by_year ? "حسب السنة" : "حسب الشهر");
    for (const FacetCount& c : facets.periods) {
      const std::string label = html_escape(c.value) + ": " + format_count(c.count) + " نتيجة";
      out += fmt::format(
          "<a class=\"column\" href=\"{}\" title=\"{}\" aria-label=\"{}\"><span class=\"fill "
          "h{}\"></span></a>\n",
          search_link(page, {{"since", c.value}, {"until", c.value}}), label, label,
          percent(c.count, max));
    }
    out += fmt::format(
        "</div>\n<div class=\"axis\"><span dir=\"ltr\">{}</span><span "
        "dir=\"ltr\">{}</span></div>\n",
        html_escape(facets.periods.front().value), html_escape(facets.periods.back().value));
  }
  if (!facets.exact) {
    out += fmt::format("<p class=\"note\">عينة من {} مقالة</p>\n", format_count(facets.counted));
  }
  out += "</aside>\n";
  return out;
}

// Numbered pages: the first and last, and two on each side of the current one.
std::string paging_html(const SearchPage& page, const SearchResults& results) {
  const std::size_t limit = page.options.limit;
  if (limit == 0 || results.total <= limit) return "";
  constexpr std::uint64_t kMaxOffset = 1'000'000;  // the most a request may skip
  const std::uint64_t pages =
      std::min<std::uint64_t>((results.total + limit - 1) / limit, kMaxOffset / limit + 1);
  const std::uint64_t current = std::min<std::uint64_t>(results.offset / limit + 1, pages);
  auto link_to = [&](std::uint64_t n) {
    return search_link(page, {{"offset", n == 1 ? "" : std::to_string((n - 1) * limit)}});
  };
  std::string out =
      fmt::format("<nav class=\"paging\" aria-label=\"الصفحات\">\n<p>الصفحة {} من {}{}</p>\n<ul>\n",
                  format_count(current), results.total_is_exact ? "" : "نحو ", format_count(pages));
  if (current > 1) {
    out +=
        fmt::format("<li><a rel=\"prev\" href=\"{}\">→ السابقة</a></li>\n", link_to(current - 1));
  }
  std::vector<std::uint64_t> numbers{1, pages};
  for (std::uint64_t n = current > 2 ? current - 2 : 1; n <= std::min(pages, current + 2); ++n) {
    numbers.push_back(n);
  }
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::uint64_t previous = 0;
  for (const std::uint64_t n : numbers) {
    if (n > previous + 1) out += "<li class=\"gap\" aria-hidden=\"true\">…</li>\n";
    previous = n;
    if (n == current) {
      out += fmt::format("<li><a aria-current=\"page\" href=\"{}\">{}</a></li>\n", link_to(n),
                         format_count(n));
    } else {
      out += fmt::format("<li><a href=\"{}\" aria-label=\"الصفحة {}\">{}</a></li>\n", link_to(n),
                         format_count(n), format_count(n));
    }
  }
  if (current < pages) {
    out +=
        fmt::format("<li><a rel=\"next\" href=\"{}\">التالية ←</a></li>\n", link_to(current + 1));
  }
  return out + "</ul>\n</nav>\n";
}

// The filters in force, each with a link that removes it.
std::string chips_html(const SearchPage& page) {
  if (!has_filters(page)) return "";
  std::string out = "<ul class=\"chips\" aria-label=\"التصفية الحالية\">\n";
  auto chip = [&](std::string_view label, const std::string& value, const Params& remove) {
    out += fmt::format("<li>{}: {} <a href=\"{}\" aria-label=\"إزالة {}\">✕</a></li>\n", label,
                       bdi(value), search_link(page, remove), label);
  };
  if (!page.options.since.empty()) chip("من", page.options.since, {{"since", ""}});
  if (!page.options.until.empty()) chip("إلى", page.options.until, {{"until", ""}});
  for (const std::string& s : page.options.sections)
    chip("القسم", section_name(s), {{"section", ""}});
  for (const std::string& s : page.options.sources)
    chip("المصدر", source_name(s), {{"source", ""}});
  for (const std::string& a : page.options.authors) chip("الكاتب", a, {{"author", ""}});
  return out + "</ul>\n";
}

std::string no_results_html(const SearchPage& page) {
  std::string out = "<div class=\"empty\">\n<p>لا توجد مقالات تطابق ";
  out += page.query.empty() ? std::string("هذا البحث") : "«" + bdi(page.query) + "»";
  out += has_filters(page) ? " مع التصفية المختارة.</p>\n" : ".</p>\n";
  out += "<p>اقتراحات:</p>\n<ul>\n";
  if (has_filters(page)) {
    out += fmt::format(
        "<li><a href=\"{}\">ابحث دون تصفية</a> (كل الأقسام والمصادر والتواريخ).</li>\n",
        search_link(
            page, {{"since", ""}, {"until", ""}, {"section", ""}, {"source", ""}, {"author", ""}}));
  }
  out += "<li>تأكد من كتابة الكلمات، أو جرّب كلمات أخرى بالمعنى نفسه.</li>\n";
  out += "<li>جرّب كلمات أقل، أو أزل علامات الاقتباس حول العبارة.</li>\n</ul>\n</div>\n";
  return out;
}

// "Trump → ترامب، ترمب": the Latin words searched with the index's Arabic spellings too, with a
// link to the query searched as typed (translit=0).
std::string transliterations_html(const SearchPage& page, const SearchResults& results) {
  if (results.transliterations.empty()) return {};
  std::string out = "<p class=\"note\">بحثنا أيضًا عن ";
  out += transliteration_list(results.transliterations, "؛ ",
                              [](std::string_view word, std::string_view spellings) {
                                return fmt::format("<bdi dir=\"ltr\">{}</bdi> ← <b>{}</b>",
                                                   html_escape(word), html_escape(spellings));
                              });
  out += fmt::format("؛ <a href=\"{}\">ابحث بالحروف اللاتينية فقط</a></p>\n",
                     search_link(page, {{"translit", "0"}}));
  return out;
}

// "الهعروف ← المعروف": words the index lacks searched with its words one edit away too, with a
// link to the query searched as typed (correct=0).
std::string near_spellings_html(const SearchPage& page, const SearchResults& results) {
  if (results.near_spellings.empty()) return {};
  std::string out = "<p class=\"note\">كلمات لا يحويها الفهرس، بحثنا معها عن أقرب الكلمات إليها: ";
  out += transliteration_list(
      results.near_spellings, "؛ ", [](std::string_view word, std::string_view spellings) {
        return fmt::format("<bdi>{}</bdi> ← <b>{}</b>", html_escape(word), html_escape(spellings));
      });
  out += fmt::format("؛ <a href=\"{}\">ابحث عن الكلمات كما كُتبت</a></p>\n",
                     search_link(page, {{"correct", "0"}}));
  return out;
}

// When no result holds every word typed, as the text output says it: how many words the first
// results hold (coordination: those holding the most come first), and the words no article
// holds, struck through as search engines mark a word left out.
std::string words_held_html(const SearchResults& results) {
  if (results.total == 0) return {};
  std::string missing;
  for (const std::string& word : results.missing_words) {
    missing += (missing.empty() ? "" : "، ") + fmt::format("<s>{}</s>", bdi(word));
  }
  if (results.most_words_held < results.query_words) {
    return fmt::format(
        "<p class=\"note\">لا يوجد مقال يحوي كلمات البحث الـ{} كلها{}؛ تظهر أولًا المقالات التي "
        "تحوي {} منها.</p>\n",
        results.query_words, missing.empty() ? "" : " (لا ترد في أي مقال: " + missing + ")",
        results.most_words_held);
  }
  if (missing.empty()) return {};
  return fmt::format("<p class=\"note\">لا ترد في أي مقال: {}؛ تظهر نتائج الكلمات الأخرى.</p>\n",
                     missing);
}

std::string results_html(const SearchPage& page, const SearchResults& results) {
  std::string out;
  if (results.corrected) {  // (The heading names the spelling searched: search_page_html.)
    // (Related articles keep their own heading: the spelling searched is named here.)
    const std::string shown =
        page.options.like.empty() ? "" : "عرض نتائج «" + bdi(results.corrected->to) + "» — ";
    out +=
        fmt::format("<p class=\"suggestion\">{}ابحث بدلاً من ذلك عن «<a href=\"{}\">{}</a>»</p>\n",
                    shown, search_link(page, {{"q", results.corrected->from}, {"correct", "0"}}),
                    bdi(results.corrected->from));
  }
  out += transliterations_html(page, results);
  out += near_spellings_html(page, results);
  out += words_held_html(results);
  if (!results.suggestion.empty()) {
    out += fmt::format("<p class=\"suggestion\">هل تقصد: <a href=\"{}\">{}</a>؟</p>\n",
                       search_link(page, {{"q", results.suggestion}}), bdi(results.suggestion));
  }
  out += chips_html(page);
  if (results.hits.empty()) {
    if (results.total > 0) {
      out += fmt::format(
          "<p class=\"count\">{} نتيجة؛ لا نتائج في هذه الصفحة. <a href=\"{}\">الصفحة "
          "الأولى</a></p>\n",
          format_count(results.total), search_link(page, {{"offset", ""}}));
    } else {
      out += no_results_html(page);
    }
  } else {
    // Filters alone rank nothing: their articles are counted as such, newest first.
    out += fmt::format(
        "<p class=\"count\">{}{} {} · {}–{}{}</p>\n", results.total_is_exact ? "" : "نحو ",
        format_count(results.total), results.without_words ? "مقالة" : "نتيجة",
        format_count(results.offset + 1), format_count(results.offset + results.hits.size()),
        results.without_words ? " · الأحدث أولًا (لا كلمات للبحث: مرتبة حسب التاريخ)" : "");
  }
  if (results.partial()) out += "<p class=\"note\">نتائج جزئية: بعض أجزاء الفهرس لم تُجب.</p>\n";
  out += "<ol class=\"hits\">\n";
  for (const SearchHit& hit : results.hits) out += hit_html(page, hit);
  out += "</ol>\n" + paging_html(page, results);
  return out;
}

// Whether `text` is a date the search accepts: YYYY, YYYY-MM or YYYY-MM-DD (month 01–12,
// day 01–31).
bool looks_like_date(std::string_view text) {
  auto number = [&](std::size_t at, std::size_t length, int low, int high) {
    int n = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      n = n * 10 + (text[i] - '0');
    }
    return n >= low && n <= high;
  };
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return false;
  if (!number(0, 4, 0, 9999)) return false;
  if (text.size() >= 7 && (text[4] != '-' || !number(5, 2, 1, 12))) return false;
  if (text.size() == 10 && (text[7] != '-' || !number(8, 2, 1, 31))) return false;
  return true;
}

// What went wrong, for a reader: in Arabic, naming the field of the form (never a command-line
// flag), with what to do instead. The library's message is used only to tell the cases apart.
std::string error_html(const SearchPage& page) {
  std::string what;
  std::vector<std::string> suggestions;
  const std::string& since = page.options.since;
  const std::string& until = page.options.until;
  const std::string date_forms =
      "اكتب التاريخ بالأرقام: سنة (<bdi dir=\"ltr\">2018</bdi>)، أو سنة وشهرًا "
      "(<bdi dir=\"ltr\">2018-10</bdi>)، أو يومًا (<bdi dir=\"ltr\">2018-10-03</bdi>).";
  if (!since.empty() && !looks_like_date(since)) {
    what = "لم نفهم التاريخ " + bdi(since) + " في خانة «من تاريخ».";
    suggestions = {date_forms, fmt::format("<a href=\"{}\">ابحث دون هذا التاريخ</a>",
                                           search_link(page, {{"since", ""}}))};
  } else if (!until.empty() && !looks_like_date(until)) {
    what = "لم نفهم التاريخ " + bdi(until) + " في خانة «إلى تاريخ».";
    suggestions = {date_forms, fmt::format("<a href=\"{}\">ابحث دون هذا التاريخ</a>",
                                           search_link(page, {{"until", ""}}))};
  } else if (!since.empty() && !until.empty() &&
             since.substr(0, std::min(since.size(), until.size())) >
                 until.substr(0, std::min(since.size(), until.size()))) {
    what = "تاريخ البداية " + bdi(since) + " بعد تاريخ النهاية " + bdi(until) + ".";
    suggestions = {fmt::format("<a href=\"{}\">ابحث من {} إلى {}</a>",
                               search_link(page, {{"since", until}, {"until", since}}), bdi(until),
                               bdi(since))};
  } else if (!page.options.like.empty() &&
             page.error.find(page.options.like) != std::string::npos) {
    what = "لا توجد في الفهرس مقالة بالمعرّف " + bdi(page.options.like) + ".";
    suggestions = {std::string(kNewSearchLink)};
  } else if (page.error.rfind("parameter 'recency'", 0) == 0) {
    what = "لم نفهم المدة " + bdi(page.recency) + " في خيار «الأحدث بين الأكثر صلة».";
    suggestions = {
        "المدة عدد ووحدة: <bdi dir=\"ltr\">12h</bdi> (ساعات)، أو "
        "<bdi dir=\"ltr\">30d</bdi> (أيام)، أو <bdi dir=\"ltr\">2w</bdi> (أسابيع)، "
        "أو <bdi dir=\"ltr\">1y</bdi> (سنوات).",
        fmt::format("<a href=\"{}\">ابحث بالأحدث بين الأكثر صلة</a>",
                    search_link(page, {{"recency", std::string(kPageRecency)}})),
        fmt::format("<a href=\"{}\">ابحث بالأكثر صلة وحدها</a>",
                    search_link(page, {{"recency", ""}}))};
  } else if (page.error.rfind("parameter 'limit'", 0) == 0 ||
             page.error.rfind("parameter 'offset'", 0) == 0) {
    what = "رقم الصفحة أو عدد النتائج في الرابط خارج الحدود المسموح بها.";
    suggestions = {fmt::format("<a href=\"{}\">اعرض الصفحة الأولى</a>",
                               search_link(page, {{"offset", ""}, {"limit", ""}}))};
  } else {
    what = "تعذّر تنفيذ هذا البحث.";
    suggestions = {"جرّب كلمات أقل أو أبسط.",
                   "أزل الرموز الخاصة: علامات الاقتباس غير المغلقة، والأقواس، والنجمة (*).",
                   std::string(kNewSearchLink)};
  }
  std::string out = "<div class=\"error\" role=\"alert\">\n<p>" + what + "</p>\n<ul>\n";
  for (const std::string& s : suggestions) out += "<li>" + s + "</li>\n";
  return out + "</ul>\n</div>\n";
}

// Seconds since the epoch (UTC) of an ISO date, and whether it has a time of day.
std::optional<std::pair<double, bool>> parse_iso(std::string_view iso) {
  auto number = [&](std::size_t at, std::size_t length) -> int {
    if (iso.size() < at + length) return -1;
    int n = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return -1;
      n = n * 10 + (iso[i] - '0');
    }
    return n;
  };
  const int year = number(0, 4);
  const int month = iso.size() >= 7 && iso[4] == '-' ? number(5, 2) : -1;
  const int day = iso.size() >= 10 && iso[7] == '-' ? number(8, 2) : -1;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const bool has_time = iso.size() >= 16 && (iso[10] == 'T' || iso[10] == ' ') && iso[13] == ':';
  const int hour = has_time ? number(11, 2) : 0;
  const int minute = has_time ? number(14, 2) : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  // Days from the civil date (proleptic Gregorian), as in Howard Hinnant's days_from_civil.
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const double days = static_cast<double>(era) * 146097 + doe - 719468;
  return std::make_pair((days * 86400 + hour * 3600 + minute * 60) * 1000, has_time);
}

std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// The first `max_chars` code points of valid UTF-8 `text`, with "…" when it was longer.
std::string shorten(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_utf8_continuation(text[i])) continue;
    if (chars++ == max_chars) return text.substr(0, i) + "…";
  }
  return text;
}

// The words of each error page, in the order of PageError: its heading, what happened, and what
// the reader can do (an empty suggestion is left out). {path} stands for the address asked for
// and {key} for the key parameter of an address, each isolated left to right; the text is HTML.
struct ErrorPageText {
  PageError error;
  std::string_view title;
  std::string_view what;
  std::array<std::string_view, 2> suggestions;
};

constexpr std::array kErrorPageTexts = {
    ErrorPageText{PageError::not_found,
                  "الصفحة غير موجودة",
                  "لا توجد صفحة بهذا العنوان: {path}",
                  {"ربما نُسخ الرابط ناقصًا، أو فيه خطأ في الكتابة.", kNewSearchLink}},
    ErrorPageText{PageError::missing_key,
                  "هذه الصفحة تحتاج إلى مفتاح",
                  "لا يفتح هذا الخادم صفحاته إلا بمفتاح، ولم يكن في الرابط مفتاح.",
                  {"افتح الرابط الذي أعطاك إياه الموقع كما هو: فيه المفتاح بعد {key}.",
                   "أو اطلب مفتاحًا من مسؤول الموقع."}},
    ErrorPageText{PageError::wrong_key,
                  "المفتاح لا يفتح هذه الصفحة",
                  "المفتاح الذي في الرابط غير صحيح، أو لا يفتح هذه الصفحة.",
                  {"تأكد من نسخ الرابط كاملًا، فالمفتاح بعد {key} يُنسخ كله.",
                   "أو اطلب مفتاحًا جديدًا من مسؤول الموقع."}},
    ErrorPageText{PageError::method_not_allowed,
                  "طلب غير مقبول",
                  "تُفتح هذه الصفحة من رابط أو من خانة البحث، لا بإرسال نموذج إليها.",
                  {kNewSearchLink}},
    ErrorPageText{PageError::bad_request,
                  "طلب غير صالح",
                  "لم يستطع الخادم قراءة هذا الطلب.",
                  {"ربما الرابط طويل جدًا أو ناقص؛ ابدأ من صفحة البحث.", kNewSearchLink}},
    ErrorPageText{PageError::overloaded,
                  "الخادم مشغول",
                  "الخادم مشغول الآن بطلبات كثيرة، ولم يستطع إجابة هذا الطلب.",
                  {"أعد المحاولة بعد لحظات.", kNewSearchLink}},
    ErrorPageText{PageError::server_error,
                  "حدث خطأ في الخادم",
                  "تعذّر إكمال هذا الطلب بسبب خطأ عندنا، لا في ما كتبته.",
                  {"أعد المحاولة بعد قليل؛ وإن تكرر الخطأ فأبلغ مسؤول الموقع.", kNewSearchLink}},
};

constexpr bool in_page_error_order() {
  for (std::size_t i = 0; i < kErrorPageTexts.size(); ++i) {
    if (static_cast<std::size_t>(kErrorPageTexts[i].error) != i) return false;
  }
  return true;
}
static_assert(in_page_error_order(), "kErrorPageTexts[i] holds the words of PageError i");

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  append_html_escaped(out, inert_text(text));
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

std::string section_name(std::string_view section) {
  for (const CorpusSection& known : kCorpusSections) {
    if (section == known.code) return std::string(known.shown);
  }
  return std::string(section);
}

std::string source_name(std::string_view source) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"bbc", "بي بي سي عربي"}, {"skynews", "سكاي نيوز عربية"}, {"alarabia", "العربية"},
      {"alarabiya", "العربية"}, {"cnn", "سي إن إن بالعربية"},   {"france24", "فرانس 24"},
      {"aljazeera", "الجزيرة"},
  };
  std::string lower(source);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  for (const auto& [code, name] : kNames) {
    if (lower == code) return std::string(name);
  }
  return std::string(source);
}

std::string format_count(std::uint64_t count) {
  // Latin digits, grouped by the Arabic locale's rules (docs/serve.md: why not Arabic-Indic).
  static const icu::number::LocalizedNumberFormatter formatter =
      icu::number::NumberFormatter::withLocale(icu::Locale("ar@numbers=latn"));
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString text =
      formatter.formatInt(static_cast<int64_t>(count), status).toString(status);
  return U_SUCCESS(status) ? to_utf8(text) : std::to_string(count);
}

std::string format_date(std::string_view iso, bool with_time) {
  const auto parsed = parse_iso(iso);
  if (!parsed) return std::string(iso);
  const bool show_time = with_time && parsed->second;
  // A SimpleDateFormat is not safe to share between threads: one per thread and pattern.
  thread_local std::optional<icu::SimpleDateFormat> date_only;
  thread_local std::optional<icu::SimpleDateFormat> date_time;
  std::optional<icu::SimpleDateFormat>& format = show_time ? date_time : date_only;
  if (!format) {
    UErrorCode status = U_ZERO_ERROR;
    format.emplace(
        icu::UnicodeString::fromUTF8(show_time ? "d MMMM y، HH:mm 'بتوقيت غرينتش'" : "d MMMM y"),
        icu::Locale("ar@numbers=latn"), status);
    if (U_FAILURE(status)) {
      format.reset();
      return std::string(iso);
    }
    format->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  }
  icu::UnicodeString text;
  format->format(parsed->first, text);
  return to_utf8(text);
}

std::string display_url(std::string_view url, std::size_t max_chars) {
  std::string_view rest = url;
  for (const std::string_view scheme : {"https://", "http://"}) {
    if (rest.size() > scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), rest.begin(),
                   [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b + 32 : b); })) {
      rest.remove_prefix(scheme.size());
      break;
    }
  }
  if (rest.substr(0, 4) == "www.") rest.remove_prefix(4);
  std::string decoded;
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 && hex(rest[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
      i += 2;
    } else {
      decoded += rest[i];
    }
  }
  // Invalid UTF-8 after decoding: show the escapes as they were. Controls and bidi overrides
  // decoded from escapes are made inert when the page escapes the text.
  std::string shown = is_valid_utf8(decoded) ? inert_text(decoded) : std::string(rest);
  return shorten(shown, max_chars);
}

std::string search_page_html(const SearchPage& page) {
  // A corrected search is headed by the spelling searched; the typed one is a link below it.
  const Correction* correction = page.error.empty() && page.results != nullptr &&
                                         page.results->corrected && page.options.like.empty()
                                     ? &*page.results->corrected
                                     : nullptr;
  std::string title = "بحث";
  if (correction != nullptr) {
    title = correction->to + " — بحث";
  } else if (!page.query.empty()) {
    title = page.query + " — بحث";
  } else if (!page.options.like.empty()) {
    title = "مقالات ذات صلة — بحث";
  } else if (page.results != nullptr) {
    title = filters_title(page) + " — بحث";
  }
  std::string out = page_head(title);
  out += search_form(page);
  out += "<div class=\"layout\">\n<main id=\"main\">\n";
  if (!page.options.like.empty()) {
    const std::string& named = page.like_title.empty() ? page.options.like : page.like_title;
    out += fmt::format("<h1>مقالات ذات صلة بـ «<a href=\"{}\">{}</a>»</h1>\n",
                       article_link(page.options.like), bdi(named));
  } else if (correction != nullptr) {
    out += fmt::format("<h1>عرض نتائج «{}»</h1>\n", bdi(correction->to));
  } else if (!page.query.empty()) {
    out += fmt::format("<h1>نتائج البحث عن «{}»</h1>\n", bdi(page.query));
  } else if (page.results != nullptr) {
    out += "<h1>" + filters_heading(page) + "</h1>\n";
  } else {
    out += "<h1>ابحث في أرشيف الأخبار العربية</h1>\n";
  }
  if (!page.error.empty()) {
    out += error_html(page);
  } else if (page.results != nullptr) {
    out += results_html(page, *page.results);
  } else {
    out += "<p class=\"intro\">اكتب كلمة أو عبارة، واختر إن شئت قسمًا أو مصدرًا أو فترة.</p>\n";
  }
  out += "</main>\n";
  if (page.error.empty() && page.results != nullptr && page.results->facets) {
    out += facets_html(page, *page.results->facets);
  }
  out += "</div>\n";
  out += kPageEnd;
  return out;
}

std::string article_page_html(const Article& article, const SearchPage& from) {
  const std::string title = article.title.empty() ? "(بلا عنوان)" : article.title;
  std::string out = page_head(title);
  out += search_form(from, true);
  out += "<main id=\"main\">\n<article class=\"full\">\n";
  if (!from.query.empty() || !from.options.like.empty()) {
    out += fmt::format("<p class=\"back\"><a href=\"{}\">→ العودة إلى النتائج</a></p>\n",
                       search_link(from, {}));
  }
  out += fmt::format("<h1 dir=\"auto\">{}</h1>\n", html_escape(title));
  out += byline_html(article.author, from);
  out += "<div class=\"meta\">";
  out += meta_html(article.date, article.source, article.section, true);
  out += fmt::format("<span class=\"id\" dir=\"ltr\">{}</span></div>\n", html_escape(article.id));
  if (!article.url.empty()) out += "<p class=\"links\">" + url_html(article.url) + "</p>\n";
  for (const std::string& caption : article.captions) {
    out += fmt::format("<p class=\"caption\" dir=\"auto\">{}</p>\n", html_escape(caption));
  }
  std::string_view body = article.body;
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    const std::string_view paragraph = body.substr(0, end);
    if (paragraph.find_first_not_of(" \t\r") != std::string_view::npos) {
      out += fmt::format("<p dir=\"auto\">{}</p>\n", html_escape(paragraph));
    }
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  out += fmt::format("<p class=\"links\"><a href=\"{}\">مقالات ذات صلة بهذه المقالة</a></p>\n",
                     search_link(key_only(from), {{"like", article.id}}));
  out += "</article>\n</main>\n";
  out += kPageEnd;
  return out;
}

std::string missing_article_page_html(std::string_view id) {
  return page_head("لا توجد هذه المقالة — بحث") + search_form({}, true) +
         fmt::format(
             "<main id=\"main\">\n<h1>لا توجد هذه المقالة</h1>\n<div class=\"error\" "
             "role=\"alert\"><p>لا توجد في الفهرس مقالة بالمعرّف {}.</p>\n<ul><li>ربما حُذفت، أو "
             "نُسخ الرابط ناقصًا.</li>\n<li>{}</li></ul></div>\n"
             "</main>\n",
             bdi(id), kNewSearchLink) +
         std::string(kPageEnd);
}

std::string error_page_html(PageError error, std::string_view path) {
  const ErrorPageText& text = kErrorPageTexts.at(static_cast<std::size_t>(error));
  const std::string address = "<bdi dir=\"ltr\">" + html_escape(path) + "</bdi>";
  // Named arguments fill the text's placeholders; fmt ignores those a text does not name.
  const auto fill = [&](std::string_view words) {
    return fmt::format(fmt::runtime(words), fmt::arg("path", address),
                       fmt::arg("key", "<bdi dir=\"ltr\">key=</bdi>"));
  };
  // Without a key, the search box would only lead to the same refusal.
  const bool keyed = error == PageError::missing_key || error == PageError::wrong_key;
  std::string out = page_head(std::string(text.title) + " — بحث");
  out += keyed ? "<header><a class=\"brand\" href=\"/\">بحث</a></header>\n" : search_form({}, true);
  out += fmt::format(
      "<main id=\"main\">\n<h1>{}</h1>\n<div class=\"error\" role=\"alert\"><p>{}</p>\n<ul>",
      text.title, fill(text.what));
  for (const std::string_view s : text.suggestions) {
    if (!s.empty()) out += "<li>" + fill(s) + "</li>\n";
  }
  return out + "</ul></div>\n</main>\n" + std::string(kPageEnd);
}

std::string_view stylesheet() {
  // page.css, then the bar classes w0…w100 and h0…h100 (written here rather than by hand).
  static const std::string sheet = [] {
    std::string css(detail::kPageCss);
    for (int i = 0; i <= 100; ++i) {
      css += fmt::format(".w{0}{{width:{0}%}}.h{0}{{height:{0}%}}\n", i);
    }
    return css;
  }();
  return sheet;
}

}  // namespace bahth::render
