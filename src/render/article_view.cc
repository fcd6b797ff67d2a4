#include "article_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "render/inert.h"

namespace bahth::render {
namespace {

// Prints `text` as lines of at most style.width columns (in visual mode; one line otherwise),
// each after `indent`.
void print_block(std::string_view indent, std::string_view text, const TextStyle& style,
                 const std::vector<Highlight>& highlights = {}) {
  const InertField field = inert_field(text, highlights);
  for (const std::string& line : layout(field.text, field.highlights, style.bidi, style.width,
                                        style.color ? style.marks() : Marks{})) {
    fmt::print("{}{}\n", indent, line);
  }
}

// Splits at '\n', leaving out blank paragraphs.
std::vector<std::string_view> paragraphs(std::string_view body) {
  std::vector<std::string_view> out;
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    const std::string_view line = body.substr(0, end);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) out.push_back(line);
    if (end == std::string_view::npos) break;
    body.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

std::vector<std::string> author_list(std::string_view author) {
  std::vector<std::string> out;
  while (!author.empty()) {
    const std::size_t end = std::min(author.find('\n'), author.size());
    if (end > 0) out.emplace_back(author.substr(0, end));
    author.remove_prefix(std::min(end + 1, author.size()));
  }
  return out;
}

std::string byline(std::string_view author) {
  const std::vector<std::string> authors = author_list(author);
  if (authors.empty()) return {};
  std::string line = "by ";
  for (std::size_t i = 0; i < authors.size(); ++i) line += (i > 0 ? "، " : "") + authors[i];
  return line;
}

nlohmann::json article_json(const Article& article) {
  nlohmann::json out = article_fields_json(article);
  out["captions"] = article.captions;
  out["body"] = article.body;
  return out;
}

void print_article_text(const Article& article, const TextStyle& style) {
  const std::string title = article.title.empty() ? "(no title)" : article.title;
  print_block("", title, style, {{0, title.size()}});
  fmt::print("{}\n", dateline(article.date, article.source, article.section, style));
  if (const std::string names = byline(article.author); !names.empty()) {
    print_block("", names, style);
  }
  fmt::print("{}\n", where_line(article.id, article.url, style));
  for (const std::string& caption : article.captions) print_block("  ▣ ", caption, style);
  for (const std::string_view paragraph : paragraphs(article.body)) {
    fmt::print("\n");
    print_block("", paragraph, style);
  }
}

}  // namespace bahth::render
