// data/exonyms-en-ar.txt compiled in (see CMakeLists.txt), read once.
#include "exonyms.h"

#include <functional>
#include <map>
#include <string_view>
#include <vector>

namespace bahth {
namespace detail {
extern const std::string_view kExonymsText;
}  // namespace detail

namespace {

using Table = std::map<std::string_view, std::vector<std::string_view>, std::less<>>;

// `text` cut at each `separator`, the empty pieces left out.
std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  while (!text.empty()) {
    const std::size_t end = text.find(separator);
    if (std::string_view piece = text.substr(0, end); !piece.empty()) pieces.push_back(piece);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return pieces;
}

// The file's lines "english|english<TAB>arabic|arabic"; '#' lines are comments. The views point
// into the compiled-in file, which lives as long as the program.
Table load_table() {
  Table table;
  for (const std::string_view line : split(detail::kExonymsText, '\n')) {
    if (line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    const std::vector<std::string_view> spellings = split(line.substr(tab + 1), '|');
    for (const std::string_view name : split(line.substr(0, tab), '|')) {
      table.emplace(name, spellings);
    }
  }
  return table;
}

const Table& table() {
  static const Table loaded = load_table();
  return loaded;
}

}  // namespace

const std::vector<std::string_view>& exonym_spellings(std::string_view latin) {
  static const std::vector<std::string_view> none;
  const auto it = table().find(latin);
  return it == table().end() ? none : it->second;
}

std::vector<std::string_view> exonym_names() {
  std::vector<std::string_view> names;
  for (const auto& [name, spellings] : table()) names.push_back(name);
  return names;
}

}  // namespace bahth
