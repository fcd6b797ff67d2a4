// A stored article damaged on disk (tests/damage_record.h): every command that reads stored
// articles names it — the index, the article, the decoder's reason — and goes on with the rest,
// counting it in its summary; `show` of the article itself fails, naming it.
#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>
#include <string>
#include <vector>

#include "cli/run_bahth.h"
#include "damage_record.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_damaged_record_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

// One JSON line; news-like text from a small vocabulary, so that the index compresses its
// stored articles with a dictionary (a first run of more than 500 articles).
std::string article_line(const std::string& id, std::size_t i, const std::string& extra = "") {
  static const std::vector<std::string> words{
      "قال",     "الرئيس",  "وزير",     "الخارجية", "في",      "بيان",   "إن",
      "الحكومة", "سوريا",   "مصر",      "العراق",   "مجلس",    "الأمن",  "اليوم",
      "انفجار",  "العاصمة", "المعارضة", "البرلمان", "اتفاق",   "السلام", "مفاوضات",
      "روسيا",   "الصين",   "الاقتصاد", "النفط",    "الأسعار", "المدينة"};
  std::string title = words[i % words.size()] + " " + words[(i * 7) % words.size()];
  std::string body;
  for (std::size_t w = 0; w < 25; ++w) body += words[(i * 31 + w * w) % words.size()] + " ";
  body += "رقم" + std::to_string(i) + extra;
  return R"({"id":")" + id + R"(","title":")" + title + R"(","body":")" + body + "\"}\n";
}

class CliDamagedRecord : public ::testing::Test {
 protected:
  // 530 articles; a9 has two near-duplicates (one word more each), and is then damaged.
  void SetUp() override {
    std::ofstream out(dir_ / "news.jsonl");
    for (std::size_t i = 0; i < 530; ++i) out << article_line("a" + std::to_string(i), i);
    out << article_line("copy-a", 9, " أولا") << article_line("copy-b", 9, " ثانيا");
    out.close();
    const auto r = run_bahth({"index", "-q", "--db", db(), dir_ / "news.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    document_ = testing::damage_stored_article(db(), "a9");
  }

  std::string db() const { return dir_ / "db"; }

  // The line naming a9, with the decoder's reason (zstd's checksum).
  void expect_named(const testing::RunResult& r) const {
    EXPECT_TRUE(contains(r.err, db() + ": article 'a9' (document " + std::to_string(document_) +
                                    "): a stored article in the index is damaged (zstd: "))
        << r.err;
    EXPECT_TRUE(contains(r.err, "rebuild the index, or restore it from a copy (skipped)")) << r.err;
  }

  TempDir dir_;
  Xapian::docid document_ = 0;
};

TEST_F(CliDamagedRecord, IndexingOnNamesItCountsItAndAddsTheRest) {
  // A third copy: the near-duplicate pass compares it with a9, and reads a9's text.
  std::ofstream(dir_ / "more.jsonl")
      << article_line("copy-c", 9, " ثالثا") << article_line("new1", 9999);
  const auto r = run_bahth({"index", "--db", db(), dir_ / "more.jsonl"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_named(r);
  EXPECT_TRUE(contains(r.out,
                       "2 added, 0 updated, 0 unchanged, 0 skipped, 1 damaged record "
                       "skipped; the index holds 534 documents"))
      << r.out;
  // The copies are one group and one result; a9 is left out of the page, named.
  const auto found = run_bahth({"search", "--db", db(), "رقم9"});
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_TRUE(contains(found.out, "copy-")) << found.out;
  EXPECT_TRUE(contains(found.err, "(article 'a9') was left out")) << found.err;
}

TEST_F(CliDamagedRecord, IndexingTheSameArticleAgainRepairsIt) {
  // The content is the same as the record's hash says; the record itself cannot be read.
  // From the file it came from (read from another, it would be rewritten anyway).
  std::ofstream(dir_ / "news.jsonl") << article_line("a9", 9) << article_line("a10", 10);
  auto r = run_bahth({"index", "--db", db(), dir_ / "news.jsonl"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out,
                       "0 added, 1 updated, 1 unchanged, 0 skipped, 1 damaged record "
                       "repaired; the index holds 532 documents"))
      << r.out;
  r = run_bahth({"show", "--db", db(), "--json", "a9"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, R"("id":"a9")") && contains(r.out, "رقم9")) << r.out;
  // Sound now: a third run finds it unchanged.
  r = run_bahth({"index", "--db", db(), dir_ / "news.jsonl"});
  EXPECT_TRUE(contains(r.out, "0 added, 0 updated, 2 unchanged, 0 skipped; the index")) << r.out;
}

TEST_F(CliDamagedRecord, RebuildingThePassesNamesItInTheErrorReportToo) {
  auto r = run_bahth({"index", "--rebuild-passes", "--db", db()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_named(r);
  EXPECT_TRUE(contains(r.out, "1 damaged record skipped; the index holds 532 documents")) << r.out;
  // With --errors, the report holds it, as it holds the records of the input skipped.
  std::ofstream(dir_ / "more.jsonl") << article_line("copy-c", 9, " ثالثا");
  r = run_bahth({"index", "--db", db(), "--errors", dir_ / "errors.txt", dir_ / "more.jsonl"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(testing::read_file(dir_ / "errors.txt"), db() + ": article 'a9' (document"))
      << testing::read_file(dir_ / "errors.txt");
}

TEST_F(CliDamagedRecord, DeletingACopyNamesItAndDeletes) {
  const auto r = run_bahth({"delete", "--db", db(), "copy-b"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  expect_named(r);
  EXPECT_TRUE(contains(r.out,
                       "1 deleted, 0 not found, 1 damaged record skipped; the index holds "
                       "531 documents"))
      << r.out;
}

TEST_F(CliDamagedRecord, ShowOfItFailsNamingItAndShowsTheOthers) {
  auto r = run_bahth({"show", "--db", db(), "a9"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(
      r.err, "bahth: " + db() + ": article 'a9': a stored article in the index is damaged"))
      << r.err;
  r = run_bahth({"show", "--db", db(), "--json", "a1", "a9", "a2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.out, R"("id":"a1")") && contains(r.out, R"("id":"a2")")) << r.out;
  EXPECT_TRUE(contains(r.err, "article 'a9'")) << r.err;
}

TEST_F(CliDamagedRecord, RelatedStatsAndCompactReadOn) {
  // Related articles come from its terms, which are sound.
  auto r = run_bahth({"related", "--db", db(), "a9"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "copy-")) << r.out;
  r = run_bahth({"stats", "--db", db()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_bahth({"compact", "--db", db()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_bahth({"show", "--db", db(), "a9"});
  EXPECT_EQ(r.exit_code, 1) << "compaction does not repair it: " << r.out;
  r = run_bahth({"show", "--db", db(), "a10"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace cli_damaged_record_test
}  // namespace bahth
