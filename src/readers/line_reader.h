// line_reader.h: physical lines of an InputSource, without copying them and with a size limit.
#ifndef BAHTH_READERS_LINE_READER_H_
#define BAHTH_READERS_LINE_READER_H_

#include <cstddef>      // std::size_t
#include <functional>   // std::function
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "input_source.h"

namespace bahth::readers {

/// Readable bytes guaranteed after every line handed out, so that simdjson can parse the line
/// in place (it needs SIMDJSON_PADDING, 64 in simdjson 3; jsonl_reader.cc checks this).
inline constexpr std::size_t kLinePadding = 64;

class LineReader {
 public:
  enum class Result { line, too_long, end };

  /// Receives the bytes of a line over the limit, piece by piece, as they are discarded.
  using OverlongSink = std::function<void(std::string_view piece)>;

  /// Lines longer than `max_line_bytes` are skipped (reported as too_long) without ever being
  /// held in memory whole: the buffer never grows beyond about max_line_bytes + kChunkBytes.
  /// `on_overlong`, if given, sees such a line's bytes (all of them, in order, before next()
  /// returns too_long), so a reader whose records span lines (CSV quotes) can follow its syntax
  /// through the line and resume at the right place.
  /// `cr_ends_lines`: a CR alone ends a line too (old Mac line ends); otherwise only LF does
  /// (the fast path: one memchr a line).
  LineReader(InputSource& source, std::size_t max_line_bytes, OverlongSink on_overlong = {},
             bool cr_ends_lines = false);

  /// The next line, without its "\n" or "\r\n" (or "\r"), valid until the next call. Throws
  /// SourceError.
  Result next(std::string_view& line);

  /// 1-based number of the line last returned (or skipped); 0 before the first.
  std::size_t line_number() const { return line_number_; }

  /// The number of the line whose bytes began to arrive but whose end did not (a read stopped
  /// waiting for it); 0 when only white space, or nothing, follows the last line handed out.
  std::size_t unfinished_line() const;

 private:
  bool find_line_end(std::size_t& at, std::size_t& length);
  bool fill();
  void make_room();
  void skip_to_next_line();
  std::string_view take_line(std::size_t end);
  Result overlong(std::string_view line);

  OverlongSink on_overlong_;

  InputSource& source_;
  std::size_t max_line_bytes_;
  bool cr_ends_lines_;
  std::vector<char> buffer_;  // capacity_ bytes of data plus kLinePadding
  std::size_t capacity_;
  std::size_t begin_ = 0;  // start of the current line
  std::size_t scan_ = 0;   // no '\n' in [begin_, scan_)
  std::size_t end_ = 0;    // end of the buffered data
  bool eof_ = false;
  bool skipping_ = false;  // inside skip_to_next_line: line_number_ is the line being skipped
  std::size_t line_number_ = 0;
};

}  // namespace bahth::readers

#endif  // BAHTH_READERS_LINE_READER_H_
