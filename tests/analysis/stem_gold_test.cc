// Quality floor of the light stemmer on the stemming gold standard (Paice's UI and OI), computed
// exactly as /work/shared/data/stem-gold/score.py does. Bounds: Snowball's UI and Lucene's OI.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/word_prefilter.h"
#include "bahth/analyzer.h"

namespace bahth {
namespace stem_gold_test {
namespace {

constexpr const char* kGoldPath = BAHTH_SHARED_DATA_DIR "/stem-gold/groups.tsv";

std::uint64_t pairs(std::uint64_t n) { return n * (n - 1) / 2; }

TEST(StemGold, LightStemmerBeatsSnowballUiAndLuceneOi) {
  std::ifstream in(kGoldPath);
  if (!in) GTEST_SKIP() << "no gold file at " << kGoldPath;
  const auto stemmer = make_light_stemmer();

  // Each form is stemmed once (score.py keys stems by distinct form).
  std::vector<std::pair<std::string, std::vector<std::string>>> gold;  // lemma, forms
  std::map<std::string, std::string> stem_of;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::vector<std::string> forms;
    std::istringstream words(line.substr(tab + 1));
    for (std::string form; words >> form;) {
      if (!stem_of.contains(form)) {
        std::string s = normalize(form);
        stemmer->stem(s);
        stem_of.emplace(form, s);
      }
      forms.push_back(form);
    }
    gold.emplace_back(line.substr(0, tab), std::move(forms));
  }
  ASSERT_FALSE(gold.empty());

  std::uint64_t desired = 0, achieved = 0, total = 0, sum_sq = 0;
  std::map<std::string, std::map<std::size_t, std::uint64_t>> by_stem;  // stem -> lemma# -> forms
  for (std::size_t lemma = 0; lemma < gold.size(); ++lemma) {
    const auto& forms = gold[lemma].second;
    std::map<std::string, std::uint64_t> counts;
    for (const auto& f : forms) ++counts[stem_of.at(f)];
    desired += pairs(forms.size());
    for (const auto& [s, n] : counts) {
      achieved += pairs(n);
      by_stem[s][lemma] += n;
    }
    total += forms.size();
    sum_sq += forms.size() * forms.size();
  }
  const std::uint64_t non_desired = (total * total - sum_sq) / 2;
  std::uint64_t wrong = 0;
  for (const auto& [s, lemmas] : by_stem) {
    std::uint64_t n = 0, same = 0;
    for (const auto& [lemma, k] : lemmas) {
      n += k;
      same += pairs(k);
    }
    wrong += pairs(n) - same;
  }
  const double ui = 1.0 - static_cast<double>(achieved) / static_cast<double>(desired);
  const double oi = static_cast<double>(wrong) / static_cast<double>(non_desired);
  std::cout << "stem-gold " << stemmer->name() << ": UI=" << ui << " OI=" << oi
            << " merged_pairs=" << achieved << "/" << desired << " wrong_merges=" << wrong << "\n";
  EXPECT_LT(ui, 0.554);      // Snowball Arabic
  EXPECT_LT(oi, 0.0000705);  // Lucene ArabicStemmer
}

// Snippets skip stemming words that do not contain a query stem
// (WordStemmer::stems_are_substrings): checked here on every real word of the gold set, not only on
// the rule tests.
TEST(StemGold, LightStemsAreSubstringsOfTheirWords) {
  std::ifstream in(kGoldPath);
  if (!in) GTEST_SKIP() << "no gold file at " << kGoldPath;
  const auto stemmer = make_light_stemmer();
  ASSERT_TRUE(stemmer->stems_are_substrings());
  std::size_t words_checked = 0;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::istringstream words(line.substr(tab + 1));
    for (std::string form; words >> form;) {
      const std::string normalized = normalize(form);
      std::string stem = normalized;
      stemmer->stem(stem);
      ASSERT_NE(normalized.find(substring_of_words(stem)), std::string::npos)
          << form << " -> " << stem;
      // And the signature snippets use to skip a word before normalizing it covers the word.
      ASSERT_EQ(byte_signature(normalized) & ~normalized_byte_signature(form), 0u) << form;
      ++words_checked;
    }
  }
  EXPECT_GT(words_checked, 1000u);
}

}  // namespace
}  // namespace stem_gold_test
}  // namespace bahth
