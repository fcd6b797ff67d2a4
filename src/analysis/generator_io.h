// What the build-time generators (lexicon_generator.cc, stopwords_generator.cc) share: the
// command line `NAME IN OUT`, the whole input file read, and the output written beside and
// renamed, so that an interrupted build never leaves half a file. Built into the generators
// only, never into the library.
#ifndef BAHTH_ANALYSIS_GENERATOR_IO_H_
#define BAHTH_ANALYSIS_GENERATOR_IO_H_

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

namespace bahth::generator {

/// Runs a generator's `main`: checks that `argv` is `NAME IN OUT` (else prints `usage` and
/// returns 2), reads IN whole, and writes `make_output(IN's text)` to OUT. Returns 0, or 1 with a
/// message naming the file when IN cannot be read, `make_output` throws, or OUT cannot be
/// written.
template <typename MakeOutput>
int run(int argc, char** argv, std::string_view usage, MakeOutput make_output) {
  if (argc != 3) {
    std::cerr << "usage: " << usage << '\n';
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
  std::string output;
  try {
    output = make_output(text.str());
  } catch (const std::exception& e) {
    std::cerr << in_path << ": " << e.what() << '\n';
    return 1;
  }
  const std::string temp_path = out_path + ".tmp";
  std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
  out.write(output.data(), static_cast<std::streamsize>(output.size()));
  out.close();
  if (!out || std::rename(temp_path.c_str(), out_path.c_str()) != 0) {
    std::cerr << out_path << ": cannot write\n";
    return 1;
  }
  return 0;
}

}  // namespace bahth::generator

#endif  // BAHTH_ANALYSIS_GENERATOR_IO_H_
