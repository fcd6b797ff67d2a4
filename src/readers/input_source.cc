// input_source.cc: reading files and standard input in chunks, decompressing by content.
#include "input_source.h"

#include <fcntl.h>     // ::open, ::fcntl
#include <poll.h>      // ::poll
#include <sys/stat.h>  // ::fstat
#include <unistd.h>    // ::read, ::close

#include <algorithm>  // std::min
#include <cerrno>     // errno
#include <cstring>    // std::memcpy, std::strerror
#include <string>     // std::to_string
#include <utility>    // std::exchange

#include "encoding.h"
#include "input_list.h"

namespace bahth::readers {
namespace {

// How long a FIFO named as input may go without a writer before it is reported and skipped.
constexpr int kFifoWriterWaitMs = 5000;
constexpr int kFifoPollMs = 20;

// Opening a FIFO for reading blocks until some process opens it for writing, forever if none
// does; so files are opened without blocking, and a FIFO is probed (below) before reads block.
int open_for_reading(const std::string& path) {
  if (path == "-") return STDIN_FILENO;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw SourceError(std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw SourceError("cannot open: is a directory");
  }
  return fd;
}

}  // namespace

RawInput::RawInput(const std::string& path, std::uint64_t& consumed, const StopRequested& stop)
    : fd_(open_for_reading(path)), owns_fd_(path != "-"), consumed_(consumed), stop_(stop) {
  buffer_.resize(kChunkBytes);
  struct stat info {};
  // Regular files and block devices never make a read wait on another process; the rest may.
  may_wait_ = ::fstat(fd_, &info) != 0 || !(S_ISREG(info.st_mode) || S_ISBLK(info.st_mode));
  if (!owns_fd_) return;  // standard input: as the shell set it up
  if (S_ISFIFO(info.st_mode)) {
    bool has_writer = false;
    try {
      has_writer = wait_for_fifo_writer();
    } catch (const Interrupted&) {
      ::close(fd_);
      throw;
    }
    if (!has_writer) {
      ::close(fd_);
      throw SourceError("cannot read: a FIFO that no process wrote into for " +
                        std::to_string(kFifoWriterWaitMs / 1000) + " s");
    }
  }
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);  // from now on, reads wait for data
}

void RawInput::check_stop() const {
  if (stop_ && stop_()) throw Interrupted();
}

// poll(2) in slices rather than one blocking read(2): a signal handler installed with SA_RESTART
// (or one delivered to another thread) would not end a read that waits on a silent writer.
void RawInput::wait_readable() {
  pollfd watched{fd_, POLLIN, 0};
  for (;;) {
    check_stop();
    const int ready = ::poll(&watched, 1, kStopPollMs);
    if (ready > 0) return;  // data, the writer's end (POLLHUP) or an error: read(2) tells which
    if (ready < 0 && errno != EINTR) return;
  }
}

// A non-blocking read of a FIFO tells its states apart: data (kept in the buffer), no data yet
// but a writer connected (EAGAIN: reads may block from now on), or no writer (0, the same as the
// end of what a writer that already left wrote). Only the last is waited on, and for a while.
bool RawInput::wait_for_fifo_writer() {
  for (int waited = 0; waited <= kFifoWriterWaitMs; waited += kFifoPollMs) {
    check_stop();
    const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n > 0) {
      end_ = static_cast<std::size_t>(n);
      consumed_ += static_cast<std::uint64_t>(n);
      return true;
    }
    if (n < 0 && errno != EINTR) return errno == EAGAIN;
    ::poll(nullptr, 0, kFifoPollMs);
  }
  return false;
}

RawInput::~RawInput() {
  if (owns_fd_) ::close(fd_);
}

bool RawInput::would_wait() const {
  if (begin_ < end_ || eof_ || !may_wait_) return false;
  pollfd watched{fd_, POLLIN, 0};
  return ::poll(&watched, 1, 0) == 0;
}

std::string_view RawInput::available(std::size_t at_least) {
  while (end_ - begin_ < at_least && !eof_) read_more();
  return {buffer_.data() + begin_, end_ - begin_};
}

// Moves the unconsumed tail to the front (it is short: callers ask for a few bytes at most
// beyond what they consume), then fills the rest of the buffer with one read(2).
void RawInput::read_more() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  ssize_t n = 0;
  do {
    check_stop();
    if (may_wait_) wait_readable();
    n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
  } while (n < 0 && (errno == EINTR || errno == EAGAIN));
  if (n < 0) throw SourceError(std::string("read error: ") + std::strerror(errno));
  if (n == 0) eof_ = true;
  end_ += static_cast<std::size_t>(n);
  consumed_ += static_cast<std::uint64_t>(n);
}

namespace {

// The compressions bahth does not read, by the magic number each starts with, and what to do.
// A zip archive holds files, not a stream: its members would need reading as files of their own
// formats (docs/usage.md says why bahth leaves that to unzip).
constexpr std::pair<std::string_view, std::string_view> kForeignMagic[] = {
    {"PK\x03\x04", "zip (unzip it, then index the folder)"},
    {"7z\xbc\xaf\x27\x1c", "7-Zip (extract it, then index the folder)"}};

// The magic numbers make_decompressor() tells apart, to their longest: bzip2's "BZh", a block
// size digit and the block's magic make ten bytes.
constexpr std::string_view kReadMagic[] = {"\x1f\x8b",
                                           std::string_view("\xfd"
                                                            "7zXZ\x00",
                                                            6),
                                           "\x28\xb5\x2f\xfd"};
constexpr std::string_view kBzip2BlockMagic = "\x31\x41\x59\x26\x53\x59";
constexpr std::string_view kBzip2EndMagic = "\x17\x72\x45\x38\x50\x90";
constexpr std::size_t kMagicBytes = 10;

// A compression bahth does not read, by the magic number it starts with; "" for none. Read as
// text, such a file was said to be in an unsure encoding and of a format --format should name,
// which no --format can help.
std::string_view foreign_compression(std::string_view head) {
  for (const auto& [magic, name] : kForeignMagic) {
    if (head.starts_with(magic)) return name;
  }
  return {};
}

// True if `head` is a proper prefix of a magic number that needs more bytes to tell.
bool may_become_magic(std::string_view head) {
  for (const std::string_view magic : kReadMagic) {
    if (head.size() < magic.size() && magic.starts_with(head)) return true;
  }
  for (const auto& [magic, name] : kForeignMagic) {
    if (head.size() < magic.size() && magic.starts_with(head)) return true;
  }
  if (head.size() >= kMagicBytes || !std::string_view("BZh").starts_with(head.substr(0, 3))) {
    return false;
  }
  if (head.size() > 3 && (head[3] < '1' || head[3] > '9')) return false;
  return head.size() <= 4 || kBzip2BlockMagic.starts_with(head.substr(4)) ||
         kBzip2EndMagic.starts_with(head.substr(4));
}

}  // namespace

InputSource::InputSource(const std::string& path, std::uint64_t& consumed,
                         const StopRequested& stop)
    : raw_(path, consumed, stop) {
  // Reads on only while the bytes could start a magic number: a pipe that sent a short record
  // and then waits has that record read now, not when more comes.
  std::string_view head = raw_.available(1);
  while (may_become_magic(head)) {
    const std::size_t before = head.size();
    head = raw_.available(before + 1);
    if (head.size() == before) break;  // the end of the input
  }
  decompressor_ = make_decompressor(head, raw_);
  if (const std::string_view compression = foreign_compression(head); !compression.empty()) {
    // An .xlsx or .docx is a zip, but unzipping it gives XML parts, not articles.
    if (std::string why = unread_document(path); !why.empty()) throw SourceError(why);
    throw SourceError("an archive: " + std::string(compression) +
                      "; bahth reads gzip, xz, zstd and bzip2 files, not archives");
  }
}

InputSource::~InputSource() = default;

void InputSource::convert_from(const std::string& encoding) {
  transcoder_ = std::make_unique<Transcoder>(encoding);
  unconverted_.assign(lookahead_, lookahead_pos_);
  unconverted_pos_ = 0;
  lookahead_.clear();
  lookahead_pos_ = 0;
}

std::size_t InputSource::replaced_bytes() const {
  return transcoder_ ? transcoder_->replaced() : 0;
}

std::size_t InputSource::read(char* dst, std::size_t n) {
  if (lookahead_pos_ < lookahead_.size()) {
    const std::size_t k = std::min(n, lookahead_.size() - lookahead_pos_);
    std::memcpy(dst, lookahead_.data() + lookahead_pos_, k);
    lookahead_pos_ += k;
    return k;
  }
  return read_decoded(dst, n);
}

void InputSource::throw_peek_error() const {
  if (peek_error_) std::rethrow_exception(peek_error_);
}

std::string_view InputSource::peek(std::size_t n) { return peek_upto(n, false); }

std::string_view InputSource::peek_arrived(std::size_t n) { return peek_upto(n, true); }

std::string_view InputSource::peek_upto(std::size_t n, bool only_arrived) {
  char chunk[4096];
  while (lookahead_.size() < n && !peek_error_) {
    if (only_arrived && lookahead_.size() > lookahead_pos_ && raw_.would_wait()) break;
    std::size_t got = 0;
    try {
      got = read_decoded(chunk, std::min(sizeof chunk, n - lookahead_.size()));
    } catch (const SourceError&) {
      // Raised where the reading gets to it, after the records before it (a truncated gzip).
      peek_error_ = std::current_exception();
      break;
    }
    if (got == 0) {
      peek_saw_end_ = true;
      break;
    }
    lookahead_.append(chunk, got);
  }
  return std::string_view(lookahead_).substr(lookahead_pos_, n);
}

bool InputSource::read_all(std::string& out, std::size_t max_bytes) {
  out.clear();
  for (;;) {
    const std::size_t old_size = out.size();
    if (old_size > max_bytes) return false;
    out.resize(old_size + kChunkBytes);
    const std::size_t got = read(out.data() + old_size, kChunkBytes);
    out.resize(old_size + got);
    if (got == 0) return true;
  }
}

std::size_t InputSource::read_decoded(char* dst, std::size_t n) {
  return transcoder_ ? read_converted(dst, n) : read_unconverted(dst, n);
}

// Converts a chunk of read bytes at a time; a character cut between chunks waits in the
// converter for its other bytes.
std::size_t InputSource::read_converted(char* dst, std::size_t n) {
  if (n == 0) return 0;
  for (;;) {
    std::string_view pending = std::string_view(unconverted_).substr(unconverted_pos_);
    if (pending.empty() && !unconverted_end_) {
      unconverted_.resize(kChunkBytes);
      unconverted_.resize(read_unconverted(unconverted_.data(), kChunkBytes));
      unconverted_pos_ = 0;
      unconverted_end_ = unconverted_.empty();
      pending = unconverted_;
    }
    const std::size_t pending_before = pending.size();
    const std::size_t got = transcoder_->convert(pending, dst, n, unconverted_end_);
    unconverted_pos_ += pending_before - pending.size();
    if (got > 0 || unconverted_end_) return got;
  }
}

std::size_t InputSource::read_unconverted(char* dst, std::size_t n) {
  if (peek_error_) std::rethrow_exception(std::exchange(peek_error_, nullptr));
  if (decompressor_) return decompressor_->read(dst, n);
  const std::string_view in = raw_.available();
  const std::size_t k = std::min(n, in.size());
  std::memcpy(dst, in.data(), k);
  raw_.consume(k);
  return k;
}

}  // namespace bahth::readers
