// End-to-end: `bahth index` of a folder mixing legacy encodings, UTF-16, CSV and RSS/Atom feeds,
// and the --encoding option.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_formats_test {
namespace {

using testing::contains;
using testing::run_bahth;
using testing::TempDir;

const std::filesystem::path kFixtures = BAHTH_SOURCE_DIR "/tests/fixtures";

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Every kind of file issue 27 names, in one folder: legacy encodings, UTF-16, feeds, a
// spreadsheet's CSV (BOM, `;`, Arabic headers, day-first dates in Arabic-Indic digits), JSON Lines
// with each date key and form, an old Mac text article (CR line ends) and a CSV with an unclosed
// quote, which costs its own row only.
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
  write(in / "spreadsheet.csv",
        "\xEF\xBB\xBFالعنوان;النص;التاريخ\r\n"
        "عنوان أول;نص في المدينة;01/05/2018\r\n"
        "عنوان ثان;نص من العاصمة;٠٢/٠٥/٢٠١٨\r\n");
  write(
      in / "dates.jsonl",
      R"({"id":"j1","title":"خبر أول","text":"نص في المدينة","pubDate":"Tue, 01 May 2018 10:00:00 +0300"})"
      "\n"
      R"({"id":"j2","title":"خبر ثان","text":"نص من العاصمة","published":1525219200})"
      "\n"
      R"({"id":"j3","title":"خبر ثالث","text":"نص على الحدود","date":"2 مايو 2018"})"
      "\n"
      R"({"id":"j4","title":"خبر رابع","text":"نص في الميناء","datePublished":"2 أيار 2018"})"
      "\n");
  write(in / "mac.txt", "عنوان مقال قديم\rنص المقال في سطر ثان\r");
  write(in / "unclosed.csv",
        "title,body,date\n"
        "أ,نص في المدينة,2018-05-01\n"
        "ب,\"نص من العاصمة,2018-05-01\n"
        "ج,نص على الحدود,2018-05-02\n");
  const auto r = run_bahth({"index", "--db", dir / "db", in});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 3 text articles, 2 CSV rows, 2 + 2 + 1 feed items (the RSS item without text is skipped),
  // 2 spreadsheet rows, 4 JSON Lines, the Mac article, 2 of the 3 rows with the unclosed quote.
  EXPECT_TRUE(contains(r.out, "19 articles")) << r.out;
  EXPECT_TRUE(contains(r.out, "19 added, 0 updated, 0 unchanged, 2 skipped")) << r.out;
  EXPECT_TRUE(contains(r.err, "article-windows-1256.txt: read as windows-1256 (detected)\n"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "article-iso-8859-6.txt: read as ISO-8859-6 (detected)\n")) << r.err;
  EXPECT_TRUE(contains(r.err, "articles-windows-1256.csv: read as windows-1256 (detected)\n"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "article-utf16le-bom.txt: read as UTF-16")) << r.err;
  EXPECT_TRUE(contains(r.err, "bbc-arabic.rss:36: article has neither title nor body (skipped)"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "unclosed.csv:3: unclosed quote (skipped)")) << r.err;
  EXPECT_FALSE(contains(r.err, "unreadable")) << r.err;  // every date form was read

  // A date range finds every dated article, whatever the form its date was written in.
  const auto dated =
      run_bahth({"search", "--db", dir / "db", "--json", "--since", "2018-05-01", "--until",
                 "2018-05-02", "-n", "50", "--duplicates", "في OR على OR من"});
  ASSERT_EQ(dated.exit_code, 0) << dated.err;
  const auto json = nlohmann::json::parse(dated.out);
  // 4 feed items of 2018-05-01/02, the 2 + 2 + 2 CSV rows and the 4 JSON Lines; the 2009
  // archive item is outside, and text articles have no date.
  EXPECT_EQ(json["total"], 14) << dated.out;

  const auto mac = run_bahth({"search", "--db", dir / "db", "--json", "قديم"});
  ASSERT_EQ(mac.exit_code, 0) << mac.err;
  EXPECT_TRUE(contains(mac.out, R"("title":"عنوان مقال قديم")")) << mac.out;

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

// A web archive from standard input (`wget -O - ... | bahth index --format warc -`, a crawl
// piped through zcat): its pages indexed, the rest passed over on one line, the cut record
// counted as skipped; and by its magic alone.
TEST(CliFormats, WarcFromStandardInputAndByItsFirstBytes) {
  TempDir dir;
  const std::string warc = testing::read_file(kFixtures / "warc/news.warc");
  const auto piped = run_bahth({"index", "--db", dir / "db", "--format", "warc", "-"}, warc);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_TRUE(contains(piped.out, "3 added, 0 updated, 0 unchanged, 1 skipped")) << piped.out;
  EXPECT_TRUE(contains(piped.err,
                       "-: 6 records passed over, not articles (1 request, 1 "
                       "metadata, 1 warcinfo, 1 revisit, 1 not HTML, 1 not HTTP 200)"))
      << piped.err;
  const auto sniffed = run_bahth({"index", "--db", dir / "db2", "-"}, warc);
  ASSERT_EQ(sniffed.exit_code, 0) << sniffed.err;
  EXPECT_TRUE(contains(sniffed.out, "3 added")) << sniffed.out;
}

}  // namespace
}  // namespace cli_formats_test
}  // namespace bahth
