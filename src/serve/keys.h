// The keys of `bahth serve --keys FILE`: which routes a request's key opens. A key file has one
// key a line, `KIND KEY`, KIND one of search, write, metrics; blank lines and lines starting
// with '#' are skipped.
#ifndef BAHTH_SERVE_KEYS_H_
#define BAHTH_SERVE_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "http_server.h"

namespace bahth::serve {

class KeyRing {
 public:
  KeyRing() = default;
  /// Reads `text` (the content of the key file `path`, named in errors). Throws UsageError naming
  /// the file and line for an unknown kind, a key shorter than 16 bytes, or a repeated key.
  KeyRing(std::string_view text, const std::string& path);

  /// Whether `key` (empty: none given) opens a route of `access`. Search routes are open unless
  /// the ring has a search key; a write key opens every route; metrics routes take a metrics or
  /// a write key. Every key of the ring is compared, in constant time, whatever matched.
  KeyCheck check(std::string_view key, Access access) const;

  bool empty() const { return search_.empty() && write_.empty() && metrics_.empty(); }
  bool has_search_key() const { return !search_.empty(); }
  bool has_write_key() const { return !write_.empty(); }
  bool has_metrics_key() const { return !metrics_.empty(); }

 private:
  std::vector<std::string> search_;
  std::vector<std::string> write_;
  std::vector<std::string> metrics_;
};

/// Reads the key file at `path`. Throws UsageError when it cannot be read; a file that others
/// than its owner's group may read is accepted with a warning written to `warnings`.
KeyRing load_key_file(const std::string& path, std::string& warnings);

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_KEYS_H_
