// The search page in a real browser: headless Chromium (Debian's `chromium`) loads it, the test
// reads the DOM the browser built, and keeps a screenshot in the build tree to look at.
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "serve/server_process.h"
#include "temp_dir.h"

namespace bahth::testing {
namespace {

std::string chromium_binary() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  return "";
}

// Runs headless Chromium on `url` with `mode` (--dump-dom, or --screenshot=PATH); returns what it
// wrote on standard output.
std::string run_chromium(const std::string& chromium, const TempDir& dir, const std::string& url,
                         const std::string& mode) {
  const std::string out = dir / "chromium.out";
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const std::string command =
      "timeout 90 " + shell_quote(chromium) +
      " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
      " --hide-scrollbars --window-size=1200,1000 --user-data-dir=" +
      shell_quote(dir / "profile") + " " + mode + " " + shell_quote(url) + " >" + shell_quote(out) +
      " 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return read_file(out);
}

TEST(ServeBrowser, ChromiumRendersTheSearchPageRightToLeft) {
  const std::string chromium = chromium_binary();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed: the browser test is skipped";
  const TempDir dir;
  const std::string db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "--quiet", "--db", db, kBundledSample}).exit_code, 0);
  ServerProcess server({"--db", db});
  const std::string url = server.base_url() + "/search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7";
  const std::string dom = run_chromium(chromium, dir, url, "--dump-dom");
  EXPECT_NE(dom.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos) << dom.substr(0, 500);
  EXPECT_NE(dom.find("<li class=\"hit\">"), std::string::npos);
  EXPECT_NE(dom.find("<mark>سوريا</mark>"), std::string::npos);
  EXPECT_NE(dom.find("class=\"histogram\""), std::string::npos);
  const std::filesystem::path screenshot =
      std::filesystem::path(BAHTH_BINARY).parent_path() / "serve-search-page.png";
  std::filesystem::remove(screenshot);
  run_chromium(chromium, dir, url, "--screenshot=" + shell_quote(screenshot.string()));
  EXPECT_TRUE(std::filesystem::exists(screenshot));
  EXPECT_GT(std::filesystem::file_size(screenshot), 10'000U);
}

}  // namespace
}  // namespace bahth::testing
