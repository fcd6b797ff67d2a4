#include "search/variants.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "schema/schema.h"

namespace bahth::search {
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
  EXPECT_EQ(expanded(Xapian::Query("Zترمب")), "Query((Zترمب SYNONYM Zترامب))");
  EXPECT_EQ(expanded(Xapian::Query("Zامريك")), "Query((Zامريك SYNONYM Zاميركي SYNONYM Zامريكا))");
}

TEST(WithSpellingVariants, WordsWithoutVariantsAndExactWordsStayAsTheyAre) {
  EXPECT_EQ(expanded(Xapian::Query("Zبكين")), "Query(Zبكين)");
  EXPECT_EQ(expanded(Xapian::Query("ترمب")), "Query(ترمب)");  // the exact word, unprefixed
  EXPECT_EQ(expanded(Xapian::Query("XOskynews")), "Query(XOskynews)");
}

TEST(WithSpellingVariants, AFieldsStemMeetsTheVariantInTheSameField) {
  EXPECT_EQ(expanded(Xapian::Query("ZSترمب")), "Query((ZSترمب SYNONYM ZSترامب))");
}

TEST(WithSpellingVariants, TheParsersOperatorsAreRebuiltAroundExpandedWords) {
  const Xapian::Query words(Xapian::Query::OP_OR, Xapian::Query("Zترمب"), Xapian::Query("Zبكين"));
  const Xapian::Query filtered(Xapian::Query::OP_FILTER, words, Xapian::Query("XOskynews"));
  const Xapian::Query without(Xapian::Query::OP_AND_NOT, filtered, Xapian::Query("Zامريك"));
  EXPECT_EQ(expanded(without),
            "Query(((((Zترمب SYNONYM Zترامب) OR Zبكين) FILTER XOskynews) AND_NOT "
            "(Zامريك SYNONYM Zاميركي SYNONYM Zامريكا)))");
}

TEST(WithSpellingVariants, PhrasesAreLeftAsTyped) {
  const std::vector<Xapian::Query> words{Xapian::Query("Zترمب", 1, 1),
                                         Xapian::Query("Zبكين", 1, 2)};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end());
  EXPECT_EQ(expanded(phrase), phrase.get_description());
}

TEST(WithSpellingVariants, AnIndexWithoutVariantsChangesNothing) {
  const Xapian::WritableDatabase empty(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("Zترمب"), Xapian::Query("Zبكين"));
  EXPECT_EQ(with_spelling_variants(query, empty).get_description(), query.get_description());
}

}  // namespace
}  // namespace bahth::search
