// csv_reader.cc: CSV (RFC 4180 quoting) and TSV (no quoting), each with a header row.
//
// The header names are matched like JSON keys (field_map, names, aliases), ignoring ASCII case.
// A record may span several physical lines inside quotes; problems are reported at the line
// where the record starts. A quote inside an unquoted field is taken literally, as most CSV
// writers and readers do. CR, LF and CRLF all end lines (old Mac spreadsheets write CR alone).
//
// An unclosed quote costs only its own row: when a quoted field is still open after
// kMaxQuotedLines lines, or at the end of the input, the row is reported and the lines after its
// start are read again as rows. They are kept (copied) only while a record spans lines, and only
// up to max_article_bytes: a record larger than that is skipped whole, quotes followed to its end.
//
// The separator is sniffed from the header and the first rows unless --csv-separator gives it.
#include <algorithm>  // std::find
#include <array>      // std::array
#include <deque>      // std::deque
#include <string>     // std::string
#include <vector>     // std::vector

#include "bahth/utf8.h"
#include "format_readers.h"
#include "line_reader.h"

namespace bahth::readers {
namespace {

// Columns a header may have; it bounds memory when a "header" is a huge line of commas.
constexpr std::size_t kMaxColumns = 4096;

// Lines a quoted field may span before its quote is taken as never closed. An article body of
// a thousand paragraphs in one cell is not a news article.
constexpr std::size_t kMaxQuotedLines = 1000;

// How much of the input the separator is sniffed from, and in how many lines.
constexpr std::size_t kSniffBytes = 64u << 10;
constexpr std::size_t kSniffLines = 20;

constexpr std::array<char, 4> kSeparators{',', ';', '\t', '|'};

// Separators counted outside quotes in each of the first lines of `head` (the last, maybe cut,
// line left out unless it is the only one).
std::vector<std::array<std::size_t, kSeparators.size()>> count_separators(std::string_view head,
                                                                          bool quoted) {
  std::vector<std::array<std::size_t, kSeparators.size()>> lines(1);
  bool in_quotes = false;
  std::size_t i = 0;
  for (; i < head.size() && lines.size() <= kSniffLines; ++i) {
    const char c = head[i];
    if (quoted && c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      if (c == '\r' && i + 1 < head.size() && head[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else if (!in_quotes) {
      for (std::size_t k = 0; k < kSeparators.size(); ++k) {
        if (c == kSeparators[k]) ++lines.back()[k];
      }
    }
  }
  if (lines.size() > 1 && (i < head.size() || lines.back() == decltype(lines)::value_type{})) {
    lines.pop_back();  // cut by the sniffing window, or the empty rest after the last line end
  }
  return lines;
}

}  // namespace

char sniff_separator(std::string_view head, char fallback, bool quoted) {
  const auto lines = count_separators(head, quoted);
  // The separator is the one the header has and every sampled row has as many times; of those,
  // the one that makes the most columns, the format's own on a tie.
  char best = 0;
  std::size_t best_count = 0;
  for (std::size_t k = 0; k < kSeparators.size(); ++k) {
    const std::size_t in_header = lines.front()[k];
    if (in_header == 0) continue;
    bool consistent = true;
    for (const auto& line : lines) consistent = consistent && line[k] == in_header;
    if (!consistent) continue;
    if (in_header > best_count || (in_header == best_count && kSeparators[k] == fallback)) {
      best = kSeparators[k];
      best_count = in_header;
    }
  }
  if (best != 0) return best;
  // Rows that disagree (a stray separator in a text): the one the header has most of.
  for (std::size_t k = 0; k < kSeparators.size(); ++k) {
    if (lines.front()[k] > best_count) {
      best = kSeparators[k];
      best_count = lines.front()[k];
    }
  }
  const std::size_t fallback_index = static_cast<std::size_t>(
      std::find(kSeparators.begin(), kSeparators.end(), fallback) - kSeparators.begin());
  if (fallback_index < kSeparators.size() && lines.front()[fallback_index] == best_count) {
    return fallback;
  }
  return best != 0 ? best : fallback;
}

namespace {

class DelimitedReader final : public RecordReader {
 public:
  DelimitedReader(std::unique_ptr<InputSource> source, InputContext context, char delimiter,
                  bool quoted, bool separator_line)
      : separator_line_(separator_line),
        source_(std::move(source)),
        context_(std::move(context)),
        lines_(
            *source_, context_.options->max_article_bytes,
            [this](std::string_view piece) { follow_overlong(piece); },
            /*cr_ends_lines=*/true),
        delimiter_(delimiter),
        specials_{delimiter, quoted ? '"' : delimiter} {}

  bool next(Article& out) override {
    if (!header_read_ && !read_header()) return false;
    for (;;) {
      const Status status = read_record();
      if (status == Status::end) return false;
      context_.count_record();
      if (status == Status::unclosed) {
        context_.report(record_line_, "unclosed quote");
      } else if (status == Status::bad) {
        context_.report(record_line_, problem_);
      } else if (has_expected_columns() && build_article(out)) {
        return true;
      }
    }
  }

  std::size_t stop_line() const override { return lines_.line_number() + 1; }

  // A record cut off: a quoted field still open over lines, or a line without its end. Before
  // the header row is whole there is no record to count.
  void end_interrupted() override {
    if (columns_ == 0) return;
    const std::size_t line = in_quotes_ ? record_line_ : lines_.unfinished_line();
    if (line == 0) return;
    context_.count_record();
    context_.report_interrupted(line);
  }

 private:
  enum class Status { good, bad, unclosed, end };

  struct KeptLine {
    std::size_t number;
    std::string text;
  };

  bool read_header() {
    header_read_ = true;
    if (separator_line_ && read_record() == Status::end) return false;  // "sep=;": not a row
    const Status status = read_record();
    if (status == Status::end) return false;
    if (status == Status::bad || status == Status::unclosed) {
      context_.report(record_line_, "cannot read the header row: " +
                                        (status == Status::bad ? problem_ : "unclosed quote"));
      return false;
    }
    if (field_count_ > max_fields_) {
      context_.report(record_line_,
                      "the header row has more than " + std::to_string(kMaxColumns) + " columns");
      return false;
    }
    map_columns();
    if (maps_title_or_body()) return true;
    context_.report(record_line_, "the header row names no title or body column");
    return false;
  }

  void map_columns() {
    columns_ = field_count_;
    targets_.assign(columns_, {});
    std::string repeated;  // the first column name given twice (ignoring case), quoted
    for (std::size_t i = 0; i < columns_; ++i) {
      const std::string_view name = trim(i == 0 ? strip_bom(fields_[0]) : fields_[i]);
      context_.names->for_each_match(name, /*ignore_case=*/true, [&](FieldNames::Match match) {
        for (std::size_t j = 0; j < i && repeated.empty(); ++j) {
          for (const FieldNames::Match& earlier : targets_[j]) {
            if (earlier.field == match.field && earlier.rank == match.rank) {
              repeated = "'" + std::string(name) + "' (columns " + std::to_string(j + 1) + " and " +
                         std::to_string(i + 1) + ")";
            }
          }
        }
        targets_[i].push_back(match);
      });
    }
    // Each row's last non-blank value of the two is kept, as for a JSON key given twice.
    if (!repeated.empty()) {
      context_.report(record_line_,
                      "the header row names " + repeated + " twice; the last non-blank value kept",
                      /*skipped=*/false);
    }
    max_fields_ = columns_;
  }

  bool maps_title_or_body() const {
    for (const std::vector<FieldNames::Match>& column : targets_) {
      for (const FieldNames::Match& match : column) {
        if (match.field == Field::title || match.field == Field::body) return true;
      }
    }
    return false;
  }

  bool has_expected_columns() const {
    if (field_count_ == columns_) return true;
    context_.report(record_line_, "expected " + std::to_string(columns_) + " fields, found " +
                                      std::to_string(field_count_));
    return false;
  }

  bool build_article(Article& out) {
    collector_.reset();
    for (std::size_t i = 0; i < columns_; ++i) {
      for (const FieldNames::Match& match : targets_[i]) {
        // A byline cell may name several authors, as exports join them.
        collector_.offer(match, match.field == Field::author
                                    ? split_byline(fields_[i], collector_.scratch())
                                    : std::string_view(fields_[i]));
      }
    }
    collector_.apply(out);
    out.captions.clear();
    return finish_article(out, context_, record_line_);
  }

  // Reads physical lines until the record's quotes are balanced.
  Status read_record() {
    std::string_view line;
    bool started = false;
    std::size_t lines_in_record = 0;
    for (;;) {
      // Before reading: a line over the limit is followed (follow_overlong) as lines_ reads it.
      if (!started) start_record();
      const LineReader::Result result = next_line(line);
      if (result == LineReader::Result::end) return end_of_input(started);
      if (!started) {
        if (result == LineReader::Result::line && line.empty()) continue;  // blank line
        record_line_ = line_number_;
        started = true;
      } else {
        keep_for_replay(result, line);
      }
      add_line(result, line);
      if (!in_quotes_) return problem_.empty() ? Status::good : Status::bad;
      if (++lines_in_record >= kMaxQuotedLines && replayable_) return go_back();
    }
  }

  // The next physical line: one read again after an unclosed quote, else the input's next.
  LineReader::Result next_line(std::string_view& line) {
    if (!replay_.empty()) {
      replaying_ = std::move(replay_.front());
      replay_.pop_front();
      line_number_ = replaying_.number;
      line = replaying_.text;
      return LineReader::Result::line;
    }
    const LineReader::Result result = lines_.next(line);
    line_number_ = lines_.line_number();
    return result;
  }

  // The lines of a record after its first are kept while it may have to be read again.
  void keep_for_replay(LineReader::Result result, std::string_view line) {
    if (!replayable_) return;
    kept_bytes_ += line.size() + 1;
    if (result == LineReader::Result::too_long ||
        kept_bytes_ > context_.options->max_article_bytes) {
      replayable_ = false;
      kept_.clear();
      return;
    }
    kept_.push_back({line_number_, std::string(line)});
  }

  // The record's quote never closes: the row is skipped and the lines after its start are read
  // again, before whatever else waits to be read again.
  Status go_back() {
    for (auto it = kept_.rbegin(); it != kept_.rend(); ++it) replay_.push_front(std::move(*it));
    kept_.clear();
    in_quotes_ = false;
    quote_pending_ = false;
    return Status::unclosed;
  }

  Status end_of_input(bool started) {
    if (!started) return Status::end;
    if (in_quotes_ && replayable_) return go_back();
    if (problem_.empty()) problem_ = "quoted field not closed before the end of the input";
    return Status::bad;
  }

  void start_record() {
    kept_.clear();
    kept_bytes_ = 0;
    replayable_ = true;
    record_bytes_ = 0;
    problem_.clear();
    in_quotes_ = false;
    field_count_ = 0;
    next_field();
  }

  void add_line(LineReader::Result result, std::string_view line) {
    const std::size_t max_bytes = context_.options->max_article_bytes;
    if (result == LineReader::Result::too_long) {
      // follow_overlong() has seen the line's quotes: the record goes on if one is still open.
      end_line();
      return;
    }
    record_bytes_ += line.size() + 1;
    // Over the limit, fields stop growing but quotes are still followed to the record's end.
    if (record_bytes_ > max_bytes) note_problem(too_large_reason("record", max_bytes));
    if (problem_.empty()) check_utf8(line);
    split_line(line);
    end_line();
  }

  // A line over the limit, piece by piece: nothing is kept (the record is already bad), but its
  // quotes are followed so that the record ends where its quotes close, not at this line.
  void follow_overlong(std::string_view piece) {
    note_problem(too_large_reason("record", context_.options->max_article_bytes));
    piece_may_continue_ = true;
    split_line(piece);
    piece_may_continue_ = false;
  }

  void end_line() {
    if (quote_pending_) {  // a quote last on the line closes its field
      quote_pending_ = false;
      in_quotes_ = false;
    }
    if (in_quotes_) append("\n");
  }

  void check_utf8(std::string_view line) {
    const std::size_t at = find_invalid_utf8(line);
    if (at == std::string_view::npos) return;
    std::string reason = invalid_utf8_reason(at);
    if (line_number_ != record_line_) reason += " of line " + std::to_string(line_number_);
    note_problem(std::move(reason));
  }

  void split_line(std::string_view line) {
    std::size_t i = 0;
    if (quote_pending_ && !line.empty()) {  // the quote that ended the previous piece
      quote_pending_ = false;
      if (line[0] == '"') {
        append("\"");
        i = 1;
      } else {
        in_quotes_ = false;
      }
    }
    while (i < line.size()) i = in_quotes_ ? scan_quoted(line, i) : scan_unquoted(line, i);
  }

  // Inside quotes: text up to the next quote; "" is a literal quote, a single one closes.
  std::size_t scan_quoted(std::string_view line, std::size_t i) {
    const std::size_t quote = line.find('"', i);
    if (quote == std::string_view::npos) {
      append(line.substr(i));
      return line.size();
    }
    append(line.substr(i, quote - i));
    if (quote + 1 == line.size() && piece_may_continue_) {  // "" may be cut between two pieces
      quote_pending_ = true;
      return line.size();
    }
    if (quote + 1 < line.size() && line[quote + 1] == '"') {
      append("\"");
      return quote + 2;
    }
    in_quotes_ = false;
    return quote + 1;
  }

  // Outside quotes: text up to the next delimiter (or, for CSV, quote).
  std::size_t scan_unquoted(std::string_view line, std::size_t i) {
    const std::size_t stop = line.find_first_of(std::string_view(specials_, 2), i);
    if (stop == std::string_view::npos) {
      append(line.substr(i));
      return line.size();
    }
    append(line.substr(i, stop - i));
    if (line[stop] == delimiter_) {
      next_field();
    } else if (field_fresh_) {
      in_quotes_ = true;
      field_fresh_ = false;
    } else {
      append("\"");
    }
    return stop + 1;
  }

  void append(std::string_view text) {
    if (text.empty()) return;
    field_fresh_ = false;
    if (field_count_ <= max_fields_ && problem_.empty()) fields_[field_count_ - 1] += text;
  }

  // Fields beyond max_fields_ are counted (for the message) but not stored.
  void next_field() {
    ++field_count_;
    field_fresh_ = true;
    if (field_count_ > max_fields_) return;
    if (fields_.size() < field_count_) fields_.emplace_back();
    fields_[field_count_ - 1].clear();
  }

  void note_problem(std::string reason) {
    if (problem_.empty()) problem_ = std::move(reason);
  }

  bool separator_line_;  // the first line is Excel's "sep=X"
  std::unique_ptr<InputSource> source_;
  InputContext context_;
  LineReader lines_;
  char delimiter_;
  char specials_[2];  // what ends an unquoted run: the delimiter and, for CSV, the quote

  bool header_read_ = false;
  std::size_t columns_ = 0;
  std::vector<std::vector<FieldNames::Match>> targets_;  // per column: the fields it feeds
  std::size_t max_fields_ = kMaxColumns;
  FieldCollector collector_;

  // The record being read; fields_ keeps its strings' capacity from record to record.
  std::vector<std::string> fields_;
  std::size_t field_count_ = 0;
  std::size_t record_line_ = 0;
  std::size_t record_bytes_ = 0;
  std::size_t line_number_ = 0;  // of the line last read (or read again)
  // Lines after the record's first, kept while it may have to be read again (replayable_).
  std::vector<KeptLine> kept_;
  std::size_t kept_bytes_ = 0;
  bool replayable_ = true;
  std::deque<KeptLine> replay_;  // lines to read again, in order
  KeptLine replaying_;           // the line being read again (next_line's view points into it)
  bool in_quotes_ = false;
  bool quote_pending_ = false;       // in quotes, a piece ended with '"': closing, or half of ""
  bool piece_may_continue_ = false;  // split_line() is given a piece of a longer line
  bool field_fresh_ = true;
  std::string problem_;
};

// The separator a first line "sep=X" names, or 0. Excel reads (and some exporters write) that
// line to say which separator the file uses; it is not the header row.
char excel_separator_line(std::string_view head) {
  const std::size_t end = head.find_first_of("\r\n");
  if (end == std::string_view::npos) return 0;
  std::string_view line = head.substr(0, end);
  if (line.size() == 7 && line.front() == '"' && line.back() == '"') line = line.substr(1, 5);
  if (line.size() != 5 || !(line.starts_with("sep=") || line.starts_with("SEP="))) return 0;
  const char separator = line[4];
  const bool usable = separator == ',' || separator == ';' || separator == '\t' ||
                      separator == '|' || separator == ':';
  return usable ? separator : 0;
}

}  // namespace

std::unique_ptr<RecordReader> make_delimited_reader(std::unique_ptr<InputSource> source,
                                                    InputContext context, char delimiter,
                                                    bool quoted) {
  // A spreadsheet's byte order mark goes before anything is parsed (it would hide a quote).
  if (source->peek(3) == "\xEF\xBB\xBF") {
    char bom[3];
    source->read(bom, sizeof bom);
  }
  const std::string_view head = source->peek_arrived(kSniffBytes);
  const char named = excel_separator_line(head);
  if (context.options->csv_separator != 0) {
    delimiter = context.options->csv_separator;
  } else if (named != 0) {
    delimiter = named;
  } else {
    delimiter = sniff_separator(head, delimiter, quoted);
  }
  return std::make_unique<DelimitedReader>(std::move(source), std::move(context), delimiter, quoted,
                                           named != 0);
}

}  // namespace bahth::readers
