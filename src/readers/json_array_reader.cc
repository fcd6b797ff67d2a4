// json_array_reader.cc: a JSON file holding an array of article objects, read one element at a
// time.
//
// `json.dump(articles)`, `mongoexport --jsonArray` and most scrapers' exports write one array,
// often on a single line of hundreds of megabytes. The array is split into its elements by a
// scanner that follows strings, escapes and nesting, so memory holds one element (at most
// max_article_bytes) plus a chunk, whatever the file's size; each element goes through the JSON
// Lines record parser. Problems are reported at the line where the element starts; the id of an
// element without one is derived from its 1-based position in the array, which stays distinct
// when every element sits on one line.
#include <string>  // std::string

#include "format_readers.h"
#include "line_reader.h"  // kLinePadding

namespace bahth::readers {
namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class JsonArrayReader final : public RecordReader {
 public:
  JsonArrayReader(std::unique_ptr<InputSource> source, InputContext context,
                  JsonRecordParser& parser)
      : source_(std::move(source)), context_(std::move(context)), parser_(parser) {
    buffer_.resize(kChunkBytes);
  }

  bool next(Article& out) override {
    if (!opened_ && !open_array()) return false;
    while (next_element()) {
      ++index_;
      context_.count_record();
      if (too_large_) {
        context_.report(line_, too_large_reason("array element", max_bytes()));
        continue;
      }
      const std::size_t size = element_.size();
      element_.append(kLinePadding, ' ');  // simdjson reads past the end of the text
      const std::string reason =
          parser_.parse(std::string_view(element_.data(), size), *context_.names, out);
      if (!reason.empty()) {
        context_.report(line_, reason);
        continue;
      }
      note_repeated_key(context_, line_, parser_.repeated_key());
      note_ignored_value(context_, line_, parser_.ignored_value());
      if (out.id.empty()) out.id = derived_id(context_.id_name, index_, out);
      if (finish_article(out, context_, line_)) return true;
    }
    return false;
  }

  std::size_t stop_line() const override { return line_number_; }

  void end_interrupted() override {
    if (!in_element_) return;
    context_.count_record();
    context_.report_interrupted(line_);
  }

 private:
  std::size_t max_bytes() const { return context_.options->max_article_bytes; }

  // The next byte, without consuming it; false at the end of the input.
  bool peek(char& c) {
    if (pos_ == end_) {
      end_ = source_->read(buffer_.data(), buffer_.size());
      pos_ = 0;
      if (end_ == 0) return false;
    }
    c = buffer_[pos_];
    return true;
  }

  void advance(char c) {
    ++pos_;
    if (c == '\n') ++line_number_;
  }

  // Past a byte order mark and white space to the '['.
  bool open_array() {
    opened_ = true;
    char c = 0;
    for (std::size_t i = 0; peek(c); ++i) {
      if (i < 3 && c == "\xEF\xBB\xBF"[i]) {
        advance(c);
        continue;
      }
      advance(c);
      if (c == '[') return true;
      if (!is_json_space(c)) break;
    }
    context_.report(line_number_, "expected a JSON array of article objects");
    return false;
  }

  // The next element's text into element_ (or too_large_ when it passes max_article_bytes);
  // false after the array's ']' or at the end of the input.
  bool next_element() {
    element_.clear();
    too_large_ = false;
    char c = 0;
    while (peek(c) && (is_json_space(c) || c == ',')) advance(c);
    if (!peek(c)) {
      context_.report(line_number_, "the JSON array ends without its ']' (cut off?)", false);
      return false;
    }
    if (c == ']') {
      advance(c);
      check_nothing_follows();
      return false;
    }
    line_ = line_number_;
    in_element_ = true;
    scan_element();
    in_element_ = false;
    return true;
  }

  // One value: an object or array to its matching bracket, any other value to the next
  // separator. Strings are followed so that brackets and commas in them count for nothing.
  void scan_element() {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (;;) {
      const std::size_t start = pos_;
      bool ended = false;
      while (pos_ < end_ && !ended) {
        const char c = buffer_[pos_];
        if (in_string) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            in_string = false;
          }
        } else if (c == '"') {
          in_string = true;
        } else if (c == '{' || c == '[') {
          ++depth;
        } else if (c == '}' || c == ']') {
          if (depth == 0) break;  // the array's ']' after a bare value
          ended = --depth == 0;
        } else if (depth == 0 && (c == ',' || is_json_space(c))) {
          break;
        }
        if (c == '\n') ++line_number_;
        ++pos_;
      }
      keep(start, pos_);
      if (ended || pos_ < end_) return;
      end_ = source_->read(buffer_.data(), buffer_.size());
      pos_ = 0;
      if (end_ == 0) return;  // cut off: the parser says what is wrong with what there is
    }
  }

  void keep(std::size_t from, std::size_t to) {
    if (too_large_) return;
    if (element_.size() + (to - from) > max_bytes()) {
      too_large_ = true;
      element_.clear();
      element_.shrink_to_fit();
      return;
    }
    element_.append(buffer_.data() + from, to - from);
  }

  void check_nothing_follows() {
    char c = 0;
    while (peek(c) && is_json_space(c)) advance(c);
    if (peek(c)) {
      context_.report(line_number_, "text after the end of the JSON array is not read", false);
    }
  }

  std::unique_ptr<InputSource> source_;
  InputContext context_;
  JsonRecordParser& parser_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t line_number_ = 1;  // of the byte at pos_
  bool opened_ = false;
  std::string element_;
  bool too_large_ = false;
  bool in_element_ = false;
  std::size_t line_ = 0;   // where the element starts
  std::size_t index_ = 0;  // 1-based position of the element in the array
};

}  // namespace

std::unique_ptr<RecordReader> make_json_array_reader(std::unique_ptr<InputSource> source,
                                                     InputContext context,
                                                     JsonRecordParser& parser) {
  return std::make_unique<JsonArrayReader>(std::move(source), std::move(context), parser);
}

bool starts_json_array(InputSource& source) {
  const std::string_view head = trim(strip_bom(source.peek_arrived(4096)));
  return head.starts_with('[');
}

}  // namespace bahth::readers
