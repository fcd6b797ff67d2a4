// jsonl_reader.cc: JSON Lines and single-object JSON files.
#include <string>  // std::string

#include "format_readers.h"
#include "line_reader.h"

namespace bahth::readers {
namespace {

class JsonLinesReader final : public RecordReader {
 public:
  JsonLinesReader(std::unique_ptr<InputSource> source, InputContext context,
                  JsonRecordParser& parser)
      : source_(std::move(source)),
        context_(std::move(context)),
        parser_(parser),
        lines_(*source_, context_.options->max_article_bytes) {}

  bool next(Article& out) override {
    std::string_view line;
    for (;;) {
      const LineReader::Result result = lines_.next(line);
      if (result == LineReader::Result::end) return false;
      if (read_line(result, line, out)) return true;
    }
  }

  std::size_t stop_line() const override { return lines_.line_number() + 1; }

  void end_interrupted() override {
    const std::size_t line = lines_.unfinished_line();
    if (line == 0) return;
    context_.count_record();
    context_.report_interrupted(line);
  }

 private:
  // One physical line: false if it held no good article (blank or reported).
  bool read_line(LineReader::Result result, std::string_view line, Article& out) {
    const std::size_t number = lines_.line_number();
    // On any line, not only the first: files saved with one and joined by `cat` carry one at
    // each file's start, and U+FEFF can never begin a JSON value.
    line = strip_bom(line);
    if (result == LineReader::Result::line && trim(line).empty()) return false;
    context_.count_record();
    if (result == LineReader::Result::too_long) {
      context_.report(number, too_large_reason("line", context_.options->max_article_bytes));
      return false;
    }
    const std::string reason = parser_.parse(line, *context_.names, out);
    if (!reason.empty()) {
      context_.report(number, reason);
      return false;
    }
    note_repeated_key(context_, number, parser_.repeated_key());
    note_ignored_value(context_, number, parser_.ignored_value());
    return finish_article(out, context_, number);
  }

  std::unique_ptr<InputSource> source_;
  InputContext context_;
  JsonRecordParser& parser_;
  LineReader lines_;
};

class JsonFileReader final : public RecordReader {
 public:
  JsonFileReader(std::unique_ptr<InputSource> source, InputContext context,
                 JsonRecordParser& parser)
      : source_(std::move(source)), context_(std::move(context)), parser_(parser) {}

  bool next(Article& out) override {
    if (done_) return false;
    done_ = true;
    std::string content;
    if (!read_whole_file_record(*source_, context_, content)) return false;
    const std::size_t size = content.size();
    content.append(kLinePadding, ' ');  // simdjson reads past the end of the text
    const std::string reason =
        parser_.parse(strip_bom(std::string_view(content.data(), size)), *context_.names, out);
    if (!reason.empty()) {
      context_.report(0, reason);
      return false;
    }
    note_repeated_key(context_, 0, parser_.repeated_key());
    note_ignored_value(context_, 0, parser_.ignored_value());
    return finish_article(out, context_, 0);
  }

  std::size_t stop_line() const override { return 0; }

  // Only the whole-file read waits, and it counted the record before it began.
  void end_interrupted() override {
    if (done_) context_.report_interrupted(0);
  }

 private:
  std::unique_ptr<InputSource> source_;
  InputContext context_;
  JsonRecordParser& parser_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<RecordReader> make_json_lines_reader(std::unique_ptr<InputSource> source,
                                                     InputContext context,
                                                     JsonRecordParser& parser) {
  return std::make_unique<JsonLinesReader>(std::move(source), std::move(context), parser);
}

std::unique_ptr<RecordReader> make_json_file_reader(std::unique_ptr<InputSource> source,
                                                    InputContext context,
                                                    JsonRecordParser& parser) {
  return std::make_unique<JsonFileReader>(std::move(source), std::move(context), parser);
}

bool holds_json_lines(InputSource& source) {
  const std::string_view head = strip_bom(source.peek_arrived(kJsonLinesSniffBytes));
  const std::size_t newline = head.find('\n');
  if (newline == std::string_view::npos) return false;
  const std::string_view first = trim(head.substr(0, newline));
  return first.size() >= 2 && first.front() == '{' && first.back() == '}' &&
         trim(head.substr(newline + 1)).starts_with('{');
}

bool read_whole_file_record(InputSource& source, const InputContext& context,
                            std::string& content) {
  context.count_record();
  if (source.read_all(content, context.options->max_article_bytes)) return true;
  context.report(0, too_large_reason("file", context.options->max_article_bytes));
  return false;
}

std::string too_large_reason(std::string_view what, std::size_t max_bytes) {
  return std::string(what) + " larger than max_article_bytes (" + std::to_string(max_bytes) +
         " bytes)";
}

}  // namespace bahth::readers
