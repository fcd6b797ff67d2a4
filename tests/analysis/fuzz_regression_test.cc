// Inputs on which a long fuzzing run (fuzz/, README "When things go wrong") found a contract
// broken, each kept as a test named after what went wrong. The inputs are in fuzz/corpus too.
#include <gtest/gtest.h>

#include <string>

#include "bahth/analyzer.h"
#include "bahth/utf8.h"

namespace bahth {
namespace fuzz_regression_test {
namespace {

// analyzer_fuzz, crash-b5b1191a: a lone lead byte, U+2063 (dropped by NFKC_Casefold), a lone
// continuation byte. ICU passed the invalid bytes through, dropping U+2063 joined them into
// U+046C (an upper-case letter), and only a second normalization folded it to U+046D.
TEST(FuzzRegression, InvalidBytesJoinedByADroppedCharacterKeepNormalizeIdempotent) {
  const std::string input = "\xd1\xe2\x81\xa3\xac";
  const std::string once = normalize(input);
  EXPECT_EQ(normalize(once), once);
  EXPECT_TRUE(is_valid_utf8(once));
  EXPECT_EQ(once, "\uFFFD\uFFFD");  // each stray byte replaced, as elsewhere
}

TEST(FuzzRegression, TheWholeCrashingInputKeepsNormalizeIdempotent) {
  const std::string input(
      "~\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffM\xe2\x81\xa7\xac\x00\x8fM\xe3\x02"
      "\x1e\xac?\xd8\xd8\x00\x8fM\xe2\x81\xa7\xac\x00\x8f\xd1\xe2\x81\xa3\xac )\xd8\xd8\x00\x00\x00"
      " B",
      53);
  const std::string once = normalize(input);
  EXPECT_EQ(normalize(once), once);
}

}  // namespace
}  // namespace fuzz_regression_test
}  // namespace bahth
