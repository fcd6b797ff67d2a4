// End-to-end: `bahth index` of a folder mixing legacy encodings, UTF-16, CSV and RSS/Atom feeds,
// and the --encoding option.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

const std::filesystem::path kFixtures = BAHTH_SOURCE_DIR "/tests/fixtures";

TEST(CliFormats, MixedFolderIndexedWithEachEncodingSaid) {
  TempDir dir;
  const std::filesystem::path in = dir / "in";
  std::filesystem::create_directories(in);
  for (const char* name :
       {"encodings/article-windows-1256.txt", "encodings/article-iso-8859-6.txt",
        "encodings/article-utf16le-bom.txt", "encodings/articles-windows-1256.csv",
        "feeds/bbc-arabic.rss", "feeds/aljazeera.atom", "feeds/archive-windows-1256.xml"}) {
    std::filesystem::copy_file(kFixtures / name, in / std::filesystem::path(name).filename());
  }
  const auto r = run_bahth({"index", "--db", dir / "db", in});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 3 text articles, 2 CSV rows, 2 + 2 + 1 feed items; the RSS item without text is skipped.
  EXPECT_TRUE(contains(r.out, "10 articles")) << r.out;
  EXPECT_TRUE(contains(r.out, "10 added, 0 updated, 0 unchanged, 1 skipped")) << r.out;
  EXPECT_TRUE(contains(r.err, "article-windows-1256.txt: read as windows-1256 (detected)\n"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "article-iso-8859-6.txt: read as ISO-8859-6 (detected)\n")) << r.err;
  EXPECT_TRUE(contains(r.err, "articles-windows-1256.csv: read as windows-1256 (detected)\n"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "article-utf16le-bom.txt: read as UTF-16")) << r.err;
  EXPECT_TRUE(contains(r.err, "bbc-arabic.rss:36: article has neither title nor body (skipped)"))
      << r.err;

  // The feeds' dates, RFC 822 and RFC 3339, are dates: a date range finds every dated article.
  const auto dated =
      run_bahth({"search", "--db", dir / "db", "--json", "--since", "2018-05-01", "--until",
                 "2018-05-02", "-n", "50", "--duplicates", "في OR على OR من"});
  ASSERT_EQ(dated.exit_code, 0) << dated.err;
  const auto json = nlohmann::json::parse(dated.out);
  // 4 feed items of 2018-05-01/02 and the 2 CSV rows; the 2009 archive item is outside.
  EXPECT_EQ(json["total"], 6) << dated.out;

  const auto show = run_bahth(
      {"show", "--db", dir / "db", "--json", "https://www.bbc.com/arabic/middleeast-43962931"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(contains(show.out, R"("source":"BBC News عربي")")) << show.out;
  EXPECT_TRUE(contains(show.out, R"("section":"الشرق الأوسط")")) << show.out;
}

TEST(CliFormats, EncodingOptionOverridesAndABadNameIsAUsageError) {
  TempDir dir;
  const std::string article = kFixtures / "encodings/article-windows-1256.txt";
  const auto bad = run_bahth({"index", "--db", dir / "db", "--encoding", "klingon-8", article});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--encoding klingon-8")) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "db"));

  const auto as_utf8 = run_bahth({"index", "--db", dir / "db", "--encoding", "UTF-8", article});
  EXPECT_EQ(as_utf8.exit_code, 1);  // nothing readable: the file is not UTF-8
  EXPECT_TRUE(contains(as_utf8.err, "invalid UTF-8")) << as_utf8.err;

  const auto told = run_bahth({"index", "--db", dir / "db", "--encoding", "cp1256", article});
  ASSERT_EQ(told.exit_code, 0) << told.err;
  EXPECT_TRUE(contains(told.out, "1 added")) << told.out;
  EXPECT_FALSE(contains(told.err, "read as")) << told.err;  // the user said so
}

TEST(CliFormats, FeedFormatNamedForStandardInput) {
  TempDir dir;
  const std::string feed = testing::read_file(kFixtures / "feeds/aljazeera.atom");
  const auto r = run_bahth({"index", "--db", dir / "db", "--format", "feed", "-"}, feed);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 added")) << r.out;
}

}  // namespace
}  // namespace bahth
