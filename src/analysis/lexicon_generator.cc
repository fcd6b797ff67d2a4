// bahth_lexicon_generator IN OUT: builds the lexicon's hash table (lexicon_table.h) from
// data/lexicon-ar.txt at compile time, so that no bahth process parses the lexicon.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "lexicon_table.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bahth_lexicon_generator LEXICON.txt OUT.table\n";
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
  std::string table;
  try {
    table = bahth::detail::lexicon_table::build(text.str());
  } catch (const std::exception& e) {
    std::cerr << in_path << ": " << e.what() << '\n';
    return 1;
  }
  // Written beside, then renamed: an interrupted build never leaves half a table.
  const std::string temp_path = out_path + ".tmp";
  std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
  out.write(table.data(), static_cast<std::streamsize>(table.size()));
  out.close();
  if (!out || std::rename(temp_path.c_str(), out_path.c_str()) != 0) {
    std::cerr << out_path << ": cannot write\n";
    return 1;
  }
  return 0;
}
