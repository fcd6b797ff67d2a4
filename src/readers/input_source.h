// input_source.h: the bytes of one input (a file or standard input), decompressed when they start
// with the magic bytes of gzip, xz, zstd or bzip2, whatever the file is called.
#ifndef BAHTH_READERS_INPUT_SOURCE_H_
#define BAHTH_READERS_INPUT_SOURCE_H_

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <exception>    // std::exception_ptr
#include <functional>   // std::function
#include <memory>       // std::unique_ptr
#include <stdexcept>    // std::runtime_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "bahth/non_copyable.h"

namespace bahth::readers {

/// Size of one read from disk and of the decompression output chunks: large enough that system
/// calls and zlib calls are cheap per byte, small enough to stay in L2 cache.
inline constexpr std::size_t kChunkBytes = 256u << 10;

/// Longest a waiting read goes without asking whether to stop.
inline constexpr int kStopPollMs = 100;

/// An input that cannot be read any further (I/O error, corrupt or truncated gzip). The record
/// reader reports it at the line where reading stopped and the stream moves on to the next input.
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The stop callback (ReaderOptions::stop_requested) said stop while a read waited: the stream
/// ends quietly, nothing is reported.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

/// Asked between waits; empty: never stop.
using StopRequested = std::function<bool()>;

/// A file descriptor read in kChunkBytes chunks into a reusable buffer.
class RawInput : NonCopyable {
 public:
  /// Opens `path` ("-" is standard input). `consumed` counts every byte read from disk (it feeds
  /// the progress bar). Throws SourceError when the file cannot be opened, or is a FIFO that no
  /// process opens for writing within 5 s (rather than wait forever). Reads that may wait (not a
  /// regular file) wait in slices of kStopPollMs, asking `stop` in between; every read asks it
  /// first: when it says stop, they throw Interrupted. REQUIRES: `stop` outlives the input.
  RawInput(const std::string& path, std::uint64_t& consumed, const StopRequested& stop);
  ~RawInput();

  /// The buffered bytes not yet consumed, reading from disk until there are at least `at_least`
  /// of them or the file ends. Empty only at the end of the file.
  std::string_view available(std::size_t at_least = 1);
  void consume(std::size_t n) {
    begin_ += n;
    position_ += n;
  }
  /// Bytes consumed since the start of the input (where a corrupt stream is reported).
  std::uint64_t position() const { return position_; }
  /// True when nothing is buffered and a read would wait for a writer (a pipe, FIFO or terminal
  /// with nothing sent yet); never for a regular file.
  bool would_wait() const;
  /// Throws Interrupted when `stop` says stop. Asked before every read from the file too, and by
  /// the decompressors between two of their calls: a regular file's endless line, or a bomb
  /// that inflates a few KB into TBs, would otherwise keep a Ctrl-C waiting for hours.
  void check_stop() const;

 private:
  void read_more();
  bool wait_for_fifo_writer();  // false when no process wrote into the FIFO in time
  void wait_readable();         // returns when a read will not wait; throws Interrupted

  int fd_ = -1;
  bool owns_fd_ = false;
  bool may_wait_ = false;  // a FIFO, pipe, socket or terminal: reads can wait for ever
  std::uint64_t& consumed_;
  const StopRequested& stop_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t position_ = 0;
  bool eof_ = false;
};

/// Decompresses a RawInput a chunk at a time (decompress.cc): gzip (and zlib), xz, zstd and
/// bzip2, each with its concatenated members, frames or streams read one after another. Memory
/// stays bounded whatever the content: the output goes out in the caller's chunks, and the
/// decoders' own windows are capped (xz at kXzMemoryLimit, zstd at its default 128 MiB window).
class Decompressor : NonCopyable {
 public:
  virtual ~Decompressor() = default;

  /// Up to `n` decompressed bytes into `dst`; 0 only after the last complete member. Throws
  /// SourceError on corrupt data (naming the compressed byte offset) or truncated data.
  std::size_t read(char* dst, std::size_t n);

 protected:
  explicit Decompressor(RawInput& input, std::string_view name) : input_(input), name_(name) {}

  /// What one call of the library did.
  struct Step {
    std::size_t consumed = 0;
    std::size_t produced = 0;
    bool member_ended = false;  // a member, frame or stream ended: the input may end here
  };
  /// One call of the library over `in` (empty at the end of the input: flush what is pending,
  /// or say the member ended). Throws SourceError (corrupt()) on bad data.
  virtual Step decode(std::string_view in, char* dst, std::size_t n, bool at_end) = 0;
  /// Throws "corrupt NAME data near compressed byte N: detail", N the input's position plus the
  /// bytes the failing call `consumed`.
  [[noreturn]] void corrupt(std::size_t consumed, std::string_view detail) const;

 private:
  RawInput& input_;
  std::string_view name_;
  bool in_member_ = false;  // inside a member: the input must not end here
};

/// Memory the xz decoder may use (its dictionary): xz -9 needs 65 MiB; a header asking for more
/// is refused rather than allocated.
inline constexpr std::uint64_t kXzMemoryLimit = 256u << 20;

/// The compression `head` (the input's first bytes) starts with: a decompressor for gzip, xz,
/// zstd and bzip2; null for anything else (plain content, or a compression read otherwise).
std::unique_ptr<Decompressor> make_decompressor(std::string_view head, RawInput& input);

/// True if `head` starts with the gzip magic bytes 1f 8b.
bool has_gzip_magic(std::string_view head);

class Transcoder;  // encoding.h

/// The decompressed content of one input, with a small look-ahead for format sniffing, and
/// converted to UTF-8 when it is in another encoding (convert_from).
class InputSource : NonCopyable {
 public:
  /// See RawInput for `consumed` and `stop`. Throws SourceError when the input cannot be opened.
  InputSource(const std::string& path, std::uint64_t& consumed, const StopRequested& stop);
  ~InputSource();

  /// From now on the content (including what peek() already saw) is converted from `encoding`
  /// to UTF-8 in chunks. Throws SourceError when ICU has no converter of that name.
  void convert_from(const std::string& encoding);

  /// Bytes the conversion replaced with U+FFFD so far (0 without a conversion).
  std::size_t replaced_bytes() const;

  /// Up to `n` bytes into `dst`; 0 only at the end. Throws SourceError.
  std::size_t read(char* dst, std::size_t n);

  /// The first `n` bytes of content (fewer if the input is shorter), without consuming them.
  std::string_view peek(std::size_t n);
  /// Like peek, but returns early, with at least one byte unless the input is empty, once a read
  /// would wait for a writer: sniffing a pipe or standard input looks at what has arrived rather
  /// than holding back the records already sent. peek_whole() tells whether it saw the end.
  std::string_view peek_arrived(std::size_t n);
  bool peek_whole() const { return peek_saw_end_; }
  /// Throws the SourceError a peek met (corrupt or truncated data), if any: when the bytes that
  /// arrived tell nothing, the error is what to report.
  void throw_peek_error() const;

  /// Reads everything into `out` (cleared first). Returns false, with `out` holding only the
  /// first bytes, when the content is longer than `max_bytes`: memory stays bounded.
  bool read_all(std::string& out, std::size_t max_bytes);

 private:
  std::string_view peek_upto(std::size_t n, bool only_arrived);
  std::size_t read_decoded(char* dst, std::size_t n);
  std::size_t read_unconverted(char* dst, std::size_t n);
  std::size_t read_converted(char* dst, std::size_t n);

  RawInput raw_;
  std::unique_ptr<Decompressor> decompressor_;  // null for plain input
  std::string lookahead_;
  std::size_t lookahead_pos_ = 0;
  std::exception_ptr peek_error_;  // met while peeking; thrown once the peeked bytes are read
  bool peek_saw_end_ = false;      // a peek reached the end of the content
  std::unique_ptr<Transcoder> transcoder_;  // null for UTF-8 input
  std::string unconverted_;                 // bytes read but not converted yet
  std::size_t unconverted_pos_ = 0;
  bool unconverted_end_ = false;
};

}  // namespace bahth::readers

#endif  // BAHTH_READERS_INPUT_SOURCE_H_
