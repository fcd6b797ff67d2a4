#include "search/transliteration.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/stemmers.h"
#include "schema/schema.h"

namespace bahth::search {
namespace transliteration_test {
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

// An index of articles holding `words` (stems) at positions 1, 2... or, with `apart`, with
// five positions between each, so that the words are there but not as a phrase.
class PhraseExonyms : public ::testing::Test {
 protected:
  void add(const Words& words, int docs, bool apart = false) {
    for (int i = 0; i < docs; ++i) {
      Xapian::Document doc;
      Xapian::termpos position = 1;
      for (const std::string& word : words) {
        doc.add_posting(std::string(schema::kStemPrefix) + word, position);
        position += apart ? 5 : 1;
      }
      db_.add_document(doc);
    }
  }
  std::string stems_of(const std::string& arabic) const {
    std::string joined;
    for (const std::string& stem : analysis_.analyzer().stems(arabic)) {
      joined += (joined.empty() ? "" : " ") + stem;
    }
    return joined;
  }
  Words stems_list(const std::string& arabic) const { return analysis_.analyzer().stems(arabic); }
  Words matches(const std::string& latin, Words& shown) const {
    return transliteration_matches(latin, db_, analysis_.analyzer(), shown);
  }

  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Analysis analysis_{StemmerKind::light};
};

TEST_F(PhraseExonyms, ANameOfTwoArabicWordsIsMatchedAsTheirPhrase) {
  add(stems_list("حزب الله"), 3);
  add(stems_list("حزب الله"), 6, /*apart=*/true);  // both words, not together
  Words shown;
  EXPECT_EQ(matches("hezbollah", shown), Words{stems_of("حزب الله")});
  EXPECT_EQ(shown, Words{"حزب الله"});
  EXPECT_EQ(spelling_docs(db_, stems_of("حزب الله"), 100), 3U);  // counted: fewer than 100
}

TEST_F(PhraseExonyms, APhraseInOneArticleIsNotSearchedHoweverCommonItsWords) {
  add(stems_list("رام الله"), 1);
  add(stems_list("رام الله"), 20, /*apart=*/true);
  Words shown{"stale"};
  EXPECT_TRUE(matches("ramallah", shown).empty());
  EXPECT_TRUE(shown.empty());
}

TEST_F(PhraseExonyms, OneOrTwoWordSpellingsAreSearchedTogetherMostArticlesFirst) {
  add(stems_list("عبد الله"), 4);
  add(stems_list("عبدالله"), 7);
  Words shown;
  EXPECT_EQ(matches("abdullah", shown), (Words{stems_of("عبدالله"), stems_of("عبد الله")}));
  EXPECT_EQ(shown, (Words{"عبد الله", "عبدالله"}));  // as the table lists them
}

TEST_F(PhraseExonyms, TheLatinWordIsSearchedWithThePhraseAsOneWord) {
  add(stems_list("حزب الله"), 3);
  const Xapian::Query typed(std::string(schema::kStemPrefix) + "hezbollah");
  std::vector<Transliteration> found;
  const Xapian::Query query = with_transliterations(typed, db_, analysis_.analyzer(), found);
  ASSERT_EQ(query.get_type(), Xapian::Query::OP_SYNONYM);
  ASSERT_EQ(query.get_num_subqueries(), 2U);
  EXPECT_EQ(query.get_subquery(0).get_description(), typed.get_description());
  const Xapian::Query phrase = query.get_subquery(1);
  EXPECT_EQ(phrase.get_type(), Xapian::Query::OP_PHRASE);
  EXPECT_EQ(phrase.get_description(),
            spelling_query(schema::kStemPrefix, stems_of("حزب الله")).get_description());
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found.front().word, "hezbollah");
  // Found in the index: three articles, none of them elsewhere.
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 3U);
}

// Abdelmalek is no line of the exonym table: its compound (عبد and a stem close to "malek") is
// found as the phrase the index holds, not عبد or ملك alone.
TEST_F(PhraseExonyms, ACompoundNameOutsideTheTableIsFoundAsItsPhrase) {
  add(stems_list("عبد الملك"), 3);
  add(stems_list("عبد الملك"), 10, /*apart=*/true);
  add(stems_list("الملك"), 30);
  Words shown;
  EXPECT_EQ(matches("abdelmalek", shown), Words{stems_of("عبد الملك")});
  EXPECT_TRUE(shown.empty());  // not the table's: the note shows the stems
  // Held in one article only, the phrase is not searched.
  Xapian::WritableDatabase rare(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  Xapian::termpos position = 1;
  for (const std::string& stem : stems_list("عبد الملك")) {
    doc.add_posting(std::string(schema::kStemPrefix) + stem, position++);
  }
  rare.add_document(doc);
  for (int i = 0; i < 5; ++i) {  // its words, each common enough alone
    for (const std::string& stem : stems_list("عبد الملك")) {
      Xapian::Document alone;
      alone.add_posting(std::string(schema::kStemPrefix) + stem, 1);
      rare.add_document(alone);
    }
  }
  EXPECT_TRUE(transliteration_matches("abdelmalek", rare, analysis_.analyzer(), shown).empty());
}

// The stemmer cuts كوربين to كورب as it cuts a plural's ending, so no key of the rendering
// (كوربين) finds it; the rendering's own stem does, the index holding the rendering as written,
// and not the words sharing its letters (قرب).
TEST_F(PhraseExonyms, ANameTheStemmerCutsIsFoundByItsRenderingsStem) {
  ASSERT_EQ(stems_of("كوربين"), "كورب");
  for (int i = 0; i < 5; ++i) {
    Xapian::Document doc;
    doc.add_posting(std::string(schema::kStemPrefix) + "كورب", 1);
    doc.add_term("كوربين");  // the exact word, as bahth indexes it beside the stem
    db_.add_document(doc);
  }
  add(stems_list("قرب"), 500);
  Words shown;
  EXPECT_EQ(matches("corbyn", shown), Words{"كورب"});
}

// The OR the parser makes of typed words, each its stem term at its position.
Xapian::Query typed_words(const Words& words) {
  std::vector<Xapian::Query> terms;
  Xapian::termpos position = 1;
  for (const std::string& word : words) {
    terms.emplace_back(std::string(schema::kStemPrefix) + word, 1, position++);
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::size_t matching(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  return enquire.get_mset(0, 100).size();
}

// Abu Dhabi typed as two words is one name of the table: one word of the query, the phrase
// أبو ظبي or the Latin words as typed (an article printing them), not ابو and ظبي apart.
TEST_F(PhraseExonyms, LatinWordsInARowThatNameOneThingAreOneWord) {
  add(stems_list("أبو ظبي"), 3);
  add(stems_list("أبو ظبي"), 6, /*apart=*/true);
  add({"abu", "dhabi"}, 1);  // printed in Latin letters
  std::vector<Transliteration> found;
  const Xapian::Query query =
      with_transliterations(typed_words({"abu", "dhabi"}), db_, analysis_.analyzer(), found);
  // One word left: Xapian makes the OR of it the word itself.
  const Xapian::Query& name = query;
  ASSERT_EQ(name.get_type(), Xapian::Query::OP_SYNONYM);
  ASSERT_EQ(name.get_num_subqueries(), 2U);
  EXPECT_EQ(name.get_subquery(0).get_type(), Xapian::Query::OP_PHRASE);  // as typed
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found.front().word, "abu dhabi");
  EXPECT_EQ(found.front().shown, Words{"أبو ظبي"});
  EXPECT_EQ(matching(db_, query), 4U);  // the phrase's three and the Latin one
}

// Mohammed bin Salman: the particle and the name after it are the phrase بن سلمان (the table's
// spelling of Salman, which no key of "salman" finds once stemmed), Mohammed a word of its own.
TEST_F(PhraseExonyms, AParticleAndANameAreThePhraseOfTheirArabicWords) {
  add(stems_list("محمد بن سلمان"), 4);
  add(stems_list("بن سالم"), 8);
  std::vector<Transliteration> found;
  const Xapian::Query query = with_transliterations(typed_words({"mohammed", "bin", "salman"}), db_,
                                                    analysis_.analyzer(), found);
  ASSERT_EQ(query.get_num_subqueries(), 2U);
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0].word, "mohammed");  // in the order typed
  EXPECT_EQ(found[1].word, "bin salman");
  EXPECT_EQ(found[1].matches, Words{stems_of("بن سلمان")});
  EXPECT_EQ(found[1].shown, Words{"بن سلمان"});
}

// A name whose words the index holds in no phrase: its words are searched each on its own.
TEST_F(PhraseExonyms, ANameWithoutMatchesLeavesItsWordsAlone) {
  add(stems_list("بكر"), 5);
  std::vector<Transliteration> found;
  const Xapian::Query query =
      with_transliterations(typed_words({"abu", "bakr"}), db_, analysis_.analyzer(), found);
  EXPECT_EQ(query.get_num_subqueries(), 2U);
}

// Abu Dhabi in an index that holds no أبو ظبي (the README's sample): its words as typed, not
// Dhabi alone read as دبي (Dubai, which the rules find for it) nor bin Salman's Salman as سلمان.
TEST_F(PhraseExonyms, APartOfANameWithoutMatchesIsNotTransliteratedAlone) {
  add(stems_list("دبي"), 20);
  add(stems_list("سلمان"), 20);
  std::vector<Transliteration> found;
  with_transliterations(typed_words({"dhabi"}), db_, analysis_.analyzer(), found);
  ASSERT_EQ(found.size(), 1U);  // alone, the rules read دبي for it
  EXPECT_EQ(found.front().matches, Words{"دبي"});
  found.clear();
  for (const Words& typed : {Words{"abu", "dhabi"}, Words{"bin", "salman"}}) {
    const Xapian::Query query =
        with_transliterations(typed_words(typed), db_, analysis_.analyzer(), found);
    EXPECT_EQ(query.get_description(), typed_words(typed).get_description());
    EXPECT_EQ(matching(db_, query), 0U);
  }
  EXPECT_TRUE(found.empty());
}

// Salah al-Din, which the parser reads as a word and a phrase: the one name صلاح الدين.
TEST_F(PhraseExonyms, AWordAndAHyphenatedPairAreReadAsOneName) {
  add(stems_list("صلاح الدين"), 4);
  add(stems_list("صالح"), 40);
  const std::vector<Xapian::Query> pair{Xapian::Query("Zal", 1, 2), Xapian::Query("Zdin", 1, 3)};
  const std::vector<Xapian::Query> words{
      Xapian::Query("Zsalah", 1, 1),
      Xapian::Query(Xapian::Query::OP_PHRASE, pair.begin(), pair.end(), 2)};
  std::vector<Transliteration> found;
  const Xapian::Query query =
      with_transliterations(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()), db_,
                            analysis_.analyzer(), found);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found.front().word, "salah al din");
  EXPECT_EQ(found.front().matches, Words{stems_of("صلاح الدين")});
  EXPECT_EQ(matching(db_, query), 4U) << query.get_description();
}

// al-Assad, which the parser reads as a phrase of its typed words: the phrase or الأسد.
TEST_F(PhraseExonyms, AHyphenatedNameIsItsPhraseOrItsArabicSpelling) {
  add(stems_list("الأسد"), 5);
  const std::vector<Xapian::Query> typed{Xapian::Query("al", 1, 1), Xapian::Query("assad", 1, 2)};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, typed.begin(), typed.end(), 2);
  std::vector<Transliteration> found;
  const Xapian::Query query = with_transliterations(phrase, db_, analysis_.analyzer(), found);
  ASSERT_EQ(query.get_type(), Xapian::Query::OP_SYNONYM);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found.front().word, "al assad");
  EXPECT_EQ(matching(db_, query), 5U);
}

// An index as bahth writes one: each word of a text as its stem at its position and its exact
// normalized form (unprefixed, no position). The wrong look-alike of each name below is in more
// articles than the name (latin3: found on the BBC index and both corpora).
class LookAlikes : public ::testing::Test {
 protected:
  void add(const std::string& text, int docs) {
    for (int i = 0; i < docs; ++i) {
      Xapian::Document doc;
      TermStream terms(analysis_.analyzer(), text);
      while (terms.next()) {
        doc.add_posting(std::string(schema::kStemPrefix).append(terms.term().stem),
                        terms.term().position + 1);
        doc.add_term(std::string(terms.term().normalized));
      }
      db_.add_document(doc);
    }
  }
  std::string stems_of(const std::string& arabic) const {
    std::string joined;
    for (const std::string& stem : analysis_.analyzer().stems(arabic)) {
      joined += (joined.empty() ? "" : " ") + stem;
    }
    return joined;
  }
  Words matches(const std::string& latin) const {
    Words shown;
    return transliteration_matches(latin, db_, analysis_.analyzer(), shown);
  }
  // What the words typed in a row (the parser's OR) were searched with, word by word.
  std::vector<Transliteration> found(const Words& typed) const {
    std::vector<Transliteration> out;
    with_transliterations(typed_words(typed), db_, analysis_.analyzer(), out);
    return out;
  }

  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Analysis analysis_{StemmerKind::light};
};

// Theresa: an s between vowels is ز as often as س (تيريزا), th is ت, and ترسانة (stem ترس, a
// common word seldom bare) is no spelling of her.
TEST_F(LookAlikes, TheresaIsTeriza) {
  ASSERT_EQ(stems_of("ترسانة"), "ترس");
  add("تيريزا ماي", 20);
  add("ترسانة صواريخ", 60);
  add("ترس", 2);
  EXPECT_EQ(matches("theresa"), Words{"تيريزا"});
}

// Theresa May: May (one consonant, alone no key) is ماي where it follows تيريزا in the index,
// not مايو, the month, though in more articles.
TEST_F(LookAlikes, TwoLatinWordsAreTheNameTheIndexHoldsInThatOrder) {
  add("تيريزا ماي", 20);
  add("شهر مايو", 80);
  const std::vector<Transliteration> t = found({"theresa", "may"});
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t[0].word, "theresa");
  EXPECT_EQ(t[0].matches, Words{"تيريزا"});
  EXPECT_EQ(t[1].word, "may");
  EXPECT_EQ(t[1].matches, Words{"ماي"});
}

// Mohamed Salah: صلاح, which follows محمد in the index, not صالح (لصالح, "in favour of") nor
// سلاح (السلاح, "the weapon"), each in more articles.
TEST_F(LookAlikes, MohamedSalahIsSalahNotSalehNorTheWeapon) {
  add("محمد صلاح", 30);
  add("لصالح الفريق", 70);
  add("صالح", 10);
  add("السلاح النووي", 70);
  add("سلاح", 10);
  const std::vector<Transliteration> t = found({"mohamed", "salah"});
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t[1].word, "salah");
  EXPECT_EQ(t[1].matches, Words{"صلاح"});
  // Alone too: its stressed a is long in صلاح, and صالح and سلاح are common words seldom bare.
  EXPECT_EQ(matches("salah"), Words{"صلاح"});
}

// Boris: بوريس writes both vowels; برس (فرانس برس), in six times the articles, writes neither.
TEST_F(LookAlikes, BorisIsNotPress) {
  add("بوريس جونسون", 10);
  add("فرانس برس", 60);
  EXPECT_EQ(matches("boris"), Words{"بوريس"});
}

// Abu Bakr: the phrase أبو بكر, not أبو الباقر, a name met by chance in few articles though
// الباقر is in more than بكر.
TEST_F(LookAlikes, AbuBakrIsThePhraseTheIndexHoldsMost) {
  add("أبو بكر البغدادي", 20);
  add("أبو الباقر", 3);
  add("الباقر", 40);
  const std::vector<Transliteration> t = found({"abu", "bakr"});
  ASSERT_EQ(t.size(), 1U);
  EXPECT_EQ(t[0].word, "abu bakr");
  EXPECT_EQ(t[0].matches, Words{stems_of("أبو بكر")});
}

// Salah al-Din: the phrase صلاح الدين, not سلاح ديني (a religious weapon), met by chance.
TEST_F(LookAlikes, SalahAlDinIsNotAReligiousWeapon) {
  add("محافظة صلاح الدين", 20);
  add("سلاح ديني", 3);
  add("السلاح", 60);
  const std::vector<Transliteration> t = found({"salah", "al", "din"});
  ASSERT_EQ(t.size(), 1U);
  EXPECT_EQ(t[0].word, "salah al din");
  EXPECT_EQ(t[0].matches, Words{stems_of("صلاح الدين")});
}

// Sheikh Zuweid: a pair's phrases are scored by both words' distances, not by their articles
// alone: الشيخ زويد, not الشيخ زايد (Sheikh Zayed), in more articles but a spelling further off.
TEST_F(LookAlikes, APairIsThePhraseOfTheCloserSpellingsNotTheMostHeld) {
  add("مدينة الشيخ زويد", 8);
  add("مسجد الشيخ زايد", 12);
  const std::vector<Transliteration> t = found({"sheikh", "zuweid"});
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t[1].word, "zuweid");
  EXPECT_EQ(t[1].matches, Words{"زويد"});
}

// Sadio Mane: a function word (من, in nearly every article, so in a phrase after anything) is
// no name's spelling in a pair; ساديو ماني, the name the stemmer cuts to مان, is.
TEST_F(LookAlikes, AFunctionWordIsNoSpellingOfAPairsName) {
  ASSERT_EQ(stems_of("ماني"), "مان");
  add("ساديو ماني", 4);
  add("السيادة من الداخل", 40);
  add("من البيت", 200);
  const std::vector<Transliteration> t = found({"sadio", "mane"});
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t[0].matches, Words{"ساديو"});
  EXPECT_EQ(t[1].matches, Words{"مان"});
}

// Hassan: the rendering cut by the stemmer (هاسان → هاس) is the name only when the index holds
// the rendering itself; here هاس is the stem of هاسون, another name, and the name is حسن.
TEST_F(LookAlikes, AStemOfTheRenderingTheIndexNeverWritesIsNoMatch) {
  ASSERT_EQ(stems_of("هاسون"), "هاس");
  add("حسن", 60);
  add("هاسون", 6);
  const Words m = matches("hassan");
  EXPECT_NE(std::find(m.begin(), m.end(), "حسن"), m.end());
  EXPECT_EQ(std::find(m.begin(), m.end(), "هاس"), m.end());
}

// Hasakah, Nusra: a name ending in a or ah may be a word of the language whose ة the stemmer cut
// (الحسكة → حسك, النصرة → نصر): measured as that feminine form, which the index holds after ال,
// and that form written bare.
TEST_F(LookAlikes, ANameEndingInAIsAStemWhoseFeminineEndingWasCut) {
  ASSERT_EQ(stems_of("الحسكة"), "حسك");
  ASSERT_EQ(stems_of("النصرة"), "نصر");
  add("محافظة الحسكة", 20);
  add("هويسكا", 6);
  EXPECT_EQ(matches("hasakah"), Words{"حسك"});
  add("جبهة النصرة", 40);
  add("نسور", 30);
  add("الناصر", 20);
  const Words nusra = matches("nusra");
  ASSERT_FALSE(nusra.empty());
  EXPECT_EQ(nusra.front(), "نصر");
}

TEST(TypedForm, ANameOfSeveralWordsIsFoundWithTheMarksTypedBetween) {
  EXPECT_EQ(typed_form("Bashar al-Assad", "al assad"), "al-Assad");
  EXPECT_EQ(typed_form("hotels Abu  Dhabi", "abu dhabi"), "Abu  Dhabi");
  EXPECT_EQ(typed_form("Trump visit", "trump"), "Trump");
  EXPECT_EQ(typed_form("abudhabi", "abu dhabi"), "abu dhabi");  // not typed so: the word
}

TEST(SpellingQuery, AOneWordMatchIsItsTermAndASeveralWordOneThePhraseOfTheirTerms) {
  EXPECT_EQ(spelling_query("Z", "حلب").get_description(), Xapian::Query("Zحلب").get_description());
  const Xapian::Query phrase = spelling_query("ZS", "رام الله");
  EXPECT_EQ(phrase.get_type(), Xapian::Query::OP_PHRASE);
  ASSERT_EQ(phrase.get_num_subqueries(), 2U);
  EXPECT_EQ(*phrase.get_subquery(0).get_terms_begin(), "ZSرام");
  EXPECT_EQ(*phrase.get_subquery(1).get_terms_begin(), "ZSالله");
}

}  // namespace
}  // namespace transliteration_test
}  // namespace bahth::search
