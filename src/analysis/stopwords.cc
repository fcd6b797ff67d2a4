// Stopwords: data/stopwords-ar.txt compiled in (see CMakeLists.txt), normalized on first use so
// the list can be written in ordinary spelling and still match normalized query words.
#include <set>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"

namespace bahth {
namespace detail {
extern const std::string_view kStopwordsText;
}  // namespace detail

namespace {

std::set<std::string, std::less<>> load_stopwords() {
  std::set<std::string, std::less<>> words;
  std::string_view rest = detail::kStopwordsText;
  while (!rest.empty()) {
    const std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    for (WordTokenizer words_in_line(line); words_in_line.next();) {
      words.insert(normalize(words_in_line.word()));
    }
  }
  return words;
}

}  // namespace

bool is_stopword(std::string_view normalized_word) {
  static const std::set<std::string, std::less<>> stopwords = load_stopwords();
  return stopwords.find(normalized_word) != stopwords.end();
}

}  // namespace bahth
