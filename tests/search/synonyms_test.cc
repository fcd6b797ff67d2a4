// The user's synonyms as a long-running searcher (the server's) meets them: analysed once per
// stored value, and replaced ones applied once the searcher moves to the revision that holds them.
#include "search/synonyms.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "temp_dir.h"

namespace bahth {
namespace synonyms_test {
namespace {

using testing::TempDir;

Article article(const std::string& id, const std::string& title, const std::string& body) {
  Article out;
  out.id = id;
  out.title = title;
  out.body = body;
  return out;
}

// Three articles name each group one way, three the other.
std::vector<Article> articles() {
  std::vector<Article> out;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    out.push_back(article("short" + n, "هجوم جديد " + n, "أعلن داعش مسؤوليته عن الهجوم " + n));
    out.push_back(article("long" + n, "هجوم آخر " + n,
                          "أعلن تنظيم الدولة الإسلامية مسؤوليته عن التفجير في البلدة " + n));
    out.push_back(article("houthi" + n, "بيان في صنعاء " + n,
                          "قال الحوثيون إنهم أطلقوا صاروخا على الحدود " + n));
    out.push_back(
        article("ansar" + n, "بيان آخر " + n, "قالت جماعة أنصار الله إنها سيطرت على الميناء " + n));
  }
  return out;
}

// Stores `groups` as `bahth synonyms` does: another writer, committing at once.
void store_synonyms(const std::string& db, const std::vector<std::vector<std::string>>& groups,
                    const std::vector<Article>& add = {}) {
  IndexOptions options;
  options.db_path = db;
  options.threads = 1;
  Indexer indexer(options);
  indexer.set_synonyms(groups);
  if (!add.empty()) indexer.add(add);
  indexer.finish();
}

std::set<std::string> ids(const Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.limit = 100;
  options.show_duplicates = true;
  std::set<std::string> out;
  for (const SearchHit& hit : searcher.search(query, options).hits) out.insert(hit.id);
  return out;
}

std::set<std::string> starting(const std::set<std::string>& ids, const std::string& prefix) {
  std::set<std::string> out;
  for (const std::string& id : ids) {
    if (id.starts_with(prefix)) out.insert(id);
  }
  return out;
}

TEST(UserSynonyms, AReplacementIsAppliedOnceTheSearcherReopens) {
  const TempDir dir;
  const std::string db = dir / "db";
  store_synonyms(db, {{"داعش", "تنظيم الدولة الإسلامية"}}, articles());
  const Searcher searcher({db});
  EXPECT_EQ(starting(ids(searcher, "داعش"), "long").size(), 3u);
  EXPECT_TRUE(starting(ids(searcher, "الحوثيون"), "ansar").empty());

  store_synonyms(db, {{"الحوثيون", "أنصار الله"}});
  searcher.refresh();
  EXPECT_TRUE(starting(ids(searcher, "داعش"), "long").empty());
  EXPECT_EQ(starting(ids(searcher, "الحوثيون"), "ansar").size(), 3u);

  store_synonyms(db, {});  // cleared
  searcher.refresh();
  EXPECT_TRUE(starting(ids(searcher, "الحوثيون"), "ansar").empty());

  // Back to the first groups: a value met before applies as it did.
  store_synonyms(db, {{"داعش", "تنظيم الدولة الإسلامية"}});
  searcher.refresh();
  EXPECT_EQ(starting(ids(searcher, "داعش"), "long").size(), 3u);
}

// Two indexes holding different groups, searched in turns by one process (a server with several
// --db): each query meets its own index's groups.
TEST(UserSynonyms, IndexesWithOtherGroupsSearchedInTurnsKeepTheirOwn) {
  const TempDir dir;
  store_synonyms(dir / "a", {{"داعش", "تنظيم الدولة الإسلامية"}}, articles());
  store_synonyms(dir / "b", {{"الحوثيون", "أنصار الله"}}, articles());
  const Searcher a({dir / "a"});
  const Searcher b({dir / "b"});
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(starting(ids(a, "داعش"), "long").size(), 3u);
    EXPECT_TRUE(starting(ids(b, "داعش"), "long").empty());
    EXPECT_TRUE(starting(ids(a, "الحوثيون"), "ansar").empty());
    EXPECT_EQ(starting(ids(b, "الحوثيون"), "ansar").size(), 3u);
  }
}

}  // namespace
}  // namespace synonyms_test
}  // namespace bahth
