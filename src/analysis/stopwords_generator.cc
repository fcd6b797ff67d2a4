// bahth_stopwords_generator IN OUT: normalizes data/stopwords-ar.txt at compile time into the
// sorted list stopwords.cc searches (one word a line), so that no bahth process tokenizes and
// normalizes the list at its first query. It runs the normalizer and tokenizer of the library
// itself (the same sources), so the list matches query words normalized at run time.
#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "generator_io.h"

namespace {

// One word a line; # starts a comment.
std::string normalized_list(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string_view words_part = std::string_view(line).substr(0, line.find('#'));
    for (bahth::WordTokenizer tokens(words_part); tokens.next();) {
      words.push_back(bahth::normalize(tokens.word()));
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string list;
  for (const std::string& word : words) list += word + '\n';
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  return bahth::generator::run(argc, argv, "bahth_stopwords_generator STOPWORDS.txt OUT",
                               normalized_list);
}
