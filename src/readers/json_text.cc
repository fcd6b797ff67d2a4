// json_text.cc: JSON articles given as text in memory (the bodies of `bahth serve`'s write
// routes), read exactly as the lines of a JSON Lines file are.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/readers.h"
#include "format_readers.h"
#include "json_record.h"
#include "line_reader.h"
#include "record_reader.h"

namespace bahth {
namespace {

// Keeps what finish_article() reports about the one record it is given.
class Collect final : public ProblemReporter {
 public:
  explicit Collect(JsonArticle& into) : into_(into) {}
  void report(const ReadProblem& problem) override {
    if (problem.skipped) {
      into_.error = problem.reason;
    } else {
      into_.warnings.push_back(problem.reason);
    }
  }

 private:
  JsonArticle& into_;
};

class TextReader {
 public:
  explicit TextReader(std::size_t max_article_bytes) : names_({}) {
    options_.max_article_bytes = max_article_bytes;
  }

  JsonArticle read(std::string_view text, std::size_t line) {
    JsonArticle out;
    text = readers::trim(readers::strip_bom(text));
    if (text.size() > options_.max_article_bytes) {
      out.error = readers::too_large_reason("article", options_.max_article_bytes);
      return out;
    }
    // simdjson reads up to kLinePadding bytes past the text.
    padded_.assign(text);
    padded_.append(readers::kLinePadding, ' ');
    out.error = parser_.parse(std::string_view(padded_.data(), text.size()), names_, out.article);
    if (!out.error.empty()) return out;
    const bool has_id = !readers::trim(out.article.id).empty();
    Collect collect(out);
    std::size_t records_seen = 0;
    // Without an id finish_article() would derive one from this name; the caller never keeps
    // it (it clears the id again below), so the name only has to be one no file has.
    const readers::InputContext context{&options_,   &collect,    &names_,
                                        "<request>", "<request>", &records_seen};
    readers::note_repeated_key(context, line, parser_.repeated_key());
    readers::note_ignored_value(context, line, parser_.ignored_value());
    if (!readers::finish_article(out.article, context, line)) return out;
    if (!has_id) out.article.id.clear();
    return out;
  }

 private:
  ReaderOptions options_;
  readers::FieldNames names_;
  readers::JsonRecordParser parser_;
  std::string padded_;
};

}  // namespace

JsonArticle parse_json_article(std::string_view text, std::size_t max_article_bytes) {
  TextReader reader(max_article_bytes);
  return reader.read(text, 0);
}

std::vector<std::pair<std::size_t, JsonArticle>> parse_json_lines(std::string_view text,
                                                                  std::size_t max_article_bytes) {
  std::vector<std::pair<std::size_t, JsonArticle>> out;
  read_json_lines(
      text,
      [&out](std::size_t line, JsonArticle&& parsed) {
        out.emplace_back(line, std::move(parsed));
        return true;
      },
      max_article_bytes);
  return out;
}

void read_json_lines(std::string_view text,
                     const std::function<bool(std::size_t, JsonArticle&&)>& take,
                     std::size_t max_article_bytes) {
  TextReader reader(max_article_bytes);
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (readers::trim(line).empty()) continue;
    if (!take(number, reader.read(line, number))) return;
  }
}

}  // namespace bahth
