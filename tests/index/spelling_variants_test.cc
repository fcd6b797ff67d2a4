#include "index/spelling_variants.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace bahth::index {
namespace {

TEST(VariantSkeleton, DropsLongVowelsAndMergesSwappedLetters) {
  EXPECT_EQ(variant_skeleton("ترامب"), variant_skeleton("ترمب"));
  EXPECT_EQ(variant_skeleton("غوتيريش"), variant_skeleton("غوتيريس"));
  EXPECT_EQ(variant_skeleton("انجليز"), variant_skeleton("انكليزي"));
  EXPECT_EQ(variant_skeleton("ترامب"), "ترمب");
  EXPECT_NE(variant_skeleton("ترامب"), variant_skeleton("تراكب"));
  EXPECT_EQ(variant_skeleton("trump"), "");  // not Arabic letters
}

// A small vocabulary: two names spelled two ways in like contexts, one pair on a skeleton whose
// contexts differ, one pair of dictionary words, one pair listed as an exception.
VariantInputs synthetic_inputs() {
  VariantInputs inputs;
  for (const char* stem : {"ترامب", "ترمب", "غوتيريش", "غوتيريس", "سلامو", "سلمو", "كتاب", "كتيب",
                           "مارسيل", "مرسيل", "نادر"}) {
    inputs.vocabulary[stem] = 50;
  }
  inputs.vocabulary["نتنياهو"] = 3;  // too rare
  inputs.vocabulary["نتانياهو"] = 3;
  const VariantContext politics{{"رئيس", 2.0}, {"ابيض", 3.0}, {"انتخاب", 2.5}};
  const VariantContext diplomacy{{"امم", 3.0}, {"متحد", 2.0}, {"امين", 2.5}};
  const VariantContext football{{"مباراه", 3.0}, {"هدف", 2.0}, {"دوري", 2.5}};
  inputs.context_of = [=](const std::string& stem) -> VariantContext {
    if (stem == "ترامب" || stem == "ترمب" || stem == "سلامو") return politics;
    if (stem == "غوتيريش" || stem == "غوتيريس" || stem == "مرسيل") return diplomacy;
    return football;  // سلمو, كتاب, كتيب, مارسيل, نادر, ...
  };
  inputs.is_dictionary_word = [](const std::string& stem) {
    return stem == "كتاب" || stem == "كتيب";
  };
  inputs.exceptions = {{"مارسيل", "مرسيل"}};
  return inputs;
}

TEST(LearnVariantPairs, PairsSpellingsInLikeContextsOnly) {
  const std::vector<StemPair> pairs = learn_variant_pairs(synthetic_inputs());
  const std::vector<StemPair> expected{{"ترامب", "ترمب"}, {"غوتيريس", "غوتيريش"}};
  EXPECT_EQ(pairs, expected);
}

TEST(LearnVariantPairs, ExceptionsStopAPairTheContextsWouldMake) {
  VariantInputs inputs = synthetic_inputs();
  inputs.exceptions.clear();
  auto football_for_marcel = inputs.context_of;
  inputs.context_of = [football_for_marcel](const std::string& stem) {
    return football_for_marcel(stem == "مرسيل" ? std::string("مارسيل") : stem);
  };
  const std::vector<StemPair> without = learn_variant_pairs(inputs);
  EXPECT_NE(std::find(without.begin(), without.end(), StemPair{"مارسيل", "مرسيل"}), without.end());
  inputs.exceptions = {{"مارسيل", "مرسيل"}};
  const std::vector<StemPair> with = learn_variant_pairs(inputs);
  EXPECT_EQ(std::find(with.begin(), with.end(), StemPair{"مارسيل", "مرسيل"}), with.end());
}

TEST(VariantExceptions, ShippedFileParsesToStemPairs) {
  for (const StemPair& pair : variant_exceptions(Analyzer::make(StemmerKind::light))) {
    EXPECT_LT(pair.first, pair.second);
  }
}

}  // namespace
}  // namespace bahth::index
