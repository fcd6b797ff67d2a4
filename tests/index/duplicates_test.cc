// Near-duplicate signatures (schema/duplicates.h) and the groups the indexer derives from them.
#include "schema/duplicates.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/indexer.h"
#include "build_index.h"
#include "dedup_articles.h"
#include "index/duplicate_groups.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth {
namespace {

using testing::TempDir;

// The normalized words of `text`, as the indexer sees them.
std::vector<std::string> words(const std::string& text) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  std::vector<std::string> out;
  for (TermStream terms(analyzer, text); terms.next();) out.emplace_back(terms.term().normalized);
  return out;
}

std::string signature(const Article& article) {
  return schema::signature_of_words(words(article.title), words(article.body));
}

using testing::build_index;

// id → value of `slot`, for every article of the index.
std::map<std::string, std::string> values(const std::string& path, Xapian::valueno slot) {
  const Xapian::Database db(path);
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    out[schema::decode_stored_article(doc.get_data()).id] = doc.get_value(slot);
  }
  return out;
}

TEST(Signature, IsFixedSizeAndEmptyOnlyWithoutWords) {
  const std::string s = signature(testing::dedup_articles()[0]);
  EXPECT_TRUE(schema::is_signature(s));
  EXPECT_EQ(schema::signature_of_words({}, {}), "");
  EXPECT_TRUE(schema::is_signature(schema::signature_of_words({}, {"كلمة"})));
}

TEST(Signature, EstimatesHighForCopiesAndLowForOtherStories) {
  const auto a = testing::dedup_articles();
  const std::string flood = signature(a[0]);
  const auto self = schema::estimated_similarity(flood, flood);
  EXPECT_EQ(self.whole, 1.0);
  EXPECT_EQ(self.lead, 1.0);
  // The copies are candidates, and the exact check of their texts finds them copies.
  for (const Article& copy : {a[1], a[2]}) {
    EXPECT_TRUE(schema::is_candidate(schema::estimated_similarity(flood, signature(copy))));
    EXPECT_TRUE(schema::is_near_duplicate(
        schema::exact_similarity(index::article_shingles(a[0]), index::article_shingles(copy))));
  }
  // Same flood, other story; and an unrelated one.
  EXPECT_LT(schema::estimated_similarity(flood, signature(a[3])).whole, 0.1);
  EXPECT_LT(schema::estimated_similarity(flood, signature(a[4])).whole, 0.1);
  EXPECT_EQ(schema::estimated_similarity(flood, "").whole, 0.0);
}

// `n` distinct made-up Arabic words (three letters each, no digits: the tokenizer would split
// them), numbered from `from` (< 8000).
std::vector<std::string> made_up_words(int from, int n) {
  static const std::vector<std::string> kLetters{"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز",
                                                 "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق"};
  std::vector<std::string> out;
  for (int i = from; i < from + n; ++i) {
    out.push_back(kLetters[i / 400 % 20] + kLetters[i / 20 % 20] + kLetters[i % 20]);
  }
  return out;
}

std::string text_of(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out.append(out.empty() ? "" : " ").append(w);
  return out;
}

schema::Shingles shingles_of(const std::vector<std::string>& title,
                             const std::vector<std::string>& body) {
  schema::SignatureBuilder builder;
  for (const std::string& w : title) builder.add_title_word(w);
  for (const std::string& w : body) builder.add_body_word(w);
  return builder.shingles();
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(Signature, ASharedEndDoesNotMakeTwoStoriesCopies) {
  // What a site appends to every page (related headlines) must not make two stories alike.
  const auto tail = made_up_words(1000, 50);
  const auto one = schema::signature_of_words({}, joined(made_up_words(0, 150), tail));
  const auto other = schema::signature_of_words({}, joined(made_up_words(500, 150), tail));
  const auto s = schema::estimated_similarity(one, other);
  EXPECT_LT(s.lead, 0.1);
  EXPECT_FALSE(schema::is_near_duplicate(s));
}

TEST(Signature, ASharedOpeningDoesNotMakeTwoPassagesCopies) {
  // Two passages that open alike and go on differently (ARCD holds such pairs): the leads agree,
  // the whole texts do not.
  const auto opening = made_up_words(0, 80);
  const auto one = schema::signature_of_words({}, joined(opening, made_up_words(100, 120)));
  const auto other = schema::signature_of_words({}, joined(opening, made_up_words(300, 120)));
  const auto s = schema::estimated_similarity(one, other);
  EXPECT_GE(s.lead, schema::kLeadThreshold);
  EXPECT_LT(s.whole, schema::kWholeThreshold);
  EXPECT_FALSE(schema::is_near_duplicate(s));
  const auto exact =
      schema::exact_similarity(shingles_of({}, joined(opening, made_up_words(100, 120))),
                               shingles_of({}, joined(opening, made_up_words(300, 120))));
  EXPECT_GE(exact.lead, schema::kLeadThreshold);
  EXPECT_LT(exact.whole, schema::kWholeThreshold);
  EXPECT_FALSE(schema::is_near_duplicate(exact));
}

TEST(Signature, ACopyWithAFewWordsChangedIsACopy) {
  auto body = made_up_words(0, 200);
  const auto one = schema::signature_of_words({"عنوان", "أول"}, body);
  body[50] = "تغيير";
  body[150] = "آخر";
  const auto other = schema::signature_of_words({"عنوان", "ثان"}, body);
  EXPECT_TRUE(schema::is_candidate(schema::estimated_similarity(one, other)));
  const auto original = made_up_words(0, 200);
  EXPECT_TRUE(schema::is_near_duplicate(schema::exact_similarity(
      shingles_of({"عنوان", "أول"}, original), shingles_of({"عنوان", "ثان"}, body))));
}

TEST(Signature, IsTheSameWhicheverStemmerTheIndexUses) {
  TempDir dir;
  build_index(dir / "light", testing::dedup_articles(), StemmerKind::light);
  build_index(dir / "none", testing::dedup_articles(), StemmerKind::none);
  build_index(dir / "snowball", testing::dedup_articles(), StemmerKind::snowball);
  const auto light = values(dir / "light", schema::kSignatureSlot);
  EXPECT_EQ(light.size(), 5u);
  EXPECT_EQ(light, values(dir / "none", schema::kSignatureSlot));
  EXPECT_EQ(light, values(dir / "snowball", schema::kSignatureSlot));
  EXPECT_EQ(light.at("flood"), signature(testing::dedup_articles()[0]));
}

TEST(DuplicateGroups, CopiesShareAKeyAndOtherStoriesHaveNone) {
  TempDir dir;
  build_index(dir / "db", testing::dedup_articles());
  const auto groups = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_FALSE(groups.at("flood").empty());
  EXPECT_EQ(groups.at("flood-repost"), groups.at("flood"));
  EXPECT_EQ(groups.at("flood-update"), groups.at("flood"));
  EXPECT_EQ(groups.at("flood-aid"), "");
  EXPECT_EQ(groups.at("football"), "");
}

TEST(DuplicateGroups, AKeyStaysWhenCopiesArriveLaterAndGoesWhenTheyLeave) {
  TempDir dir;
  auto articles = testing::dedup_articles();
  build_index(dir / "db", {articles[0], articles[4]});
  EXPECT_EQ(values(dir / "db", schema::kDuplicateGroupSlot).at("flood"), "");
  build_index(dir / "db", {articles[1]});
  const std::string key = values(dir / "db", schema::kDuplicateGroupSlot).at("flood");
  EXPECT_FALSE(key.empty());
  build_index(dir / "db", {articles[2]});
  const auto groups = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_EQ(groups.at("flood"), key);
  EXPECT_EQ(groups.at("flood-update"), key);
  // The re-post is replaced by another story: the others keep their group, which it leaves.
  articles[1].title = "شركة تعلن هاتفا جديدا";
  articles[1].body = "أعلنت الشركة اليوم عن هاتف جديد بشاشة أكبر وبطارية تدوم يومين كاملين.";
  build_index(dir / "db", {articles[1]});
  const auto after = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_EQ(after.at("flood-repost"), "");
  EXPECT_EQ(after.at("flood"), key);
}

TEST(DuplicateGroups, PassagesThatShareOnlyAnOpeningStayApartAndCopiesFold) {
  const std::string opening = text_of(made_up_words(0, 80));
  Article a{"opening-a", "", "مقطع أول", "", "", opening + " " + text_of(made_up_words(100, 120)),
            {}};
  Article b{"opening-b", "", "مقطع ثان", "", "", opening + " " + text_of(made_up_words(300, 120)),
            {}};
  Article copy = a;
  copy.id = "opening-a-copy";
  TempDir dir;
  build_index(dir / "db", {a, b, copy});
  const auto groups = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_FALSE(groups.at("opening-a").empty());
  EXPECT_EQ(groups.at("opening-a-copy"), groups.at("opening-a"));
  EXPECT_EQ(groups.at("opening-b"), "");
}

TEST(DuplicateGroups, IgnoresDocumentsWithoutASignature) {
  const auto a = testing::dedup_articles();
  const auto keys = index::find_duplicate_groups(
      {{3, signature(a[0])}, {1, signature(a[1])}, {2, ""}, {4, "not a signature"}});
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].first, 1u);
  EXPECT_EQ(keys[1].first, 3u);
  EXPECT_EQ(keys[0].second, keys[1].second);
  EXPECT_EQ(keys[0].second, schema::group_key(signature(a[1])));  // the lowest docid's
}

}  // namespace
}  // namespace bahth
