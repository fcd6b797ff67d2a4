// Which of a command's options the command line can name (src/cli/option_filter.h): `search`
// builds only those, so each way of naming an option must keep it.
#include "option_filter.h"

#include <gtest/gtest.h>

#include <vector>

namespace bahth::cli {
namespace option_filter_test {
namespace {

OptionFilter named_by(std::vector<const char*> args) {
  args.insert(args.begin(), {"bahth", "search"});
  return OptionFilter::named_by(static_cast<int>(args.size()), args.data());
}

TEST(OptionFilter, WantsEveryOptionByDefault) {
  const OptionFilter all;
  EXPECT_TRUE(all.all());
  EXPECT_TRUE(all.wants("--facets"));
  EXPECT_TRUE(all.wants("-n,--limit"));
}

TEST(OptionFilter, WantsOnlyTheLongNamesGivenWithOrWithoutAValue) {
  const OptionFilter only = named_by({"--db", "DB", "--sort=date", "سوريا"});
  EXPECT_FALSE(only.all());
  EXPECT_TRUE(only.wants("--db"));
  EXPECT_TRUE(only.wants("--sort"));
  EXPECT_FALSE(only.wants("--facets"));
  EXPECT_FALSE(only.wants("-n,--limit"));
  EXPECT_FALSE(only.wants("--so"));
}

TEST(OptionFilter, WantsAnOptionByItsShortOrLongName) {
  EXPECT_TRUE(named_by({"-n", "3", "x"}).wants("-n,--limit"));
  EXPECT_TRUE(named_by({"-n3", "x"}).wants("-n,--limit"));
  EXPECT_TRUE(named_by({"-xn", "x"}).wants("-n,--limit"));
  EXPECT_TRUE(named_by({"--limit=3", "x"}).wants("-n,--limit"));
  EXPECT_FALSE(named_by({"--db", "DB", "x"}).wants("-n,--limit"));
}

TEST(OptionFilter, WantsAnOptionNamedWhereAValueOrAWordIs) {
  // Building one option too many costs a little; one too few would change the parse.
  EXPECT_TRUE(named_by({"--db", "--json"}).wants("--json"));
  EXPECT_TRUE(named_by({"--", "--explain"}).wants("--explain"));
}

TEST(OptionFilter, AlwaysWantsPositionals) {
  EXPECT_TRUE(named_by({}).wants("query"));
  EXPECT_FALSE(named_by({}).wants("--json"));
}

}  // namespace
}  // namespace option_filter_test
}  // namespace bahth::cli
