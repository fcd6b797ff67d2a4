// A whole stored article (`bahth show`, `GET /api/article/ID`) as JSON or as text.
//
// The fields shown are listed once, in article_fields_json (JSON, shared with search results),
// print_article_text and the HTML page in html.cc: a field the index learns to keep (the outlet,
// `source`) is added there.
#ifndef BAHTH_RENDER_ARTICLE_VIEW_H_
#define BAHTH_RENDER_ARTICLE_VIEW_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/article.h"
#include "render/search_text.h"

namespace bahth::render {

/// The authors of Article::author (one a line) as a list; empty when there are none.
std::vector<std::string> author_list(std::string_view author);

/// "by A، B" (the names joined as Arabic joins a list, whatever the script), or empty when
/// Article::author names nobody: the line under a title in `show` and in search results.
std::string byline(std::string_view author);

/// The members a stored article and a search hit have in common: {"id", "title", "date",
/// "source", "section", "url", "authors"}, text kept exact; "authors" a list, empty when the
/// article names none. article_json and search_json both start from
/// them, so a field the index learns to keep is written once for both.
template <typename Record>  // Article or SearchHit
nlohmann::json article_fields_json(const Record& record) {
  return {{"id", record.id},
          {"title", record.title},
          {"date", record.date},
          {"source", record.source},
          {"section", record.section},
          {"url", record.url},
          {"authors", author_list(record.author)}};
}

/// article_fields_json and {"captions": [...], "body"}: text kept exact.
nlohmann::json article_json(const Article& article);

/// Prints the article on standard output: title, date · section, the authors, id · URL, captions,
/// then the body paragraph by paragraph, every field made inert and laid out as `style` says.
void print_article_text(const Article& article, const TextStyle& style);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_ARTICLE_VIEW_H_
