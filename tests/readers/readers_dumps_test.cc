// readers_dumps_test.cc: the dumps people really have: ids that never collide, CSV as
// spreadsheets write it (BOM, separators, Arabic headers, CR line ends, unclosed quotes), text
// with any line end, dates in every common form, and reads that a stop request ends.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bahth/readers.h"
#include "reader_test_support.h"
#include "record_reader.h"

namespace bahth {
namespace readers_dumps_test {
namespace {

using testing::describe;
using testing::fresh_test_dir;
using testing::read_content;
using testing::read_inputs;
using testing::ReadResult;
using testing::write_file;

// --- Ids ---

// Paths built from the characters that could make two (path, line) pairs look alike: ':',
// digits, '/', '..', '.', and Arabic letters. Two records never share a derived id unless they
// are the same line of the same (normalized) path.
TEST(DerivedIds, DistinctPathsAndLinesNeverShareAnId) {
  static const char* const kPieces[] = {
      ":", "1", "2",  "12", ":1", "/", "..", ".", "a", "news", "\u0623\u062e\u0628\u0627\u0631",
      "-", " ", "a:b"};
  std::mt19937 random(20261206);
  std::map<std::string, std::pair<std::string, std::size_t>> owner;  // id → (normalized, line)
  for (int i = 0; i < 20000; ++i) {
    std::string path;
    const int pieces = 1 + static_cast<int>(random() % 8);
    for (int k = 0; k < pieces; ++k) path += kPieces[random() % std::size(kPieces)];
    if (path == "-") path = "x-";           // "-" is standard input, tested below
    const std::size_t line = random() % 4;  // 0 is a whole-file record
    const std::string base = readers::derived_id_base(path);
    const std::string id = readers::derived_id(base, line, Article{});
    const std::pair<std::string, std::size_t> record{base, line == 0 ? 1 : line};
    const auto [it, added] = owner.emplace(id, record);
    EXPECT_TRUE(added || it->second == record)
        << "'" << path << "' line " << line << " and '" << it->second.first << "' line "
        << it->second.second << " share the id " << id;
  }
}

TEST(DerivedIds, AbsoluteAndLexicallyNormal) {
  const std::string cwd = std::filesystem::current_path().string();
  EXPECT_EQ(readers::derived_id_base("a/news.jsonl"), cwd + "/a/news.jsonl");
  EXPECT_EQ(readers::derived_id_base("./a/../b/./news.jsonl"), cwd + "/b/news.jsonl");
  EXPECT_EQ(readers::derived_id_base("/x//y/news.jsonl"), "/x/y/news.jsonl");
  EXPECT_EQ(readers::derived_id_base("-"), "-");
}

// Two runs reading standard input never write the same id for different records, and the same
// record at the same line gets the same id (so a rerun resumes).
TEST(DerivedIds, StandardInputIdsHashTheRecord) {
  Article a;
  a.title = "one";
  Article b;
  b.title = "two";
  const std::string id_a = readers::derived_id("-", 1, a);
  EXPECT_TRUE(id_a.starts_with("-:1:")) << id_a;
  EXPECT_NE(id_a, readers::derived_id("-", 1, b));
  EXPECT_NE(id_a, readers::derived_id("-", 2, a));
  EXPECT_EQ(id_a, readers::derived_id("-", 1, a));
  Article split1;  // the field boundary is part of the hash
  split1.title = "ab";
  split1.body = "c";
  Article split2;
  split2.title = "a";
  split2.body = "bc";
  EXPECT_NE(readers::derived_id("-", 1, split1), readers::derived_id("-", 1, split2));
}

// The red team's cases: same file names in different folders no longer replace each other.
TEST(DerivedIds, SameFileNamesInDifferentFoldersKeepTheirOwnIds) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/a/news.jsonl", "{\"title\":\"A1\"}\n{\"title\":\"A2\"}\n");
  write_file(dir + "/b/news.jsonl", "{\"title\":\"B1\"}\n{\"title\":\"B2\"}\n");
  write_file(dir + "/t1/culture/1.txt", "T1\nbody\n");
  write_file(dir + "/t2/culture/1.txt", "T2\nbody\n");
  const ReadResult r =
      read_inputs({dir + "/a/news.jsonl", dir + "/b/news.jsonl", dir + "/t1", dir + "/t2"});
  ASSERT_EQ(r.articles.size(), 6u) << describe(r.problems);
  std::set<std::string> ids;
  for (const Article& a : r.articles) ids.insert(a.id);
  EXPECT_EQ(ids.size(), 6u);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(DerivedIds, AnIdGivenTwiceInOneRunIsReportedAsReplaced) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/a.jsonl",
             "{\"id\":\"x\",\"title\":\"first\"}\n{\"id\":\"y\",\"title\":\"y\"}\n");
  write_file(dir + "/b.jsonl", "{\"title\":\"t\"}\n{\"id\":\"x\",\"title\":\"second\"}\n");
  const ReadResult r = read_inputs({dir + "/a.jsonl", dir + "/b.jsonl"});
  ASSERT_EQ(r.articles.size(), 4u) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].path, dir + "/b.jsonl");
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].reason, "id 'x' already given by " + dir + "/a.jsonl:1; replaces it");
  EXPECT_TRUE(r.problems[0].replaces);
  EXPECT_FALSE(r.problems[0].skipped);
}

// The table grows (1,024 slots first) and still finds every id it was given.
TEST(DerivedIds, RegistryRemembersEveryIdAcrossGrowth) {
  readers::IdRegistry ids;
  const std::size_t a = ids.add_input("a.jsonl");
  const std::size_t b = ids.add_input("b.jsonl");
  for (std::size_t line = 1; line <= 5000; ++line) {
    EXPECT_FALSE(ids.claim("id" + std::to_string(line), a, line).has_value()) << line;
  }
  EXPECT_EQ(ids.claim("id17", b, 3), "a.jsonl:17");
  EXPECT_EQ(ids.claim("id17", b, 9), "b.jsonl:3");  // the latest holder
  EXPECT_EQ(ids.claim("id5000", b, 1), "a.jsonl:5000");
  EXPECT_FALSE(ids.claim("id5001", b, 2).has_value());
}

// --- CSV as spreadsheets write it ---

TEST(SpreadsheetCsv, BomSemicolonsAndArabicHeaders) {
  const ReadResult r =
      read_content("excel.csv",
                   "\xEF\xBB\xBF\"العنوان\";\"النص\";التاريخ;القسم;المصدر;الرابط\r\n"
                   "\"سوريا; اليوم\";\"نص أول\";01/05/2018;سياسة;بي بي سي;https://e.x/1\r\n"
                   "لبنان;نص ثان;2018/05/02;اقتصاد;الجزيرة;https://e.x/2\r\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "سوريا; اليوم");
  EXPECT_EQ(a.body, "نص أول");
  EXPECT_EQ(a.date, "2018-05-01");
  EXPECT_EQ(a.section, "سياسة");
  EXPECT_EQ(a.source, "بي بي سي");
  EXPECT_EQ(a.url, "https://e.x/1");
  EXPECT_EQ(r.articles[1].date, "2018-05-02");
}

TEST(SpreadsheetCsv, MatnIsABodyColumnToo) {
  const ReadResult r = read_content("a.csv", "العنوان,المتن\nعنوان,متن المقال\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].body, "متن المقال");
}

TEST(SpreadsheetCsv, SeparatorSniffedAmongCommaSemicolonTabAndPipe) {
  struct Case {
    const char* name;
    const char* content;
  };
  const Case cases[] = {
      {"comma.csv", "title,body\n\"a;b|c\",x\n"},
      {"semicolon.csv", "title;body\n\"a,b\";x\n"},
      {"tab.csv", "title\tbody\na,b\tx\n"},
      {"pipe.csv", "title|body\na,b;c|x\n"},
      {"pipe.tsv", "title|body\na,b;c|x\n"},
      // The header's separator count agrees with every row for ';' only.
      {"mixed.csv", "title;body\na,b;x\nc,d;y\n"},
  };
  for (const Case& c : cases) {
    const ReadResult r = read_content(c.name, c.content);
    ASSERT_FALSE(r.articles.empty()) << c.name << describe(r.problems);
    EXPECT_EQ(r.articles[0].body, "x") << c.name;
    EXPECT_TRUE(r.problems.empty()) << c.name << describe(r.problems);
  }
}

TEST(SpreadsheetCsv, SeparatorOptionOverridesSniffing) {
  // Sniffing picks ',' (two columns everywhere); the user knows the file uses ';'.
  ReaderOptions options;
  options.csv_separator = ';';
  const std::string content = "title,x;body\nt,1;b\n";
  const ReadResult sniffed = read_content("a.csv", content);
  ASSERT_EQ(sniffed.articles.size(), 1u) << describe(sniffed.problems);
  EXPECT_EQ(sniffed.articles[0].title, "t");
  const ReadResult r = read_content("a.csv", content, options);
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "");
  EXPECT_EQ(r.articles[0].body, "b");
}

// Excel's "sep=;" first line names the separator and is not the header row; lines keep their
// numbers.
TEST(SpreadsheetCsv, AnExcelSeparatorLineNamesTheSeparator) {
  const ReadResult r = read_content(
      "excel.csv", "\xEF\xBB\xBFsep=;\r\ntitle;body\r\nقمة;نص، مع فاصلة, هنا\r\nسطر;ناقص;زائد\r\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "قمة");
  EXPECT_EQ(r.articles[0].body, "نص، مع فاصلة, هنا");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 4u);
  EXPECT_EQ(r.problems[0].reason, "expected 2 fields, found 3");
  // Quoted, as some exporters write it, and a comma that sniffing would not have chosen.
  const ReadResult quoted = read_content("q.csv", "\"sep=,\"\ntitle,body\nا;ب,ج;د\n");
  ASSERT_EQ(quoted.articles.size(), 1u) << describe(quoted.problems);
  EXPECT_EQ(quoted.articles[0].title, "ا;ب");
}

// Excel's "Unicode Text" is a UTF-16 table with tabs saved as .txt: named for what it is,
// rather than indexed as one article titled "title body date".
TEST(SpreadsheetCsv, ExcelUnicodeTextSavedAsTxtIsNamedAsATable) {
  std::u16string table = u"\uFEFFtitle\tbody\tdate\r\nقمة\tنص\t01/05/2018\r\n";
  const ReadResult r = read_content(
      "export.txt", std::string(reinterpret_cast<const char*>(table.data()), table.size() * 2));
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 2u) << describe(r.problems);  // the encoding note, then this
  EXPECT_EQ(r.problems[1].line, 1u);
  EXPECT_TRUE(r.problems[1].reason.find("--format tsv") != std::string::npos)
      << describe(r.problems);
  EXPECT_TRUE(r.problems[1].skipped);
  // An article whose first line merely holds a tab is an article.
  EXPECT_EQ(read_content("a.txt", "عنوان\tالخبر\nنص\n").articles.size(), 1u);
}

// JSON Lines saved as .txt was one article titled with the first record's JSON.
TEST(SpreadsheetCsv, JsonLinesSavedAsTxtIsNamedAsJsonLines) {
  const ReadResult r = read_content(
      "dump.txt", "{\"id\": \"1\", \"title\": \"قمة\"}\r\n{\"id\": \"2\", \"title\": \"نص\"}\r\n");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_TRUE(r.problems[0].reason.find("--format jsonl") != std::string::npos)
      << describe(r.problems);
  EXPECT_TRUE(r.problems[0].skipped);
  // An article whose title merely holds braces is an article.
  EXPECT_EQ(read_content("a.txt", "{عنوان} الخبر\nنص\n").articles.size(), 1u);
  EXPECT_EQ(read_content("b.txt", "{\"اقتباس\" قال}\nنص\n").articles.size(), 1u);
}

TEST(SpreadsheetCsv, CrOnlyLineEndsAreLineEnds) {
  const ReadResult r = read_content("mac.csv", "title,body\r\"a\rb\",one\rc,two\r\rd,three");
  ASSERT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "a b");  // a line end inside a title becomes a space
  EXPECT_EQ(r.articles[0].body, "one");
  EXPECT_EQ(r.articles[1].body, "two");
  EXPECT_EQ(r.articles[2].title, "d");
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

// The issue's case: one unclosed quote at row 7 of 1,000 costs that row only.
TEST(SpreadsheetCsv, UnclosedQuoteAtRowSevenOfAThousandCostsOneRow) {
  std::string csv = "id,title,body\n";
  for (int row = 1; row <= 1000; ++row) {
    const std::string n = std::to_string(row);
    csv += n + "," + (row == 7 ? "\"title " + n : "title " + n) + ",body " + n + "\n";
  }
  const ReadResult r = read_content("rows.csv", csv);
  EXPECT_EQ(r.articles.size(), 999u) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 8u);  // row 7 is line 8
  EXPECT_EQ(r.problems[0].reason, "unclosed quote");
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.articles[6].id, "8");
  EXPECT_EQ(r.articles.back().id, "1000");
}

// Past kMaxQuotedLines (1,000) lines the quote is given up on, before a quote far below (row
// 1,200) could close it and swallow every row between.
TEST(SpreadsheetCsv, UnclosedQuoteGivenUpAfterTheLineLimit) {
  std::string csv = "id,title,body\n1,\"never closed,b\n";
  for (int row = 2; row <= 1500; ++row) {
    csv += std::to_string(row) + ",t," + (row == 1200 ? "\"b\"" : "b") + "\n";
  }
  const ReadResult r = read_content("rows.csv", csv);
  EXPECT_EQ(r.articles.size(), 1499u) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 2u);
}

// --- Text articles ---

TEST(TextLineEnds, CrLfAndCrAloneAllEndLines) {
  for (const char* content : {"Title\nline 1\nline 2\n", "Title\r\nline 1\r\nline 2\r\n",
                              "Title\rline 1\rline 2\r", "Title\rline 1\r\nline 2"}) {
    const ReadResult r = read_content("a.txt", content);
    ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
    EXPECT_EQ(r.articles[0].title, "Title");
    EXPECT_EQ(r.articles[0].body, "line 1\nline 2");
  }
}

// --- Dates ---

struct DateCase {
  const char* text;
  const char* utc;
};

TEST(Dates, EveryCommonFormGivesItsUtcDate) {
  const DateCase cases[] = {
      // ISO 8601 and RFC 3339
      {"2018-05-01", "2018-05-01"},
      {"2018-05-01T10:00:00Z", "2018-05-01T10:00:00Z"},
      {"2018-05-01T10:00:00+03:00", "2018-05-01T07:00:00Z"},
      {"2018-05-01T10:00:00.123-05:00", "2018-05-01T15:00:00Z"},
      {"2018-05-01 10:00:00", "2018-05-01T10:00:00Z"},
      {"20180501", "2018-05-01"},
      // Slashes: year first, else day first
      {"2018/05/01", "2018-05-01"},
      {"2018/5/1 10:30", "2018-05-01T10:30:00Z"},
      {"01/05/2018", "2018-05-01"},
      {"1/5/2018", "2018-05-01"},
      {"01-05-2018", "2018-05-01"},
      {"13/05/2018", "2018-05-13"},
      {"01.05.2018", "2018-05-01"},
      {"01/05/2018 22:15:00", "2018-05-01T22:15:00Z"},
      // RFC 822 / 1123 (RSS)
      {"Tue, 01 May 2018 10:00:00 +0300", "2018-05-01T07:00:00Z"},
      {"Tue, 1 May 2018 10:00:00 GMT", "2018-05-01T10:00:00Z"},
      {"01 May 2018 10:00 EST", "2018-05-01T15:00:00Z"},
      {"Sun, 18 Feb 18 20:50:44 -0000", "2018-02-18T20:50:44Z"},
      {"May 1, 2018", "2018-05-01"},
      {"1 September 2018", "2018-09-01"},
      {"01-May-2018", "2018-05-01"},
      // Epoch seconds and milliseconds
      {"1525168800", "2018-05-01T10:00:00Z"},
      {"1525168800000", "2018-05-01T10:00:00Z"},
      {"1525132800", "2018-05-01"},
      // Arabic-Indic and Persian digits
      {"٢٠١٨-٠٥-٠١", "2018-05-01"},
      {"۲۰۱۸/۰۵/۰۱", "2018-05-01"},
      {"٠١/٠٥/٢٠١٨", "2018-05-01"},
      // Arabic month names: Egypt and the Gulf, the Levant and Iraq, the Maghreb
      {"1 مايو 2018", "2018-05-01"},
      {"الثلاثاء 1 مايو 2018", "2018-05-01"},
      {"١ مايو ٢٠١٨", "2018-05-01"},
      {"15 يناير 2018", "2018-01-15"},
      {"15 كانون الثاني 2018", "2018-01-15"},
      {"3 تشرين الأول 2017", "2017-10-03"},
      {"3 تشرين الاول 2017", "2017-10-03"},
      {"1 أيار 2018", "2018-05-01"},
      {"20 آب 2018", "2018-08-20"},
      {"15 جانفي 2018", "2018-01-15"},
      {"14 جويلية 2018", "2018-07-14"},
      {"1 أوت 2018", "2018-08-01"},
      {"1 ماي، 2018", "2018-05-01"},
      {"الأحد، 18 فبراير 2018 - 10:00", "2018-02-18T10:00:00Z"},
      {"18 فبراير 2018 10:00 م", "2018-02-18T22:00:00Z"},
  };
  for (const DateCase& c : cases) {
    const std::optional<std::string> date = readers::normalize_date(c.text);
    ASSERT_TRUE(date.has_value()) << "not read: " << c.text;
    EXPECT_EQ(*date, c.utc) << c.text;
  }
}

TEST(Dates, WhatCannotBeADateIsRefused) {
  for (const char* text :
       {"2018/13/01", "13/13/2018", "31/04/2018", "32/01/2018", "05/2018", "1/2/3", "2018", "123",
        "20181301", "13 مايوو 2018", "1 Foo 2018", "xx", "Tue, 01 May 2018 10:00:00 +0300 extra",
        "1 May 2018 25:00", "30 فبراير 2018"}) {
    EXPECT_FALSE(readers::normalize_date(text).has_value()) << text;
  }
}

TEST(Dates, EveryDateKeyIsReadFirstPresentWins) {
  for (const char* key :
       {"date", "published", "pubDate", "datePublished", "date_publish", "publish_date", "time"}) {
    const ReadResult r =
        read_content("a.jsonl", std::string("{\"title\":\"T\",\"") + key + "\":\"2018/05/01\"}\n");
    ASSERT_EQ(r.articles.size(), 1u) << key;
    EXPECT_EQ(r.articles[0].date, "2018-05-01") << key;
  }
  const ReadResult r = read_content(
      "a.jsonl",
      R"({"title":"T","time":"2001-01-01","pubDate":"2002-02-02","published":"2003-03-03"})"
      "\n");
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].date, "2003-03-03");
}

TEST(Dates, EpochInANumericJsonField) {
  const ReadResult r = read_content(
      "a.jsonl",
      "{\"title\":\"T\",\"published\":1525168800}\n{\"title\":\"U\",\"date\":1525168800000}\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].date, "2018-05-01T10:00:00Z");
  EXPECT_EQ(r.articles[1].date, "2018-05-01T10:00:00Z");
}

TEST(Dates, UnreadableDatesReportedOncePerFileWithACountAndAnExample) {
  std::string content = "{\"title\":\"T\",\"date\":\"2018-05-01\"}\n";
  for (int i = 0; i < 1204; ++i) content += "{\"title\":\"T\",\"date\":\"xx\"}\n";
  const ReadResult r = read_content("in.jsonl", content);
  ASSERT_EQ(r.articles.size(), 1205u);
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(
      r.problems[0].reason,
      "1,204 of 1,205 dates unreadable, e.g. line 2: 'xx'; their articles kept without a date");
  EXPECT_FALSE(r.problems[0].skipped);
}

// --- Character references ---

// Scraped titles and text keep HTML's references: decoded once, in the text fields only.
TEST(CharacterReferences, DecodedOnceInTextFieldsNotInIdsOrUrls) {
  const ReadResult r = read_content(
      "scraped.jsonl",
      "{\"id\":\"a&amp;b\",\"url\":\"https://x.example/?a=1&amp;b=2\",\"title\":\"قمة "
      "&quot;عربية&quot; &amp; &#1605;&#1589;&#x631;\",\"body\":\"نص&nbsp;هنا &lt;b&gt; "
      "&amp;quot; &foo; & &#0; &#xD800; &#12345678;\",\"section\":\"&laquo;سياسة&raquo;\"}\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "قمة \"عربية\" & مصر");
  EXPECT_EQ(a.body, "نص\u00A0هنا <b> &quot; &foo; & &#0; &#xD800; &#12345678;");
  EXPECT_EQ(a.section, "«سياسة»");
  EXPECT_EQ(a.id, "a&amp;b");
  EXPECT_EQ(a.url, "https://x.example/?a=1&amp;b=2");
}

// --- JSON arrays ---

// The export most tools write: one array of article objects, here on one line, with brackets,
// commas and escaped quotes inside strings, a nested object, and elements that are not articles.
TEST(JsonArray, EveryElementIsAnArticleAndProblemsNameTheirLine) {
  const ReadResult r = read_content(
      "export.json",
      "\xEF\xBB\xBF [{\"title\":\"a [b], {c}\",\"body\":\"q \\\"x\\\" ]\",\"meta\":{\"k\":[1,{}]}},"
      "{\"title\":\"two\"}, 42, {\"body\":\"three\"}\n,\n{\"id\":\"given\",\"title\":\"four\"},"
      "{\"nope\":1}]\n");
  ASSERT_EQ(r.articles.size(), 4u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "a [b], {c}");
  EXPECT_EQ(r.articles[0].body, "q \"x\" ]");
  EXPECT_EQ(r.articles[1].title, "two");
  EXPECT_EQ(r.articles[2].body, "three");
  EXPECT_EQ(r.articles[3].id, "given");
  // Ids derived from the position in the array: distinct on one line, stable on a re-read.
  EXPECT_NE(r.articles[0].id, r.articles[1].id);
  EXPECT_NE(r.articles[1].id, r.articles[2].id);
  EXPECT_EQ(read_content("export.json", "[{\"title\":\"x\"},{\"title\":\"y\"}]").articles[1].id,
            read_content("export.json", "[{\"title\":\"z\"},{\"title\":\"y\"}]").articles[1].id);
  ASSERT_EQ(r.problems.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_TRUE(r.problems[0].reason.find("not an article object") != std::string::npos)
      << describe(r.problems);
  EXPECT_EQ(r.problems[1].line, 3u);
  EXPECT_EQ(r.problems[1].reason, "article has neither title nor body");
  EXPECT_EQ(r.records_seen, 6u);
}

// An array larger than max_article_bytes is read whole, an element at a time; an element over
// the limit is skipped and the next one read.
TEST(JsonArray, AnArrayLargerThanTheRecordLimitIsReadAnElementAtATime) {
  ReaderOptions options;
  options.max_article_bytes = 64 << 10;
  std::string content = "[";
  for (int i = 0; i < 2000; ++i) {
    content +=
        "{\"title\":\"t" + std::to_string(i) + "\",\"body\":\"" + std::string(100, 'b') + "\"},";
  }
  content += "{\"title\":\"huge\",\"body\":\"" + std::string(100 << 10, 'h') + "\"},";
  content += "{\"title\":\"last\"}]";
  ASSERT_GT(content.size(), options.max_article_bytes * 3);
  const ReadResult r = read_content("big.json", content, options);
  ASSERT_EQ(r.articles.size(), 2001u) << describe(r.problems);
  EXPECT_EQ(r.articles.back().title, "last");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "array element larger than max_article_bytes (65536 bytes)");
}

// A cut-off array keeps the elements before the cut and says where it ends; a file starting
// with '[' on standard input or under another name is read as an array too.
TEST(JsonArray, ACutOffArrayKeepsWhatCameBeforeTheCut) {
  const ReadResult r = read_content("cut.json", "[{\"title\":\"one\"},\n{\"title\":\"tw");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[1].reason, "the JSON array ends without its ']' (cut off?)");
  const ReadResult named = read_content("dump.data", "[{\"title\":\"one\"}]");
  ASSERT_EQ(named.articles.size(), 1u) << describe(named.problems);
}

// JSON Lines named .json (BigQuery's and Elasticsearch's exports, many scrapers) is read as
// JSON Lines, with a note; a pretty-printed object is still one article.
TEST(JsonArray, JsonLinesNamedJsonIsReadAsJsonLines) {
  const ReadResult r =
      read_content("export.json", "{\"title\":\"one\"}\r\n{\"title\":\"two\"}\n\n{\"oops\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].title, "two");
  ASSERT_EQ(r.problems.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "read as JSON Lines (one article object a line)");
  EXPECT_FALSE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[1].line, 4u);
  const ReadResult pretty =
      read_content("one.json", "{\n  \"title\": \"one\",\n  \"body\": \"b\"\n}\n");
  ASSERT_EQ(pretty.articles.size(), 1u) << describe(pretty.problems);
  EXPECT_TRUE(pretty.problems.empty()) << describe(pretty.problems);
}

// --- Reads that wait ---

// A FIFO whose writer never writes: the stop request ends the stream, what was read stands.
TEST(StopRequested, EndsAReadThatWaitsOnASilentWriter) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/first.jsonl", "{\"title\":\"one\"}\n");
  const std::string fifo = dir + "/silent.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int writer = ::open(fifo.c_str(), O_RDWR);  // a writer that never writes
  ASSERT_GE(writer, 0);
  std::atomic<bool> stop{false};
  ReaderOptions options;
  options.stop_requested = [&stop] { return stop.load(); };
  testing::CollectingReporter reporter;
  ArticleStream stream({dir + "/first.jsonl", fifo}, options, reporter);
  Article article;
  ASSERT_TRUE(stream.next(article));
  EXPECT_EQ(article.title, "one");
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
  });
  EXPECT_FALSE(stream.next(article));  // without the stop request: waits for ever
  stopper.join();
  EXPECT_TRUE(stream.interrupted());
  EXPECT_TRUE(reporter.problems.empty()) << describe(reporter.problems);
  ::close(writer);
}

// A FIFO whose writer sends `sent` and then stays silent with its end open.
class SilentWriter {
 public:
  SilentWriter(const std::string& fifo, std::string_view sent) {
    EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    fd_ = ::open(fifo.c_str(), O_RDWR);
    EXPECT_GE(fd_, 0);
    EXPECT_EQ(::write(fd_, sent.data(), sent.size()), static_cast<ssize_t>(sent.size()));
  }
  ~SilentWriter() { ::close(fd_); }
  SilentWriter(const SilentWriter&) = delete;
  SilentWriter& operator=(const SilentWriter&) = delete;

 private:
  int fd_ = -1;
};

// Sets `stop` after `delay` unless destroyed first (then at once, without waiting on).
class DelayedStop {
 public:
  DelayedStop(std::atomic<bool>& stop, std::chrono::milliseconds delay)
      : thread_([this, &stop, delay] {
          std::unique_lock lock(mutex_);
          if (!woken_.wait_for(lock, delay, [this] { return done_; })) stop = true;
        }) {}
  ~DelayedStop() {
    {
      const std::lock_guard lock(mutex_);
      done_ = true;
    }
    woken_.notify_one();
    thread_.join();
  }
  DelayedStop(const DelayedStop&) = delete;
  DelayedStop& operator=(const DelayedStop&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable woken_;
  bool done_ = false;
  std::thread thread_;  // last: it uses the members above
};

// Ctrl-C on an endless input: the record whose bytes had begun to arrive is counted and
// reported as skipped at its line, whatever the format.
TEST(StopRequested, TheRecordCutOffIsCountedAndReportedAsSkipped) {
  struct Case {
    std::string name;
    std::string sent;
    std::size_t line;  // of the record cut off
  };
  const Case kCases[] = {
      {"cut.jsonl", "{\"title\":\"one\"}\n{\"title\":\"tw", 2},
      {"cut.csv", "title,body\none,x\n\"two\n", 3},
      {"cut.rss", "<rss><channel><item><title>one</title></item>\n<item><title>tw", 2},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    const std::string fifo = fresh_test_dir() + "/" + c.name;
    const SilentWriter writer(fifo, c.sent);
    std::atomic<bool> stop{false};
    ReaderOptions options;
    options.stop_requested = [&stop] { return stop.load(); };
    testing::CollectingReporter reporter;
    ArticleStream stream({fifo}, options, reporter);
    Article article;
    {
      const DelayedStop stopper(stop, std::chrono::seconds(10));  // only if next() hangs
      ASSERT_TRUE(stream.next(article)) << describe(reporter.problems);
    }
    EXPECT_EQ(article.title, "one");
    stop = false;
    {
      const DelayedStop stopper(stop, std::chrono::milliseconds(200));
      EXPECT_FALSE(stream.next(article));
    }
    EXPECT_TRUE(stream.interrupted());
    ASSERT_EQ(reporter.problems.size(), 1u) << describe(reporter.problems);
    EXPECT_EQ(reporter.problems[0].line, c.line);
    EXPECT_EQ(reporter.problems[0].reason, readers::kInterruptedRecord);
    EXPECT_TRUE(reporter.problems[0].skipped);
    EXPECT_EQ(stream.records_seen(), 2u);
  }
}

// A stop request ends the reading of a regular file too, between two reads from disk and
// between two calls of a decompressor: a bomb of a few KB that inflates into one endless line
// kept a Ctrl-C waiting while it inflated (here 1 GiB; a 786-byte bzip2 member is 1 GiB, so a
// file of 100 KB was more than a day). The stop comes once the file itself is read: only the
// decompressor is left to ask.
TEST(StopRequested, EndsTheInflatingOfABombFromARegularFile) {
  const std::string dir = fresh_test_dir();
  const std::pair<std::string, std::string (*)(std::string_view)> kCompressions[] = {
      {"bomb.jsonl.bz2", testing::bzip2}, {"bomb.jsonl.zst", testing::zstd}};
  for (const auto& [name, compress] : kCompressions) {
    SCOPED_TRACE(name);
    const std::string piece = compress(std::string(1U << 20, 'a'));
    std::string bomb;
    for (int i = 0; i < 1024; ++i) bomb += piece;
    bomb += compress("\n{\"title\":\"after\"}\n");
    ASSERT_LT(bomb.size(), 200U << 10);  // one read from disk
    write_file(dir + "/" + name, bomb);
    std::size_t asked = 0;
    ReaderOptions options;
    options.max_article_bytes = 1U << 20;
    options.stop_requested = [&asked] { return ++asked > 3; };
    testing::CollectingReporter reporter;
    ArticleStream stream({dir + "/" + name}, options, reporter);
    Article article;
    EXPECT_FALSE(stream.next(article)) << article.title;
    EXPECT_TRUE(stream.interrupted());
    EXPECT_LT(asked, 10U);
    for (const ReadProblem& p : reporter.problems) {
      EXPECT_EQ(p.reason.find("larger than"), std::string::npos) << p.reason;  // read to its end
    }
  }
  // A plain file: asked before each read.
  write_file(dir + "/plain.jsonl", "{\"title\":\"one\"}\n");
  ReaderOptions options;
  options.stop_requested = [] { return true; };
  testing::CollectingReporter reporter;
  ArticleStream stream({dir + "/plain.jsonl"}, options, reporter);
  Article article;
  EXPECT_FALSE(stream.next(article));
  EXPECT_TRUE(stream.interrupted());
}

// Only what arrived is sniffed for a compression's magic number: a pipe that sends a record
// shorter than the longest magic (ten bytes) and then waits has the record read at once.
TEST(StopRequested, ARecordShorterThanAMagicNumberIsReadWithoutWaitingForMore) {
  const std::string fifo = fresh_test_dir() + "/short.csv";
  const SilentWriter writer(fifo, "title\nx\n");
  std::atomic<bool> stop{false};
  ReaderOptions options;
  options.stop_requested = [&stop] { return stop.load(); };
  testing::CollectingReporter reporter;
  ArticleStream stream({fifo}, options, reporter);
  Article article;
  const DelayedStop stopper(stop, std::chrono::seconds(10));  // only if next() hangs
  ASSERT_TRUE(stream.next(article)) << describe(reporter.problems);
  EXPECT_EQ(article.title, "x");
  EXPECT_FALSE(stream.interrupted());
}

// The end of an input shorter than a magic number, or a prefix of one, is its end.
TEST(Compression, InputsShorterThanAMagicNumberAreReadAsThemselves) {
  for (const std::string content : {"x\n", "BZh", "\x1f", "PK"}) {
    const ReadResult r = read_content("short.txt", content);
    ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
    EXPECT_EQ(r.articles[0].title, content.substr(0, content.find('\n')));
  }
}

// --- JSON as exporters write it ---

// A key given twice keeps its last non-blank value (as JavaScript, Python and Go read it; the
// first was kept before), and the file's records that did so are counted in one note.
TEST(JsonDumps, AKeyGivenTwiceKeepsItsLastValueAndIsCounted) {
  const ReadResult r = read_content(
      "dup.jsonl",
      "{\"id\":\"a\",\"title\":\"old title\",\"body\":\"b\",\"title\":\"corrected title\"}\n"
      "{\"id\":\"b\",\"title\":\"t\",\"body\":\"kept\",\"body\":\"  \"}\n"
      "{\"id\":\"c\",\"title\":\"t\",\"body\":\"b\",\"captions\":[\"x\"],\"captions\":[\"y\"]}\n"
      "{\"id\":\"d\",\"headline\":\"alias\",\"title\":\"name\",\"body\":\"b\"}\n");
  ASSERT_EQ(r.articles.size(), 4u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "corrected title");
  EXPECT_EQ(r.articles[1].body, "kept");  // a blank value feeds no field
  EXPECT_EQ(r.articles[2].captions, std::vector<std::string>{"y"});
  EXPECT_EQ(r.articles[3].title, "name");  // two names of one field: the better one, as before
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_FALSE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].reason,
            "3 records give a key twice, e.g. line 1: 'title'; the last value kept");
}

// A request body's article reports its repeated key itself, as a warning.
TEST(JsonDumps, ARequestsRepeatedKeyIsAWarning) {
  const JsonArticle read =
      parse_json_article(R"({"id":"x","title":"first","title":"second","body":"b"})");
  ASSERT_TRUE(read.error.empty()) << read.error;
  EXPECT_EQ(read.article.title, "second");
  ASSERT_EQ(read.warnings.size(), 1u);
  EXPECT_EQ(read.warnings[0], "key 'title' given twice; the last value kept");
}

// A field given as an object or a boolean feeds no field: it was dropped in silence (a title as
// {"ar": ...}, a NewsAPI `source` object, an id of true). Counted in one note a file, and a
// request's is a warning; a null is an absent field, and an author's object is a Person.
TEST(JsonDumps, AFieldThatIsNotTextIsCounted) {
  const ReadResult r =
      read_content("typed.jsonl",
                   "{\"id\":\"a\",\"title\":\"t\",\"body\":\"b\",\"section\":null}\n"
                   "{\"id\":\"b\",\"title\":{\"ar\":\"عنوان\"},\"body\":\"b\"}\n"
                   "{\"id\":\"c\",\"title\":\"t\",\"body\":\"b\",\"source\":{\"name\":\"BBC\"}}\n"
                   "{\"id\":\"d\",\"title\":\"t\",\"body\":true,\"author\":{\"name\":\"سارة\"}}\n");
  ASSERT_EQ(r.articles.size(), 4u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].title, "");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_FALSE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].reason,
            "3 records give a field a value that is not text, e.g. line 2: 'title' (an object); "
            "ignored, the rest of the record kept");
  const JsonArticle read = parse_json_article(R"({"id":"x","title":5,"body":true})");
  ASSERT_TRUE(read.error.empty()) << read.error;
  ASSERT_EQ(read.warnings.size(), 1u);
  EXPECT_EQ(read.warnings[0], "'body' (a boolean) is not text; ignored");
}

// Files saved with a byte order mark and joined by `cat`: a mark begins every file's first
// line, not only the first line's. Each is read (all but the first were skipped as broken JSON).
TEST(JsonDumps, AByteOrderMarkOnAnyLineIsDropped) {
  std::string content;
  for (int i = 0; i < 3; ++i) {
    content +=
        "\xEF\xBB\xBF{\"id\":\"" + std::to_string(i) + "\",\"title\":\"t\",\"body\":\"b\"}\r\n";
  }
  const ReadResult r = read_content("joined.jsonl", content);
  EXPECT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

}  // namespace
}  // namespace readers_dumps_test
}  // namespace bahth
