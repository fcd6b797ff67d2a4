// error_report.cc: checking, opening and writing the --errors report.
#include "error_report.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "bahth/error.h"

namespace bahth::cli {
namespace {

// Beyond this much buffered text the report is written out.
constexpr std::size_t kFlushBytes = 64u << 10;

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// The identity of an input as the readers will open it ("-": standard input).
bool stat_input(const std::string& input, struct stat& info) {
  return input == "-" ? ::fstat(STDIN_FILENO, &info) == 0 : ::stat(input.c_str(), &info) == 0;
}

// Whether the file open on `fd` (at offset 0) may be overwritten: empty, or an earlier report.
// A file that cannot be read is not known to hold nothing.
bool holds_nothing_to_lose(int fd) {
  char head[kErrorReportHeader.size()];
  std::size_t got = 0;
  while (got < sizeof head) {
    const ssize_t n = ::read(fd, head + got, sizeof head - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got == 0) return true;
  // Reports written before the header said more used the same first words.
  constexpr std::string_view kFirstWords = "# bahth index error report";
  return std::string_view(head, got).starts_with(kFirstWords);
}

void refuse_if_input(std::string_view option, const std::string& path, const struct stat& info,
                     const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    struct stat input_info {};
    if (stat_input(input, input_info) && same_file(info, input_info)) {
      throw UsageError(fmt::format("{} {}: it is the input {}; writing there would overwrite it",
                                   option, path, input));
    }
  }
}

}  // namespace

void refuse_overwriting_input(std::string_view option, const std::string& path,
                              const std::vector<std::string>& inputs) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) refuse_if_input(option, path, info, inputs);
}

ErrorReport::ErrorReport(std::string path, const std::vector<std::string>& inputs)
    : path_(std::move(path)), inputs_(inputs) {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) return;  // to be created (or refused by open())
  refuse_if_input("--errors", path_, info, inputs_);
  if (S_ISDIR(info.st_mode)) throw UsageError("--errors " + path_ + ": it is a directory");
  if (!S_ISREG(info.st_mode)) return;  // a terminal, /dev/null, a pipe: nothing to overwrite
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  const bool replaceable = fd >= 0 && holds_nothing_to_lose(fd);
  if (fd >= 0) ::close(fd);
  if (!replaceable) {
    throw UsageError("--errors " + path_ +
                     ": the file exists and is not a bahth error report; name a new file "
                     "(bahth overwrites only its own reports)");
  }
}

ErrorReport::~ErrorReport() {
  if (fd_ >= 0) ::close(fd_);
}

void ErrorReport::open() {
  // Without O_TRUNC: what was opened is checked before anything is lost.
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd_ < 0) fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);  // e.g. /dev/full
  if (fd_ < 0) {
    throw UsageError("--errors " + path_ + ": cannot write there (" + std::strerror(errno) + ")");
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    throw Error("--errors " + path_ + ": " + std::strerror(errno));
  }
  if (S_ISREG(info.st_mode)) {
    refuse_if_input("--errors", path_, info, inputs_);
    if (!holds_nothing_to_lose(fd_)) {
      throw UsageError("--errors " + path_ + ": the file exists and is not a bahth error report");
    }
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) {
      throw Error("--errors " + path_ + ": cannot empty the file (" + std::strerror(errno) + ")");
    }
  }
  write(kErrorReportHeader);
  write("\n");
}

void ErrorReport::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kFlushBytes) flush();
}

void ErrorReport::flush() {
  std::string_view rest = buffer_;
  while (!rest.empty() && write_errno_ == 0 && fd_ >= 0) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      write_errno_ = n < 0 ? errno : EIO;
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  buffer_.clear();
}

std::string ErrorReport::finish() {
  flush();
  if (fd_ >= 0 && ::close(fd_) != 0 && write_errno_ == 0) write_errno_ = errno;
  fd_ = -1;
  if (write_errno_ == 0) return {};
  return "--errors " + path_ + ": cannot write the report (" + std::strerror(write_errno_) +
         "); it is incomplete";
}

}  // namespace bahth::cli
