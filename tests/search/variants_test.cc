#include "search/variants.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "schema/schema.h"

namespace bahth::search {
namespace variants_test {
namespace {

// An index's metadata as `bahth index` leaves it after learning ترامب/ترمب and امريك/اميركي.
Xapian::WritableDatabase variants_db() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.set_metadata(schema::variant_key("ترمب"), schema::encode_variants({"ترامب"}));
  db.set_metadata(schema::variant_key("ترامب"), schema::encode_variants({"ترمب"}));
  db.set_metadata(schema::variant_key("امريك"), schema::encode_variants({"اميركي", "امريكا"}));
  return db;
}

std::string expanded(const Xapian::Query& query) {
  return with_spelling_variants(query, variants_db()).get_description();
}

TEST(WithSpellingVariants, AStemWithVariantsBecomesOneSynonym) {
  EXPECT_EQ(expanded(Xapian::Query("Zترمب")), "Query((Zترامب SYNONYM Zترمب))");
  EXPECT_EQ(expanded(Xapian::Query("Zامريك")), "Query((Zامريك SYNONYM Zامريكا SYNONYM Zاميركي))");
}

TEST(WithSpellingVariants, WordsWithoutVariantsAndExactWordsStayAsTheyAre) {
  EXPECT_EQ(expanded(Xapian::Query("Zبكين")), "Query(Zبكين)");
  EXPECT_EQ(expanded(Xapian::Query("ترمب")), "Query(ترمب)");  // the exact word, unprefixed
  EXPECT_EQ(expanded(Xapian::Query("XOskynews")), "Query(XOskynews)");
}

TEST(WithSpellingVariants, AFieldsStemMeetsTheVariantInTheSameField) {
  EXPECT_EQ(expanded(Xapian::Query("ZSترمب")), "Query((ZSترامب SYNONYM ZSترمب))");
}

TEST(WithSpellingVariants, TheParsersOperatorsAreRebuiltAroundExpandedWords) {
  const Xapian::Query words(Xapian::Query::OP_OR, Xapian::Query("Zترمب"), Xapian::Query("Zبكين"));
  const Xapian::Query filtered(Xapian::Query::OP_FILTER, words, Xapian::Query("XOskynews"));
  const Xapian::Query without(Xapian::Query::OP_AND_NOT, filtered, Xapian::Query("Zامريك"));
  EXPECT_EQ(expanded(without),
            "Query(((((Zترامب SYNONYM Zترمب) OR Zبكين) FILTER XOskynews) AND_NOT "
            "(Zامريك SYNONYM Zامريكا SYNONYM Zاميركي)))");
}

TEST(WithSpellingVariants, PhrasesAreLeftAsTyped) {
  const std::vector<Xapian::Query> words{Xapian::Query("Zترمب", 1, 1),
                                         Xapian::Query("Zبكين", 1, 2)};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end());
  EXPECT_EQ(expanded(phrase), phrase.get_description());
}

// Pairs as the learner stores them on the two corpora: symmetric, not transitive.
void store_pairs(Xapian::WritableDatabase& db,
                 const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::map<std::string, std::vector<std::string>> variants;
  for (const auto& [one, other] : pairs) {
    variants[one].push_back(other);
    variants[other].push_back(one);
  }
  for (const auto& [stem, others] : variants) {
    db.set_metadata(schema::variant_key(stem), schema::encode_variants(others));
  }
}

TEST(VariantGroup, EveryStemOfAGroupGetsTheSameGroup) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  store_pairs(db, {{"امريكا", "اميركا"},
                   {"امريكا", "اميركي"},
                   {"امريكي", "اميركا"},
                   {"امريكي", "اميركي"},
                   {"اميركي", "امريكيا"},
                   {"ترامب", "ترمب"}});
  const std::vector<std::string> america{"امريكا", "امريكي", "امريكيا", "اميركا", "اميركي"};
  for (const std::string& stem : america) {
    EXPECT_EQ(variant_group(db, stem), america) << stem;
    EXPECT_EQ(with_spelling_variants(Xapian::Query("Z" + stem), db).get_description(),
              "Query((Zامريكا SYNONYM Zامريكي SYNONYM Zامريكيا SYNONYM Zاميركا SYNONYM Zاميركي))")
        << stem;
  }
  EXPECT_EQ(variant_group(db, "ترمب"), (std::vector<std::string>{"ترامب", "ترمب"}));
  EXPECT_EQ(variant_group(db, "بكين"), std::vector<std::string>{"بكين"});
}

TEST(VariantGroup, AChainLongerThanAGroupKeepsEachStemsOwnPairs) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::vector<std::pair<std::string, std::string>> chain;
  for (std::size_t i = 0; i < kMaxVariantGroupStems; ++i) {
    chain.emplace_back("s" + std::to_string(100 + i), "s" + std::to_string(101 + i));
  }
  store_pairs(db, chain);
  EXPECT_EQ(variant_group(db, "s105"), (std::vector<std::string>{"s104", "s105", "s106"}));
  EXPECT_EQ(variant_group(db, "s100"), (std::vector<std::string>{"s100", "s101"}));
  chain.pop_back();  // now exactly kMaxVariantGroupStems stems: one group
  Xapian::WritableDatabase fits(std::string(), Xapian::DB_BACKEND_INMEMORY);
  store_pairs(fits, chain);
  EXPECT_EQ(variant_group(fits, "s105").size(), kMaxVariantGroupStems);
  EXPECT_EQ(variant_group(fits, "s100"), variant_group(fits, "s115"));
}

TEST(WithSpellingVariants, AnIndexWithoutVariantsChangesNothing) {
  const Xapian::WritableDatabase empty(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("Zترمب"), Xapian::Query("Zبكين"));
  EXPECT_EQ(with_spelling_variants(query, empty).get_description(), query.get_description());
}

}  // namespace
}  // namespace variants_test
}  // namespace bahth::search
