// bahth_stopwords_generator IN OUT: normalizes data/stopwords-ar.txt at compile time into the
// sorted list stopwords.cc searches (one word a line), so that no bahth process tokenizes and
// normalizes the list at its first query. It runs the normalizer and tokenizer of the library
// itself (the same sources), so the list matches query words normalized at run time.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bahth_stopwords_generator STOPWORDS.txt OUT\n";
    return 2;
  }
  const std::string in_path = argv[1];
  const std::string out_path = argv[2];
  std::ifstream in(in_path, std::ios::binary);
  if (!in) {
    std::cerr << in_path << ": cannot open\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  // One word a line; # starts a comment.
  std::vector<std::string> words;
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) {
    const std::string_view words_part = std::string_view(line).substr(0, line.find('#'));
    for (bahth::WordTokenizer tokens(words_part); tokens.next();) {
      words.push_back(bahth::normalize(tokens.word()));
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  // Written beside, then renamed: an interrupted build never leaves half a list.
  const std::string temp_path = out_path + ".tmp";
  std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
  for (const std::string& word : words) out << word << '\n';
  out.close();
  if (!out || std::rename(temp_path.c_str(), out_path.c_str()) != 0) {
    std::cerr << out_path << ": cannot write\n";
    return 1;
  }
  return 0;
}
