// Stopwords: data/stopwords-ar.txt, normalized and sorted when bahth is built
// (stopwords_generator.cc) and compiled in, so the list can be written in ordinary spelling and
// still match normalized query words, and no process pays for normalizing it: every `bahth
// search` asks about its query words (bench/HISTORY.md, 2026-12-06).
#include <algorithm>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth {
namespace detail {
extern const std::string_view kStopwordsNormalized;
}  // namespace detail

namespace {

// The words of the generated list: one a line, sorted, each normalized.
std::vector<std::string_view> load_stopwords() {
  std::vector<std::string_view> words;
  words.reserve(static_cast<std::size_t>(
      std::count(detail::kStopwordsNormalized.begin(), detail::kStopwordsNormalized.end(), '\n')));
  std::string_view rest = detail::kStopwordsNormalized;
  while (!rest.empty()) {
    const std::size_t eol = rest.find('\n');
    if (eol != 0) words.push_back(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  }
  return words;
}

}  // namespace

bool is_stopword(std::string_view normalized_word) {
  static const std::vector<std::string_view> stopwords = load_stopwords();
  return std::binary_search(stopwords.begin(), stopwords.end(), normalized_word);
}

}  // namespace bahth
