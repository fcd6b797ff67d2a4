// bahth/error.h: the exceptions that cross module boundaries.
//
// Every message is meant for the user: it names the file, line, argument or database that is at
// fault and says what is wrong. The CLI prints it as `bahth: <message>`.
#ifndef BAHTH_ERROR_H_
#define BAHTH_ERROR_H_

#include <cstddef>    // std::size_t
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string, std::to_string
#include <utility>    // std::move

namespace bahth {

/// Base of every error bahth throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A bad command-line argument or option value (exit code 2).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// Input that cannot be read at all: what() is `path:line: reason` (or `path: reason` when
/// line is 0).
class InputError : public Error {
 public:
  InputError(std::string path, std::size_t line, std::string reason)
      : Error(format(path, line, reason)),
        path_(std::move(path)),
        line_(line),
        reason_(std::move(reason)) {}

  const std::string& path() const { return path_; }
  std::size_t line() const { return line_; }  // 0 when the problem is not on one line
  const std::string& reason() const { return reason_; }

 private:
  static std::string format(const std::string& path, std::size_t line, const std::string& reason) {
    return line == 0 ? path + ": " + reason : path + ":" + std::to_string(line) + ": " + reason;
  }

  std::string path_;
  std::size_t line_;
  std::string reason_;
};

/// A database that cannot be opened, written or searched: what() names the database path.
class IndexError : public Error {
 public:
  IndexError(const std::string& db_path, const std::string& reason)
      : Error(db_path + ": " + reason) {}
};

/// One stored article of an index that cannot be read (its record changed on disk, or tampered
/// with): what() names the index and the article. The rest of the index reads as before.
class DamagedArticleError : public IndexError {
 public:
  using IndexError::IndexError;
};

}  // namespace bahth

#endif  // BAHTH_ERROR_H_
