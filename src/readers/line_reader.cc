// line_reader.cc: splitting a chunked stream into lines in a single reused buffer.
#include "line_reader.h"

#include <algorithm>  // std::min, std::max, std::find_if
#include <cstring>    // std::memchr, std::memmove
#include <utility>    // std::move

namespace bahth::readers {

LineReader::LineReader(InputSource& source, std::size_t max_line_bytes, OverlongSink on_overlong,
                       bool cr_ends_lines)
    : on_overlong_(std::move(on_overlong)),
      source_(source),
      max_line_bytes_(max_line_bytes),
      cr_ends_lines_(cr_ends_lines),
      capacity_(std::min(kChunkBytes, max_line_bytes + 1)) {
  buffer_.resize(capacity_ + kLinePadding);
}

LineReader::Result LineReader::next(std::string_view& line) {
  for (;;) {
    std::size_t at = 0;
    std::size_t length = 0;
    if (find_line_end(at, length)) {
      line = take_line(at);
      scan_ = begin_ = at + length;
      return line.size() > max_line_bytes_ ? overlong(line) : Result::line;
    }
    if (end_ - begin_ > max_line_bytes_) {
      ++line_number_;
      if (on_overlong_) on_overlong_({buffer_.data() + begin_, end_ - begin_});
      skip_to_next_line();
      return Result::too_long;
    }
    if (!fill()) {
      if (begin_ == end_) return Result::end;
      line = take_line(end_);
      begin_ = scan_ = end_;
      return line.size() > max_line_bytes_ ? overlong(line) : Result::line;
    }
  }
}

// The first line end at or after scan_: its position and length (LF, CR LF, or CR when
// cr_ends_lines_). False when there is none in the buffer yet; scan_ then moves past what was
// searched (but stays on a final CR, which may be the first half of a CR LF).
bool LineReader::find_line_end(std::size_t& at, std::size_t& length) {
  if (!cr_ends_lines_) {
    const void* newline = std::memchr(buffer_.data() + scan_, '\n', end_ - scan_);
    if (newline == nullptr) {
      scan_ = end_;
      return false;
    }
    at = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
    length = 1;
    return true;
  }
  for (std::size_t i = scan_; i < end_; ++i) {
    const char c = buffer_[i];
    if (c == '\n') {
      at = i;
      length = 1;
      return true;
    }
    if (c != '\r') continue;
    if (i + 1 == end_ && !eof_) {
      scan_ = i;  // is an LF next? Known after the next fill
      return false;
    }
    at = i;
    length = i + 1 < end_ && buffer_[i + 1] == '\n' ? 2 : 1;
    return true;
  }
  scan_ = end_;
  return false;
}

std::string_view LineReader::take_line(std::size_t end) {
  ++line_number_;
  std::size_t size = end - begin_;
  if (size > 0 && buffer_[begin_ + size - 1] == '\r') --size;
  return {buffer_.data() + begin_, size};
}

LineReader::Result LineReader::overlong(std::string_view line) {
  if (on_overlong_) on_overlong_(line);
  return Result::too_long;
}

// Reads one more chunk after the buffered data. Returns false at the end of the input.
bool LineReader::fill() {
  if (eof_) return false;
  make_room();
  const std::size_t got = source_.read(buffer_.data() + end_, capacity_ - end_);
  if (got == 0) eof_ = true;
  end_ += got;
  return got > 0;
}

// Drops the lines already handed out; grows the buffer only when one line fills it, and then
// at most to the line limit plus one chunk.
void LineReader::make_room() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity_) {
    capacity_ = std::min(capacity_ * 2, max_line_bytes_ + kChunkBytes);
    buffer_.resize(capacity_ + kLinePadding);
  }
}

std::size_t LineReader::unfinished_line() const {
  if (skipping_) return line_number_;
  for (std::size_t i = begin_; i < end_; ++i) {
    const char c = buffer_[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return line_number_ + 1;
  }
  return 0;
}

// Discards the rest of an over-long line chunk by chunk, so a runaway line (or a gzip bomb of
// one endless line) costs time but no memory.
void LineReader::skip_to_next_line() {
  begin_ = scan_ = end_ = 0;
  skipping_ = true;  // cleared on every way out but an exception, which ends the reading
  while (!eof_) {
    const std::size_t got = source_.read(buffer_.data(), capacity_);
    if (got == 0) {
      eof_ = true;
      break;
    }
    const char* data = buffer_.data();
    const char* newline =
        cr_ends_lines_
            ? std::find_if(data, data + got, [](char c) { return c == '\n' || c == '\r'; })
            : static_cast<const char*>(std::memchr(data, '\n', got));
    if (newline == data + got) newline = nullptr;
    const std::size_t line_end =
        newline == nullptr ? got : static_cast<std::size_t>(newline - data);
    if (on_overlong_) on_overlong_({data, line_end});
    if (newline != nullptr) {
      // A CR LF cut between two reads leaves an LF first: an empty line, which readers skip.
      const bool crlf = *newline == '\r' && line_end + 1 < got && newline[1] == '\n';
      begin_ = scan_ = line_end + (crlf ? 2 : 1);
      end_ = got;
      skipping_ = false;
      return;
    }
  }
  skipping_ = false;
}

}  // namespace bahth::readers
