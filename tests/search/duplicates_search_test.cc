// Near-duplicates fold into one result with "+N similar", unless asked for.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "dedup_articles.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth {
namespace duplicates_search_test {
namespace {

using testing::TempDir;

void build_index(const std::string& path, const std::vector<Article>& articles) {
  IndexOptions options;
  options.db_path = path;
  Indexer indexer(options);
  indexer.add(articles);
  indexer.finish();
}

// id → similar, for the hits of `query`.
std::map<std::string, std::size_t> hits(const Searcher& searcher, const std::string& query,
                                        bool show_duplicates = false) {
  SearchOptions options;
  options.show_duplicates = show_duplicates;
  std::map<std::string, std::size_t> out;
  for (const SearchHit& hit : searcher.search(query, options).hits) out[hit.id] = hit.similar;
  return out;
}

class DuplicateSearch : public ::testing::Test {
 protected:
  void SetUp() override { build_index(dir_ / "db", testing::dedup_articles()); }
  TempDir dir_;
};

TEST_F(DuplicateSearch, CopiesOfAStoryShowOnceWithTheirCount) {
  const Searcher searcher({dir_ / "db"});
  const auto found = hits(searcher, "فيضانات الوادي الأخضر");
  // One of the three versions of the report stands for them all; the other story stays.
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found.at("flood-aid"), 0u);
  std::size_t versions = 0;
  for (const char* id : {"flood", "flood-repost", "flood-update"}) {
    if (found.count(id) != 0) {
      ++versions;
      EXPECT_EQ(found.at(id), 2u) << id;
    }
  }
  EXPECT_EQ(versions, 1u);
}

TEST_F(DuplicateSearch, TheDuplicatesOptionShowsEveryCopy) {
  const Searcher searcher({dir_ / "db"});
  const auto found = hits(searcher, "فيضانات الوادي الأخضر", true);
  EXPECT_EQ(found.size(), 4u);
  for (const auto& [id, similar] : found) EXPECT_EQ(similar, 0u) << id;
}

TEST_F(DuplicateSearch, TotalCountsAStoryOnce) {
  const Searcher searcher({dir_ / "db"});
  EXPECT_EQ(searcher.search("فيضانات", {}).total, 2u);
  SearchOptions all;
  all.show_duplicates = true;
  EXPECT_EQ(searcher.search("فيضانات", all).total, 4u);
}

TEST_F(DuplicateSearch, AnIndexWithoutGroupKeysSearchesWithoutCollapsing) {
  {  // What an index built before near-duplicate groups looks like.
    Xapian::WritableDatabase db(dir_ / "db");
    std::vector<Xapian::docid> docids;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) docids.push_back(*it);
    for (const Xapian::docid docid : docids) {
      Xapian::Document doc = db.get_document(docid);
      doc.add_value(schema::kDuplicateGroupSlot, "");  // an empty value removes it
      doc.add_value(schema::kSignatureSlot, "");
      db.replace_document(docid, doc);
    }
    db.commit();
  }
  const Searcher searcher({dir_ / "db"});
  const auto found = hits(searcher, "فيضانات الوادي الأخضر");
  EXPECT_EQ(found.size(), 4u);
  for (const auto& [id, similar] : found) EXPECT_EQ(similar, 0u) << id;
}

}  // namespace
}  // namespace duplicates_search_test
}  // namespace bahth
