// `bahth search` builds only the options its command line names (src/cli/option_filter.h): every
// way of naming one must still reach it, and --help and mistakes still see them all.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"

namespace bahth {
namespace cli_option_forms_test {
namespace {

using testing::contains;
using testing::kBundledSample;
using testing::run_bahth;

class CliOptionForms : public testing::IndexedSuite {
 protected:
  static void SetUpTestSuite() { index_once({kBundledSample}); }
};

// Results listed: "  1. ", "  2. ", ...
std::size_t results_shown(const std::string& out) {
  std::size_t n = 0;
  while (contains(out, "  " + std::to_string(n + 1) + ". ")) ++n;
  return n;
}

TEST_F(CliOptionForms, EveryFormOfAnOptionIsRead) {
  const auto all = run_bahth({"search", "--db", db(), "قال"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  ASSERT_GT(results_shown(all.out), 1U) << all.out;
  for (const std::vector<std::string>& limit :
       {std::vector<std::string>{"-n", "1"}, {"-n1"}, {"--limit", "1"}, {"--limit=1"}}) {
    std::vector<std::string> args{"search", "--db=" + db()};
    args.insert(args.end(), limit.begin(), limit.end());
    args.emplace_back("قال");
    const auto r = run_bahth(args);
    ASSERT_EQ(r.exit_code, 0) << limit.front() << ": " << r.err;
    EXPECT_EQ(results_shown(r.out), 1U) << limit.front() << ": " << r.out;
  }
  const auto json = run_bahth({"search", "--db", db(), "--json", "-n", "1", "قال"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(json.out.starts_with("{")) << json.out;
}

TEST_F(CliOptionForms, TheHelpAndAWrongValueSeeEveryOption) {
  const auto help = run_bahth({"search", "--db", db(), "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  for (const char* option :
       {"--limit", "--offset", "--json", "--color", "--bidi", "--since", "--section", "--sort",
        "--recency", "--duplicates", "--explain", "--allow-partial", "--remote-timeout",
        "--remote-max-message", "--facets", "--expand", "--no-correct", "--no-transliterate",
        "--like"}) {
    EXPECT_TRUE(contains(help.out, option)) << option << "\n" << help.out;
  }
  const auto wrong = run_bahth({"search", "--db", db(), "--sort", "size", "قال"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_TRUE(contains(wrong.err, "--sort")) << wrong.err;
  EXPECT_TRUE(contains(wrong.err, "Run 'bahth search --help'")) << wrong.err;
}

}  // namespace
}  // namespace cli_option_forms_test
}  // namespace bahth
