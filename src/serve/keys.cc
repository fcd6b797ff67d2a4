#include "keys.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bahth/error.h"

namespace bahth::serve {
namespace {

// Shorter keys could be guessed by a client allowed thousands of requests a second.
constexpr std::size_t kMinKeyLength = 16;

// Whether `key` equals one of `keys`, comparing with every one of them (no early exit).
bool any_equal(const std::vector<std::string>& keys, std::string_view key) {
  bool found = false;
  for (const std::string& candidate : keys) found |= constant_time_equal(candidate, key);
  return found;
}

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const std::size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

KeyRing::KeyRing(std::string_view text, const std::string& path) {
  std::size_t line_number = 0;
  std::vector<std::string> seen;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(line_number) + ": ";
    const std::size_t space = line.find_first_of(" \t");
    if (space == std::string::npos) {
      throw UsageError(where + "expected 'search KEY', 'write KEY' or 'metrics KEY'");
    }
    const std::string kind = line.substr(0, space);
    const std::string key = trim(line.substr(space + 1));
    if (key.size() < kMinKeyLength || key.find_first_of(" \t") != std::string::npos) {
      throw UsageError(where + "a key must be at least " + std::to_string(kMinKeyLength) +
                       " characters without spaces (e.g. from `openssl rand -hex 24`)");
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      throw UsageError(where + "this key is given twice");
    }
    seen.push_back(key);
    if (kind == "search") {
      search_.push_back(key);
    } else if (kind == "write") {
      write_.push_back(key);
    } else if (kind == "metrics") {
      metrics_.push_back(key);
    } else {
      throw UsageError(fmt::format("{}unknown kind of key '{}' (expected search, write or metrics)",
                                   where, kind));
    }
  }
}

KeyCheck KeyRing::check(std::string_view key, Access access) const {
  if (access == Access::open || (access == Access::search && search_.empty())) {
    return KeyCheck::allowed;
  }
  // Compared with every kind, so the time does not tell which kind a key is.
  const bool is_search = any_equal(search_, key);
  const bool is_write = any_equal(write_, key);
  const bool is_metrics = any_equal(metrics_, key);
  bool opens = is_write;
  if (access == Access::search) opens |= is_search;
  if (access == Access::metrics) opens |= is_metrics;
  if (key.empty()) return KeyCheck::missing;
  return opens ? KeyCheck::allowed : KeyCheck::wrong;
}

KeyRing load_key_file(const std::string& path, std::string& warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--keys " + path + ": cannot read the key file");
  std::ostringstream text;
  text << in.rdbuf();
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & S_IROTH) != 0) {
    warnings += "bahth: warning: the key file " + path +
                " can be read by every user of this machine; run chmod 600 on it\n";
  }
  KeyRing ring(text.str(), path);
  if (ring.empty()) throw UsageError("--keys " + path + ": the key file holds no key");
  return ring;
}

}  // namespace bahth::serve
