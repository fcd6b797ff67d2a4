#include "query_text.h"

#include <algorithm>
#include <array>
#include <sstream>

#include "bahth/analyzer.h"

namespace bahth::search {
namespace {

// The QueryParser reads any "a..b" as a range, but some dots are an ellipsis: three or more
// ("سوريا..." or "سوريا…", which NFKC turns into three dots), or two in a word without digits
// ("سوريا.."). Blanks those so the word is searched as text; two dots next to a digit stay a
// range, so "2018/03..2019" is reported as a bad date rather than searched as words.
// Works on the normalized word at out[from, end).
void blank_ellipses(std::string& out, std::size_t from) {
  const bool has_digit = out.find_first_of("0123456789", from) != std::string::npos;
  for (std::size_t i = out.find("..", from); i != std::string::npos; i = out.find("..", i)) {
    std::size_t end = i;
    while (end < out.size() && out[end] == '.') ++end;
    if (end - i >= 3 || !has_digit) std::fill(out.begin() + i, out.begin() + end, ' ');
    i = end;
  }
}

}  // namespace

bool is_operator(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kOperators{"AND", "OR",   "NOT",
                                                              "XOR", "NEAR", "ADJ"};
  for (std::string_view op : kOperators) {
    // NEAR/3 and ADJ/3 carry a window size.
    if (word == op ||
        (word.size() > op.size() && word.substr(0, op.size()) == op && word[op.size()] == '/')) {
      return true;
    }
  }
  return false;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  for (WordTokenizer t(text); t.next();) ++words;
  return words;
}

std::string normalize_query(std::string_view query, std::vector<QueryChunk>* chunks) {
  std::string out;
  out.reserve(query.size());
  std::size_t i = 0;
  while (i < query.size()) {
    const std::size_t start = query.find_first_not_of(" \t\r\n", i);
    out.append(query.substr(i, (start == std::string_view::npos ? query.size() : start) - i));
    if (start == std::string_view::npos) break;
    std::size_t end = query.find_first_of(" \t\r\n", start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view word = query.substr(start, end - start);
    const std::size_t word_start = out.size();
    if (is_operator(word) || word.starts_with("id:")) {
      // An operator as the parser reads it; an id exactly as the article gave it, case included.
      out.append(word);
    } else {
      normalize_append(word, out);
      blank_ellipses(out, word_start);
    }
    if (chunks != nullptr) chunks->push_back({start, end, word_start, out.size()});
    i = end;
  }
  return out;
}

bool restricts_matches(std::string_view query_text) {
  std::istringstream words{std::string(query_text)};
  for (std::string word; words >> word;) {
    if (word == "AND" || word == "NOT" || word == "XOR" || word.front() == '+' ||
        (word.front() == '-' && word.size() > 1)) {
      return true;
    }
  }
  return false;
}

}  // namespace bahth::search
