// text_reader.cc: BBC-style article text files.
//
// The first non-empty line is the title. Image credit lines (`مصدر الصورة AFP`) are kept whole
// as captions; `Image caption ...` lines become captions without that prefix. The other
// non-empty lines, trimmed, are the body, one paragraph a line.
#include <algorithm>  // std::count
#include <array>      // std::array
#include <string>     // std::string

#include "bahth/utf8.h"
#include "format_readers.h"

namespace bahth::readers {
namespace {

// Kept whole: the credit ("مصدر الصورة" is Arabic for "image source").
constexpr std::array<std::string_view, 2> kCreditPrefixes{"مصدر الصورة", "Image copyright"};
// The caption text follows the prefix.
constexpr std::array<std::string_view, 1> kCaptionPrefixes{"Image caption"};

// True if `line` is `prefix` alone or followed by white space (so "Image captions" is text).
bool starts_with_word(std::string_view line, std::string_view prefix) {
  return line.starts_with(prefix) && (line.size() == prefix.size() || line[prefix.size()] == ' ' ||
                                      line[prefix.size()] == '\t');
}

// The caption a line holds, or nullopt for an ordinary line.
std::optional<std::string_view> caption_of(std::string_view line) {
  for (std::string_view prefix : kCreditPrefixes) {
    if (starts_with_word(line, prefix)) return line;
  }
  for (std::string_view prefix : kCaptionPrefixes) {
    if (starts_with_word(line, prefix)) return trim(line.substr(prefix.size()));
  }
  return std::nullopt;
}

void add_line(std::string_view line, Article& out) {
  if (out.title.empty()) {
    out.title.assign(line);
  } else if (std::optional<std::string_view> caption = caption_of(line)) {
    if (!caption->empty()) out.captions.emplace_back(*caption);
  } else {
    if (!out.body.empty()) out.body += '\n';
    out.body += line;
  }
}

void parse_text(std::string_view text, Article& out) {
  out.id.clear(), out.url.clear(), out.title.clear(), out.date.clear(), out.section.clear(),
      out.source.clear();
  out.body.clear(), out.captions.clear();
  while (!text.empty()) {
    const std::size_t newline = text.find_first_of("\r\n");  // CR LF: an empty line between
    const std::string_view line = trim(text.substr(0, newline));
    if (!line.empty()) add_line(line, out);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
}

class TextReader final : public RecordReader {
 public:
  TextReader(std::unique_ptr<InputSource> source, InputContext context)
      : source_(std::move(source)), context_(std::move(context)) {}

  bool next(Article& out) override {
    if (done_) return false;
    done_ = true;
    std::string content;
    if (!read_whole_file_record(*source_, context_, content)) return false;
    const std::string_view text = strip_bom(content);
    if (!is_valid(text)) return false;
    if (starts_with_tsv_header(text)) {
      context_.report(1,
                      "the first line is a header row of tab-separated columns (Excel's "
                      "\"Unicode Text\" is saved as .txt): read the file with --format tsv");
      return false;
    }
    if (starts_with_json_object(text)) {
      // JSON Lines saved as .txt (or `zcat dump.jsonl.gz > dump.txt`) was one article, titled
      // with the first record's JSON.
      context_.report(1,
                      "the first line is a JSON object: the file holds JSON Lines, not an "
                      "article's text; name it .jsonl or read it with --format jsonl");
      return false;
    }
    parse_text(text, out);
    return finish_article(out, context_, 0);
  }

  std::size_t stop_line() const override { return 0; }

  // Only the whole-file read waits, and it counted the record before it began.
  void end_interrupted() override {
    if (done_) context_.report_interrupted(0);
  }

 private:
  // Reports the first invalid byte with its line and 1-based byte column.
  bool is_valid(std::string_view text) const {
    const std::size_t at = find_invalid_utf8(text);
    if (at == std::string_view::npos) return true;
    const std::string_view before = text.substr(0, at);
    const std::size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0
    const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    context_.report(line, invalid_utf8_reason(at - line_start));
    return false;
  }

  // A first non-empty line `{"key": ...}`: a JSON object, not a title.
  static bool starts_with_json_object(std::string_view text) {
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return false;
    text.remove_prefix(start);
    const std::string_view line = trim(text.substr(0, text.find_first_of("\r\n")));
    return line.starts_with("{\"") && line.ends_with('}') &&
           line.find("\":") != std::string_view::npos;
  }

  // A first line of tab-separated cells, one of them a title or body column name: a table, not
  // an article whose title would be "title body date".
  bool starts_with_tsv_header(std::string_view text) const {
    std::string_view line = text.substr(0, text.find_first_of("\r\n"));
    if (line.find('\t') == std::string_view::npos) return false;
    bool names_column = false;
    while (!names_column) {
      const std::size_t tab = line.find('\t');
      context_.names->for_each_match(
          trim(line.substr(0, tab)), /*ignore_case=*/true, [&](FieldNames::Match match) {
            names_column =
                names_column || match.field == Field::title || match.field == Field::body;
          });
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    return names_column;
  }

  std::unique_ptr<InputSource> source_;
  InputContext context_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<RecordReader> make_text_reader(std::unique_ptr<InputSource> source,
                                               InputContext context) {
  return std::make_unique<TextReader>(std::move(source), std::move(context));
}

}  // namespace bahth::readers
