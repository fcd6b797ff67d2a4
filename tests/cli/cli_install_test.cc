// `cmake --install` puts bahth, its man page and its shell completion under a prefix.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_install_test {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::shell_quote;
using testing::TempDir;

// Runs a shell command; its standard output lands in `out`.
int run_shell(const std::string& command, const fs::path& out) {
  const int status = std::system((command + " >" + shell_quote(out) + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CliInstall, InstallsTheBinaryManPageAndCompletion) {
  TempDir dir;
  const fs::path prefix = dir / "prefix";
  ASSERT_EQ(run_shell(shell_quote(BAHTH_CMAKE_COMMAND) + " --install " +
                          shell_quote(BAHTH_BINARY_DIR) + " --prefix " + shell_quote(prefix),
                      dir / "install.log"),
            0)
      << read_file(dir / "install.log");
  const fs::path bahth = prefix / "bin/bahth";
  const fs::path man = prefix / "share/man/man1/bahth.1";
  ASSERT_TRUE(fs::exists(bahth));
  ASSERT_TRUE(fs::exists(man));
  EXPECT_TRUE(fs::exists(prefix / "share/bash-completion/completions/bahth"));
  EXPECT_TRUE(fs::exists(prefix / "share/zsh/site-functions/_bahth"));

  // The page holds every command's own help: its options are those of the binary.
  const std::string page = read_file(man);
  EXPECT_EQ(page.rfind(".TH BAHTH 1", 0), 0u) << page.substr(0, 200);
  for (const char* text : {".SS bahth search", ".SS bahth index", "--source", "--limit"}) {
    EXPECT_NE(page.find(text), std::string::npos) << text;
  }
  if (std::system("command -v groff >/dev/null 2>&1") == 0) {
    ASSERT_EQ(run_shell("groff -man -Tutf8 -ww " + shell_quote(man), dir / "page.txt"), 0)
        << read_file(dir / "page.txt");
    EXPECT_NE(read_file(dir / "page.txt").find("bahth search"), std::string::npos);
  }

  // The bash completion offers the installed binary's commands and options.
  if (std::system("command -v bash >/dev/null 2>&1") == 0) {
    const std::string script =
        "PATH=" + (prefix / "bin").string() + ":$PATH; source " +
        (prefix / "share/bash-completion/completions/bahth").string() +
        "; COMP_WORDS=(bahth sea); COMP_CWORD=1; _bahth; echo \"${COMPREPLY[@]}\";"
        " COMP_WORDS=(bahth search --li); COMP_CWORD=2; _bahth; echo \"${COMPREPLY[@]}\"";
    ASSERT_EQ(run_shell("bash -c " + shell_quote(script), dir / "complete.txt"), 0);
    EXPECT_EQ(read_file(dir / "complete.txt"), "search\n--like --limit\n");
  }
}

}  // namespace
}  // namespace cli_install_test
}  // namespace bahth
