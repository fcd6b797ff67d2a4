#include "search/transliteration.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "bahth/stemmers.h"
#include "schema/schema.h"

namespace bahth::search {
namespace {

using Words = std::vector<std::string>;

// An index's stem terms, each in `docs` documents of its own, and the learned pairs.
class ExonymMatches : public ::testing::Test {
 protected:
  void SetUp() override {
    add("حلب", 30);
    add("امريكا", 40);
    add("اميركا", 20);
    add("امريكي", 50);
    add("امريكان", 10);
    add("امريكاني", 5);
    add("مغرب", 1);  // too rare to search
    // امريكا's learned group has four stems: with اميركا, more than a Latin word is searched with.
    const Words group{"امريكا", "امريكان", "امريكاني", "امريكي"};
    for (const std::string& stem : group) {
      Words others;
      for (const std::string& other : group) {
        if (other != stem) others.push_back(other);
      }
      db_.set_metadata(schema::variant_key(stem), schema::encode_variants(others));
    }
  }
  void add(const std::string& stem, int docs) {
    for (int i = 0; i < docs; ++i) {
      Xapian::Document doc;
      doc.add_term(std::string(schema::kStemPrefix) + stem);
      db_.add_document(doc);
    }
  }
  Words matches(const std::string& latin, Words& shown) const {
    return transliteration_matches(latin, db_, analysis_.analyzer(), shown);
  }

  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Analysis analysis_{StemmerKind::light};
};

TEST_F(ExonymMatches, ANameOfTheTableIsSearchedWithItsSpellingsAndShownAsTheTableWritesThem) {
  Words shown;
  EXPECT_EQ(matches("aleppo", shown), Words{"حلب"});
  EXPECT_EQ(shown, Words{"حلب"});
  // Both of the table's spellings, then what the index learned for them within
  // kMaxTransliterationMatches (not امريكي: the group's first stems fill it); most articles
  // first.
  ASSERT_EQ(kMaxTransliterationMatches, 4U);
  EXPECT_EQ(matches("america", shown), (Words{"امريكا", "اميركا", "امريكان", "امريكاني"}));
  EXPECT_EQ(shown, (Words{"أمريكا", "أميركا"}));
}

TEST_F(ExonymMatches, ASpellingTheIndexHoldsRarelyIsNotSearched) {
  Words shown{"stale"};
  EXPECT_TRUE(matches("morocco", shown).empty());  // المغرب in one article: a chance
  EXPECT_TRUE(shown.empty());
  EXPECT_TRUE(exonym_matches("facebook", db_, analysis_.analyzer(), 2, shown).empty());
}

}  // namespace
}  // namespace bahth::search
