// What clients of `bahth serve` see of an index: its name, never where it lies on disk.
#ifndef BAHTH_SERVE_INDEX_NAMES_H_
#define BAHTH_SERVE_INDEX_NAMES_H_

#include <string>
#include <utility>
#include <vector>

namespace bahth::serve {

/// The last component of a --db argument ("/srv/bahth/news/" → "news").
std::string index_name(const std::string& db_path);

/// Replaces every spelling of the indexes' paths (as given, absolute, canonical) in a message
/// with their names, so error messages and pages do not tell clients where the files are.
class PathHider {
 public:
  explicit PathHider(const std::vector<std::string>& db_paths);
  std::string operator()(std::string message) const;

 private:
  std::vector<std::pair<std::string, std::string>> replacements_;  // longest path first
};

}  // namespace bahth::serve

#endif  // BAHTH_SERVE_INDEX_NAMES_H_
