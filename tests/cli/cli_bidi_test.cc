// `bahth search --bidi`: how Arabic results reach the terminal.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_bidi_test {
namespace {

using testing::contains;
using testing::kBundledSeed;
using testing::run_bahth;

class CliBidi : public testing::IndexedSuite {
 protected:
  static void SetUpTestSuite() { index_once({kBundledSeed}); }
  static testing::RunResult search(const std::string& bidi) {
    return run_bahth({"search", "--db", db(), "--bidi", bidi, "الصين"});
  }
};

TEST_F(CliBidi, AutoInAPipePrintsTheTextAsStored) {
  const auto r = search("auto");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "[الصين]")) << r.out;
  EXPECT_FALSE(contains(r.out, "\u2068")) << r.out;
}

TEST_F(CliBidi, IsolateWrapsTitlesAndSnippets) {
  const auto r = search("isolate");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\u2068")) << r.out;
  EXPECT_TRUE(contains(r.out, "\u2069")) << r.out;
  EXPECT_TRUE(contains(r.out, "[الصين]")) << r.out;
}

TEST_F(CliBidi, VisualPrintsShapedArabicInDrawingOrder) {
  const auto r = search("visual");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // الصين drawn right to left in joined forms: ﻦﻴﺼﻟﺍ (noon final ... alef isolated).
  EXPECT_TRUE(contains(r.out, "[\uFEE6\uFEF4\uFEBC\uFEDF\uFE8D]")) << r.out;
  EXPECT_FALSE(contains(r.out, "الصين")) << r.out;
}

TEST_F(CliBidi, ModeComesFromTheEnvironmentToo) {
  ::setenv("BAHTH_BIDI", "isolate", 1);
  const auto r = run_bahth({"search", "--db", db(), "الصين"});
  ::unsetenv("BAHTH_BIDI");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\u2068")) << r.out;
}

TEST_F(CliBidi, UnknownModeIsAUsageError) {
  const auto r = search("rtl");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--bidi")) << r.err;
}

TEST_F(CliBidi, JsonIsNeverReordered) {
  const auto r = run_bahth({"search", "--db", db(), "--bidi", "visual", "--json", "الصين"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "الصين")) << r.out;
  EXPECT_FALSE(contains(r.out, "\uFEE6")) << r.out;
}

}  // namespace
}  // namespace cli_bidi_test
}  // namespace bahth
