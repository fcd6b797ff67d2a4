#include "index/variant_learner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "bahth/edit_distance.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth::index {
namespace variant_learner_test {
namespace {

TEST(VariantSkeleton, DropsLongVowelsAndMergesSwappedLetters) {
  EXPECT_EQ(variant_skeleton("ترامب"), variant_skeleton("ترمب"));
  EXPECT_EQ(variant_skeleton("غوتيريش"), variant_skeleton("غوتيريس"));
  EXPECT_EQ(variant_skeleton("انجليز"), variant_skeleton("انكليزي"));
  EXPECT_EQ(variant_skeleton("ترامب"), "ترمب");
  EXPECT_NE(variant_skeleton("ترامب"), variant_skeleton("تراكب"));
  EXPECT_EQ(variant_skeleton("trump"), "");  // not Arabic letters
}

// A context of made-up stems, by number: {term, weight}, sorted.
using Context = VariantContext;

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
  const Context politics{{1, 2.0F}, {2, 3.0F}, {3, 2.5F}};   // رئيس ابيض انتخاب
  const Context diplomacy{{4, 3.0F}, {5, 2.0F}, {6, 2.5F}};  // امم متحد امين
  const Context football{{7, 3.0F}, {8, 2.0F}, {9, 2.5F}};   // مباراه هدف دوري
  inputs.contexts_of = [=](const std::vector<std::string>& stems) {
    VariantContexts out;
    for (const std::string& stem : stems) {
      if (stem == "ترامب" || stem == "ترمب" || stem == "سلامو") {
        out[stem] = politics;
      } else if (stem == "غوتيريش" || stem == "غوتيريس" || stem == "مرسيل") {
        out[stem] = diplomacy;
      } else {
        out[stem] = football;  // سلمو, كتاب, كتيب, مارسيل, نادر, ...
      }
    }
    return out;
  };
  inputs.is_dictionary_word = [](const std::string& stem) {
    return stem == "كتاب" || stem == "كتيب";
  };
  inputs.exceptions = {{"مارسيل", "مرسيل"}};
  return inputs;
}

TEST(VariantSimilarity, IsTheCosineOfTheContexts) {
  const Context a{{1, 1.0F}, {2, 1.0F}};
  const Context b{{2, 1.0F}, {3, 1.0F}};
  EXPECT_NEAR(variant_similarity(a, b), 0.5, 1e-9);
  EXPECT_NEAR(variant_similarity(a, a), 1.0, 1e-9);
  EXPECT_EQ(variant_similarity(a, Context{}), 0);
}

TEST(LearnVariantPairs, PairsSpellingsInLikeContextsOnly) {
  const std::vector<StemPair> pairs = learn_variant_pairs(synthetic_inputs());
  const std::vector<StemPair> expected{{"ترامب", "ترمب"}, {"غوتيريس", "غوتيريش"}};
  EXPECT_EQ(pairs, expected);
}

TEST(LearnVariantPairs, BatchesOfContextsLearnWhatOneReadDoes) {
  VariantInputs inputs = synthetic_inputs();
  std::vector<std::vector<std::string>> asked;
  auto contexts_of = inputs.contexts_of;
  inputs.contexts_of = [&asked, contexts_of](const std::vector<std::string>& stems) {
    asked.push_back(stems);
    return contexts_of(stems);
  };
  const std::vector<StemPair> at_once = learn_variant_pairs(inputs);
  ASSERT_EQ(asked.size(), 1u);
  asked.clear();
  const std::vector<StemPair> one_pair_a_batch = learn_variant_pairs(inputs, 1);
  EXPECT_EQ(one_pair_a_batch, at_once);
  // One batch for each skeleton with a candidate pair: ترامب/ترمب, غوتيريش/غوتيريس, سلامو/سلمو
  // (كتاب/كتيب are dictionary words, مارسيل/مرسيل an exception), each asking for its two stems.
  ASSERT_EQ(asked.size(), 3u);
  for (const auto& stems : asked) EXPECT_EQ(stems.size(), 2u);
}

TEST(LearnVariantPairs, ExceptionsStopAPairTheContextsWouldMake) {
  VariantInputs inputs = synthetic_inputs();
  inputs.exceptions.clear();
  auto football_for_marcel = inputs.contexts_of;
  inputs.contexts_of = [football_for_marcel](const std::vector<std::string>& stems) {
    VariantContexts out = football_for_marcel(stems);
    if (out.count("مرسيل") != 0) out["مرسيل"] = football_for_marcel({"مارسيل"}).at("مارسيل");
    return out;
  };
  const std::vector<StemPair> without = learn_variant_pairs(inputs);
  EXPECT_NE(std::find(without.begin(), without.end(), StemPair{"مارسيل", "مرسيل"}), without.end());
  inputs.exceptions = {{"مارسيل", "مرسيل"}};
  const std::vector<StemPair> with = learn_variant_pairs(inputs);
  EXPECT_EQ(std::find(with.begin(), with.end(), StemPair{"مارسيل", "مرسيل"}), with.end());
}

TEST(EditDistanceWithTranspositions, CountsASwapOfNeighboursAsOneEdit) {
  EXPECT_EQ(edit_distance_with_transpositions(std::u16string_view(u"امريكا"),
                                              std::u16string_view(u"اميركا")),
            1U);
  EXPECT_EQ(edit_distance(std::u16string_view(u"امريكا"), std::u16string_view(u"اميركا")), 2U);
  EXPECT_EQ(edit_distance_with_transpositions(std::u16string_view(u"امريك"),
                                              std::u16string_view(u"اميركي")),
            2U);
  EXPECT_EQ(edit_distance_with_transpositions(std::u16string_view(u"ترامب"),
                                              std::u16string_view(u"ترمب")),
            1U);
  EXPECT_EQ(
      edit_distance_with_transpositions(std::u16string_view(u""), std::u16string_view(u"ترمب")),
      4U);
}

// Stems that all share one context: only the checks before the contexts tell them apart.
VariantInputs same_context_inputs(const std::vector<const char*>& stems) {
  VariantInputs inputs;
  for (const char* stem : stems) inputs.vocabulary[stem] = 50;
  inputs.contexts_of = [](const std::vector<std::string>& asked) {
    VariantContexts out;
    for (const std::string& stem : asked) out[stem] = VariantContext{{1, 1.0F}, {2, 1.0F}};
    return out;
  };
  inputs.is_dictionary_word = [](const std::string&) { return false; };
  return inputs;
}

TEST(LearnVariantPairs, EndingsAndDistantNamesAreNotSpellings) {
  // مختف/مختفي and سياس/سياسيا are one word with two endings; استهدف/استهداف a verb and its
  // noun; جونغ/كانغ are two names two edits apart on four letters; جيوفاني/كافاني three apart.
  const std::vector<StemPair> pairs = learn_variant_pairs(
      same_context_inputs({"مختف", "مختفي", "سياس", "سياسيا", "استهدف", "استهداف", "جونغ", "كانغ",
                           "جيوفاني", "كافاني", "امريك", "اميركي"}));
  const std::vector<StemPair> expected{{"امريك", "اميركي"}};
  EXPECT_EQ(pairs, expected);
}

TEST(LearnVariantPairs, SpellingsOutletsSplitNeedLessAlikeContexts) {
  VariantInputs inputs;
  inputs.vocabulary = {{"امريك", 4000}, {"اميركي", 5000}};
  inputs.documents = 30000;  // chance predicts 667 articles with both
  inputs.contexts_of = [](const std::vector<std::string>& asked) {
    VariantContexts out;
    for (const std::string& stem : asked) {  // cosine 0.2
      out[stem] = stem == "امريك" ? VariantContext{{1, 1.0F}, {2, 2.0F}}
                                  : VariantContext{{1, 1.0F}, {3, 2.0F}};
    }
    return out;
  };
  inputs.is_dictionary_word = [](const std::string&) { return false; };
  Xapian::doccount together = 300;
  inputs.articles_with_both = [&together](const StemPair&) { return together; };
  EXPECT_EQ(learn_variant_pairs(inputs).size(), 1U);
  together = 500;  // nearly as often together as chance says: two words, not outlets' spellings
  EXPECT_TRUE(learn_variant_pairs(inputs).empty());
}

TEST(VariantExceptions, ShippedFileParsesToStemPairs) {
  for (const StemPair& pair : variant_exceptions(Analyzer::make(StemmerKind::light))) {
    EXPECT_LT(pair.first, pair.second);
  }
}

TEST(StoreSpellingVariants, EachStemListsItsPairsAndANewSetReplacesTheOld) {
  const testing::TempDir dir;  // glass: the in-memory backend lists no metadata keys
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  store_spelling_variants(db, {{"امريك", "اميركي"}, {"امريك", "امريكا"}, {"ترامب", "ترمب"}});
  EXPECT_EQ(schema::read_variants(db, "امريك"), (std::vector<std::string>{"اميركي", "امريكا"}));
  EXPECT_EQ(schema::read_variants(db, "اميركي"), std::vector<std::string>{"امريك"});
  EXPECT_EQ(schema::read_variants(db, "ترمب"), std::vector<std::string>{"ترامب"});
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaVariants)), "3");

  store_spelling_variants(db, {{"ترامب", "ترمب"}});  // a later run learned fewer
  EXPECT_TRUE(schema::read_variants(db, "امريك").empty());
  EXPECT_TRUE(schema::read_variants(db, "امريكا").empty());
  EXPECT_EQ(schema::read_variants(db, "ترامب"), std::vector<std::string>{"ترمب"});
  EXPECT_EQ(db.get_metadata(std::string(schema::kMetaVariants)), "1");
}

// A stem in fewer than kMinVariantDocs articles loses its pairs; its partners keep their others.
// An index of `count` documents from `first` on, each holding the stem terms of two names and of
// some words of its own (Arabic letters made from its number).
void add_documents(Xapian::WritableDatabase& db, int first, int count, bool names) {
  const std::string prefix(schema::kStemPrefix);
  for (int n = first; n < first + count; ++n) {
    Xapian::Document doc;
    if (names) {
      doc.add_term(prefix + (n % 2 == 0 ? "ترامب" : "ترمب"));
      doc.add_term(prefix + "البيت");
    }
    for (int k = 0; k < 40; ++k) {
      std::string word = "\xD8\xA8";  // ب, then letters from the document's number
      for (int v = n * 40 + k; v > 0; v /= 20) {
        word += "\xD8";
        word += static_cast<char>(0xA8 + v % 20);
      }
      doc.add_term(prefix + word);
    }
    db.add_document(doc);
  }
}

// A learn in the background reads the index while its writer commits: Xapian then discards the
// revision the reader began at, and every read reopens the database and reads again instead of
// failing (the articles sampled here are not changed, so their contexts are those read before).
TEST(VariantContextReader, ReadsOnWhenAWriterDiscardsItsRevision) {
  const testing::TempDir dir;
  const std::string path = dir / "db";
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  add_documents(writer, 0, 200, true);
  writer.commit();
  const Xapian::Database reader(path, Xapian::DB_BACKEND_GLASS);
  const auto frequencies = read_stem_frequencies(reader);
  const std::vector<std::string> stems{"ترامب", "ترمب"};
  const VariantContextReader before(reader, frequencies);
  const VariantContextReader after(reader, frequencies);
  const VariantContexts expected = before.read(stems);
  ASSERT_FALSE(expected.at("ترامب").empty());
  for (int commit = 0; commit < 5; ++commit) {
    add_documents(writer, 1000 + commit * 300, 300, false);
    writer.commit();
  }
  EXPECT_EQ(after.read(stems), expected);
  EXPECT_GT(read_stem_frequencies(reader).size(), frequencies.size());
}

// A second thread reading half of the sampled articles (from a reader of its own) gives the
// contexts one thread does, to the bit.
TEST(VariantContextReader, TwoThreadsReadTheContextsOneDoes) {
  const testing::TempDir dir;
  const std::string path = dir / "db";
  {
    Xapian::WritableDatabase writer(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    add_documents(writer, 0, 200, true);
    writer.commit();
  }
  const Xapian::Database db(path, Xapian::DB_BACKEND_GLASS);
  const auto frequencies = read_stem_frequencies(db);
  std::vector<std::string> stems;
  for (const auto& [stem, frequency] : frequencies) stems.push_back(stem);
  ASSERT_GT(stems.size(), 100u);
  VariantReading two;
  two.min_articles_for_two_threads = 1;
  int opened = 0;
  two.open_reader = [&] {
    ++opened;
    return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
  };
  const VariantContexts one_thread = VariantContextReader(db, frequencies).read(stems);
  EXPECT_EQ(VariantContextReader(db, frequencies, two).read(stems), one_thread);
  EXPECT_EQ(opened, 1);
  EXPECT_FALSE(one_thread.at("ترامب").empty());
}

// The second reader is opened while a writer commits: an open that finds its revision discarded
// before it read the tables (DatabaseModifiedError) opens again, and the read goes on.
TEST(VariantContextReader, ASecondReaderWhoseRevisionWentIsOpenedAgain) {
  const testing::TempDir dir;
  const std::string path = dir / "db";
  {
    Xapian::WritableDatabase writer(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    add_documents(writer, 0, 200, true);
    writer.commit();
  }
  const Xapian::Database db(path, Xapian::DB_BACKEND_GLASS);
  const auto frequencies = read_stem_frequencies(db);
  std::vector<std::string> stems;
  for (const auto& [stem, frequency] : frequencies) stems.push_back(stem);
  VariantReading two;
  two.min_articles_for_two_threads = 1;
  int opened = 0;
  two.open_reader = [&] {
    if (++opened < 3) throw Xapian::DatabaseModifiedError("revision discarded");
    return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
  };
  const VariantContexts one_thread = VariantContextReader(db, frequencies).read(stems);
  EXPECT_EQ(VariantContextReader(db, frequencies, two).read(stems), one_thread);
  EXPECT_EQ(opened, 3);
}

}  // namespace
}  // namespace variant_learner_test
}  // namespace bahth::index
