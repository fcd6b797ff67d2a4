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
  EXPECT_EQ(schema::estimated_jaccard(flood, flood), 1.0);
  EXPECT_GE(schema::estimated_jaccard(flood, signature(a[1])), schema::kDuplicateThreshold);
  EXPECT_GE(schema::estimated_jaccard(flood, signature(a[2])), schema::kDuplicateThreshold);
  EXPECT_LT(schema::estimated_jaccard(flood, signature(a[3])), 0.1);  // same flood, other story
  EXPECT_LT(schema::estimated_jaccard(flood, signature(a[4])), 0.1);
  EXPECT_EQ(schema::estimated_jaccard(flood, ""), 0.0);
}

TEST(Signature, LeavesOutTheEndOfALongBody) {
  // What a site appends to every page (related headlines) must not make two stories alike.
  std::vector<std::string> tail;
  tail.reserve(50);
  for (int i = 0; i < 50; ++i) tail.push_back("عنوان" + std::to_string(i));
  std::vector<std::string> one = words(testing::dedup_articles()[0].body);
  std::vector<std::string> other = words(testing::dedup_articles()[4].body);
  one.insert(one.end(), tail.begin(), tail.end());
  other.insert(other.end(), tail.begin(), tail.end());
  EXPECT_LT(schema::estimated_jaccard(schema::signature_of_words({}, one),
                                      schema::signature_of_words({}, other)),
            0.1);
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
