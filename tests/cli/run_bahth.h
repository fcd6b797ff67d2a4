// Runs the built `bahth` binary the way a user would, for end-to-end tests of the CLI.
#ifndef BAHTH_TESTS_CLI_RUN_BAHTH_H_
#define BAHTH_TESTS_CLI_RUN_BAHTH_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace bahth::testing {

/// What data/ ships, which the README's main command indexes: the BBC sample dump and the seed
/// article folder.
inline const std::string kBundledSample = BAHTH_SOURCE_DIR "/data/bbc-arabic-sample.jsonl.gz";
inline const std::string kBundledSeed = BAHTH_SOURCE_DIR "/data/seed";

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// True when `part` occurs in `text` (output checks read better with it than with find).
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string shell_quote(const std::string& arg) {
  std::string quoted(1, '\'');
  for (char c : arg) {
    if (c == '\'') {
      quoted.append("'\\''");
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('\'');
  return quoted;
}

/// Runs `bahth ARGS` (each element one argument) with `input` on standard input.
inline RunResult run_bahth(const std::vector<std::string>& args, const std::string& input = "") {
  const std::filesystem::path dir = ::testing::TempDir();
  const std::string stem = "bahth_run_" + std::to_string(::getpid());
  const auto in_path = dir / (stem + ".in");
  const auto out_path = dir / (stem + ".out");
  const auto err_path = dir / (stem + ".err");
  std::ofstream(in_path, std::ios::binary) << input;
  std::string command = shell_quote(BAHTH_BINARY);
  for (const std::string& arg : args) command.append(" ").append(shell_quote(arg));
  command.append(" <").append(shell_quote(in_path));
  command.append(" >").append(shell_quote(out_path));
  command.append(" 2>").append(shell_quote(err_path));
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  for (const auto& path : {in_path, out_path, err_path}) std::filesystem::remove(path);
  return result;
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_RUN_BAHTH_H_
