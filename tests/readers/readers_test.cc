// readers_test.cc: each input format and how fields, dates and bad records are handled.
#include "bahth/readers.h"

#include <gtest/gtest.h>

#include <string>  // std::string

#include "bahth/error.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_test {
namespace {

using testing::describe;
using testing::read_content;
using testing::read_inputs;
using testing::ReadResult;

TEST(ParseInputFormat, KnowsEveryFormatName) {
  EXPECT_EQ(parse_input_format("auto"), InputFormat::automatic);
  EXPECT_EQ(parse_input_format("text"), InputFormat::text);
  EXPECT_EQ(parse_input_format("jsonl"), InputFormat::jsonl);
  EXPECT_EQ(parse_input_format("json"), InputFormat::json);
  EXPECT_EQ(parse_input_format("csv"), InputFormat::csv);
  EXPECT_EQ(parse_input_format("tsv"), InputFormat::tsv);
}

TEST(ParseInputFormat, RejectsUnknownName) { EXPECT_THROW(parse_input_format("xml"), UsageError); }

TEST(CheckFieldMap, NamesTheMappingAndEveryField) {
  EXPECT_NO_THROW(check_field_map({{"body", "summary"}, {"id", "url"}, {"source", "site"}}));
  try {
    check_field_map({{"body", "summary"}, {"headline", "x"}});
    FAIL() << "a mapping to no article field was taken";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "--field headline=x: 'headline' is not an article field (id, url, title, date, "
                 "section, source, body, author)");
  }
}

TEST(TextReader, SeedTitleCaptionsAndBody) {
  const ReadResult r = read_inputs({BAHTH_SOURCE_DIR "/data/seed/000_541d1cda0e759833.txt"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, BAHTH_SOURCE_DIR "/data/seed/000_541d1cda0e759833.txt:1");
  EXPECT_EQ(a.title, "الصين للولايات المتحدة: نعارض الهجمات الإلكترونية");
  ASSERT_EQ(a.captions.size(), 6u);
  EXPECT_EQ(a.captions[0], "مصدر الصورة AFP");
  EXPECT_EQ(a.captions[1], "ألغت شركة سوني عرض الفيلم في دور السينما بعد تعرضها لهجوم إلكتروني");
  EXPECT_EQ(a.captions[2], "مصدر الصورة BBC World Service");
  EXPECT_TRUE(a.body.starts_with("قال وزير خارجية الصين، وانغ يي،")) << a.body;
  EXPECT_EQ(a.body.find("مصدر الصورة"), std::string::npos);
  EXPECT_EQ(a.body.find("Image caption"), std::string::npos);
  EXPECT_EQ(a.body.find("\n\n"), std::string::npos);
}

TEST(TextReader, CaptionPrefixMustBeAWord) {
  const ReadResult r = read_content("a.txt", "Title\r\n\r\nImage captions are text\r\nBody\r\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_TRUE(r.articles[0].captions.empty());
  EXPECT_EQ(r.articles[0].body, "Image captions are text\nBody");
}

// The UTF-8 checks of each format, with UTF-8 named (auto would read these near-ASCII
// inputs as a legacy code page, or name its guess: readers_encoding_test.cc).
ReaderOptions utf8_only() {
  ReaderOptions options;
  options.encoding = "UTF-8";
  return options;
}

TEST(TextReader, InvalidUtf8ReportedWithLineAndColumn) {
  const ReadResult r = read_content("bad.txt", "Title\nok\nab\xff\n", utf8_only());
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 3u);
  EXPECT_EQ(r.problems[0].reason, "invalid UTF-8 at byte 3");
  EXPECT_TRUE(r.problems[0].skipped);
}

TEST(TextReader, EmptyFileReportedAsNoTitleNoBody) {
  const ReadResult r = read_content("empty.txt", "\n  \n");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, "article has neither title nor body");
}

TEST(TextReader, NulBytesAreStripped) {
  const ReadResult r = read_content("nul.txt", std::string("Ti\0tle\nbo\0dy\n", 13));
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "Title");
  EXPECT_EQ(r.articles[0].body, "body");
}

TEST(JsonLinesReader, ReadsCanonicalFields) {
  const ReadResult r = read_content(
      "a.jsonl",
      R"({"id":"x1","url":"https://u","title":"T","date":"2018-02-18","section":"sport","body":"B1\nB2"})"
      "\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "x1");
  EXPECT_EQ(a.url, "https://u");
  EXPECT_EQ(a.title, "T");
  EXPECT_EQ(a.date, "2018-02-18");
  EXPECT_EQ(a.section, "sport");
  EXPECT_EQ(a.body, "B1\nB2");
}

TEST(JsonLinesReader, AcceptsAliases) {
  const ReadResult r = read_content(
      "a.ndjson",
      R"({"id":"1","headline":"H","text":"b1","date_publish":"2018-01-02","category":"c","link":"L"})"
      "\n"
      R"({"id":"2","head_line":"H2","maintext":"b2"})"
      "\n"
      R"({"id":"3","title":"T3","content":"b3"})"
      "\n");
  ASSERT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "H");
  EXPECT_EQ(r.articles[0].body, "b1");
  EXPECT_EQ(r.articles[0].date, "2018-01-02");
  EXPECT_EQ(r.articles[0].section, "c");
  EXPECT_EQ(r.articles[0].url, "L");
  EXPECT_EQ(r.articles[1].title, "H2");
  EXPECT_EQ(r.articles[1].body, "b2");
  EXPECT_EQ(r.articles[2].body, "b3");
}

TEST(JsonLinesReader, CanonicalNameBeatsAliasWhateverTheOrder) {
  const ReadResult r = read_content("a.jsonl", R"({"text":"alias","body":"canonical","title":"T"})"
                                               "\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].body, "canonical");
}

TEST(JsonLinesReader, AliasesOfOneFieldRankInTheirOrderWhateverTheRecordsOrder) {
  const ReadResult r =
      read_content("a.jsonl", R"({"content":"c","maintext":"m","text":"t","title":"T"})"
                              "\n"
                              R"({"content":"c","maintext":"m","title":"T"})"
                              "\n"
                              R"({"head_line":"h2","headline":"h1","body":"B"})"
                              "\n");
  ASSERT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].body, "t");
  EXPECT_EQ(r.articles[1].body, "m");
  EXPECT_EQ(r.articles[2].title, "h1");
}

TEST(JsonLinesReader, FieldMapTakesAFieldsOwnNameNotAnAlias) {
  ReaderOptions options;
  options.field_map["text"] = "summary";
  testing::CollectingReporter reporter;
  EXPECT_THROW(ArticleStream({}, options, reporter), UsageError);
}

TEST(JsonLinesReader, FieldMapOverridesBuiltInNames) {
  ReaderOptions options;
  options.field_map["body"] = "summary";
  const ReadResult r = read_content("a.jsonl",
                                    R"({"id":"1","title":"T","body":"long body","summary":"short"})"
                                    "\n",
                                    options);
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].body, "short");
}

TEST(JsonLinesReader, FieldMapOnUnknownFieldThrowsUsageError) {
  ReaderOptions options;
  options.field_map["tags"] = "keywords";
  testing::CollectingReporter reporter;
  EXPECT_THROW(ArticleStream({}, options, reporter), UsageError);
}

TEST(JsonLinesReader, NumericIdAcceptedAsTextAndUnknownFieldsIgnored) {
  const ReadResult r =
      read_content("a.jsonl", R"({"id":12345,"title":"T","extra":{"deep":[1,2]},"source":"BBC"})"
                              "\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].id, "12345");
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(JsonLinesReader, BodyGivenAsArrayOfParagraphsIsJoined) {
  const ReadResult r = read_content("a.jsonl", R"({"title":"T","body":["p1","p2"]})"
                                               "\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].body, "p1\np2");
}

TEST(JsonLinesReader, BrokenJsonReportedAndNextLineRead) {
  const ReadResult r = read_content("a.jsonl",
                                    "{\"id\":\"1\",\"title\":\"one\"}\n"
                                    "{\"id\":\"2\",\"title\":\n"
                                    "{\"id\":\"3\",\"title\":\"three\"}\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].id, "3");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_TRUE(r.problems[0].reason.starts_with("broken JSON")) << r.problems[0].reason;
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.records_seen, 3u);
}

// Numbers JSON readers cannot hold (Python's json writes them) and lone surrogates: the record
// is skipped, with what to mend (simdjson said "Problem while parsing a number").
TEST(JsonLinesReader, NumbersOutOfRangeAndLoneSurrogatesSayWhatIsWrong) {
  const ReadResult r = read_content("n.jsonl",
                                    "{\"id\":123456789012345678901234567890,\"title\":\"a\"}\n"
                                    "{\"id\":\"2\",\"title\":\"b\",\"x\":1e999}\n"
                                    "{\"id\":\"3\",\"title\":\"c \\ud800\"}\n"
                                    "{\"id\":\"4\",\"title\":\"d\"}\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 3u) << describe(r.problems);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(r.problems[i].reason.starts_with("broken JSON: a number out of range"))
        << r.problems[i].reason;
  }
  EXPECT_TRUE(r.problems[2].reason.starts_with("broken JSON: a string with a bad escape"))
      << r.problems[2].reason;
}

// An id holding a control character (C0, C1, DEL) or a bidi control is reported at its line,
// naming the character, and its article skipped; the others are read. CSV goes the same way.
TEST(JsonLinesReader, IdsHoldingControlCharactersAreReportedAndSkipped) {
  const std::vector<std::string> bad = {
      "a\\nb",     "a\\rb",     "a\\u001bb", "a\\tb",     "a\\u007fb", "a\\u0085b", "a\\u061cb",
      "a\\u200eb", "a\\u200fb", "a\\u202ab", "a\\u202eb", "a\\u2066b", "a\\u2069b"};
  std::string content = "{\"id\":\"good/1\",\"title\":\"one\"}\n";
  for (const std::string& id : bad) content += "{\"id\":\"" + id + "\",\"title\":\"x\"}\n";
  content += "{\"id\":\"good/2 \u0645\u0635\u0631 \u00e9\u200c\u200d\",\"title\":\"two\"}\n";
  const ReadResult r = read_content("ids.jsonl", content);
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].id, "good/1");
  EXPECT_EQ(r.articles[1].id, "good/2 \u0645\u0635\u0631 \u00e9\u200c\u200d");
  ASSERT_EQ(r.problems.size(), bad.size()) << describe(r.problems);
  const std::vector<std::string> names = {"U+000A", "U+000D", "U+001B", "U+0009", "U+007F",
                                          "U+0085", "U+061C", "U+200E", "U+200F", "U+202A",
                                          "U+202E", "U+2066", "U+2069"};
  for (std::size_t i = 0; i < bad.size(); ++i) {
    EXPECT_EQ(r.problems[i].line, i + 2);
    EXPECT_TRUE(r.problems[i].skipped);
    EXPECT_NE(r.problems[i].reason.find("article id holds a"), std::string::npos)
        << r.problems[i].reason;
    EXPECT_NE(r.problems[i].reason.find(names[i] + " at byte 2"), std::string::npos)
        << r.problems[i].reason;
  }
  const ReadResult csv = read_content("ids.csv", "id,title\nok,one\n\"x\ny\",two\n");
  ASSERT_EQ(csv.articles.size(), 1u) << describe(csv.problems);
  ASSERT_EQ(csv.problems.size(), 1u);
  EXPECT_EQ(csv.problems[0].line, 3u);
  EXPECT_NE(csv.problems[0].reason.find("U+000A"), std::string::npos) << csv.problems[0].reason;
}

// An id bahth derives from a file's name writes what an id may not hold as %XX: the file's
// article is read, with an id that is the same on every run.
TEST(TextReader, ADerivedIdWritesAFileNamesControlCharactersAsHex) {
  const std::string dir = testing::fresh_test_dir();
  testing::write_file(dir + "/we\x1bird\n.txt", "title\nbody\n");
  const ReadResult r = read_inputs({dir});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_TRUE(r.articles[0].id.ends_with("/we%1Bird%0A.txt:1")) << r.articles[0].id;
  EXPECT_FALSE(id_problem(r.articles[0].id).has_value());
}

TEST(JsonLinesReader, NonObjectValueReported) {
  const ReadResult r = read_content("a.jsonl", "[1,2]\n\"text\"\n{\"title\":\"ok\"}\n");
  ASSERT_EQ(r.articles.size(), 1u);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].reason, "JSON value is an array, not an article object");
  EXPECT_EQ(r.problems[1].line, 2u);
}

TEST(JsonLinesReader, InvalidUtf8ReportedWithLineAndNextLineRead) {
  const ReadResult r = read_content("a.jsonl",
                                    "{\"title\":\"one\"}\n"
                                    "{\"title\":\"t\xC3\x28\"}\n"
                                    "{\"title\":\"three\"}\n",
                                    utf8_only());
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].title, "three");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].reason, "invalid UTF-8 at byte 12");
}

TEST(JsonLinesReader, MissingTitleAndBodySkipped) {
  const ReadResult r = read_content("a.jsonl", "{\"id\":\"1\",\"title\":\"  \",\"body\":\"\"}\n");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_EQ(r.problems[0].reason, "article has neither title nor body");
}

TEST(JsonLinesReader, EmptyIdDerivedFromAbsolutePathAndLine) {
  const ReadResult r =
      read_content("dump.jsonl", "\n{\"title\":\"T\"}\n{\"id\":\"\",\"body\":\"B\"}\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_TRUE(r.articles[0].id.starts_with("/")) << r.articles[0].id;
  EXPECT_TRUE(r.articles[0].id.ends_with("/dump.jsonl:2")) << r.articles[0].id;
  EXPECT_TRUE(r.articles[1].id.ends_with("/dump.jsonl:3")) << r.articles[1].id;
  EXPECT_EQ(r.records_seen, 2u);  // the blank line is not a record
}

TEST(JsonLinesReader, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "{\"title\":\"T\",\"x\":" + std::string(100000, '[') +
                           std::string(100000, ']') + "}\n{\"title\":\"after\"}\n";
  const ReadResult r = read_content("deep.jsonl", deep);
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "after");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(r.problems[0].reason.find("deeper") != std::string::npos) << r.problems[0].reason;
}

TEST(JsonLinesReader, NulEscapeIsStripped) {
  const ReadResult r = read_content("a.jsonl", R"({"title":"a\u0000b"})"
                                               "\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "ab");
}

TEST(JsonLinesReader, CrLfLineEndingsAndByteOrderMark) {
  const ReadResult r =
      read_content("a.jsonl", "\xEF\xBB\xBF{\"title\":\"one\"}\r\n{\"title\":\"two\"}\r\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].title, "two");
}

TEST(JsonLinesReader, TitleIsMadeOneLine) {
  const ReadResult r = read_content("a.jsonl", R"({"title":" two\nlines "})"
                                               "\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "two lines");
}

TEST(JsonFileReader, ReadsNewsPleaseArticle) {
  const ReadResult r = read_content(
      "article.json",
      R"({"authors":[],"date_download":"2019-04-09 10:00:00","date_publish":"2018-02-18 20:50:44",)"
      R"("description":"d","language":"ar","maintext":"body text","title":"news title",)"
      R"("url":"https://www.bbc.com/arabic/x","source_domain":"bbc.com"})");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  const Article& a = r.articles[0];
  EXPECT_TRUE(a.id.ends_with("/article.json:1")) << a.id;
  EXPECT_EQ(a.title, "news title");
  EXPECT_EQ(a.body, "body text");
  EXPECT_EQ(a.date, "2018-02-18T20:50:44Z");
  EXPECT_EQ(a.url, "https://www.bbc.com/arabic/x");
}

TEST(JsonFileReader, BrokenFileReported) {
  const ReadResult r = read_content("bad.json", "{\"title\": ");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 0u);
  EXPECT_TRUE(r.problems[0].reason.starts_with("broken JSON")) << r.problems[0].reason;
}

TEST(Dates, IsoFormsAreNormalized) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"2018-02-18", "2018-02-18"},
      {"2018-02-18T20:50:44Z", "2018-02-18T20:50:44Z"},
      {"2018-02-18T20:50:44.123456Z", "2018-02-18T20:50:44Z"},
      {"2018-02-18T22:50:44+02:00", "2018-02-18T20:50:44Z"},
      {"2018-02-18T22:50:44+0200", "2018-02-18T20:50:44Z"},
      {"2018-02-18T01:00:00-03", "2018-02-18T04:00:00Z"},
      {"2018-12-31T23:30:00-01:00", "2019-01-01T00:30:00Z"},
      {"2018-02-18 20:50:44", "2018-02-18T20:50:44Z"},
      {"2018-02-18T20:50", "2018-02-18T20:50:00Z"},
      {" 2016-02-29 ", "2016-02-29"}};
  std::string content;
  for (const auto& [input, expected] : cases) {
    content += R"({"title":"T","date":")" + input + "\"}\n";
  }
  const ReadResult r = read_content("dates.jsonl", content);
  ASSERT_EQ(r.articles.size(), cases.size()) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(r.articles[i].date, cases[i].second) << cases[i].first;
  }
}

TEST(Dates, BadDateReportedAndArticleKeptWithoutDate) {
  const std::vector<std::string> bad{"yesterday",
                                     "2018-02-30",
                                     "2018-13-01",
                                     "2018-02-18T25:00:00Z",
                                     "2018/13/01",
                                     "13/13/2018",
                                     "31/04/2018",
                                     "Sun, 31 Feb 2018 20:50:44 GMT",
                                     "2018-02-18T20:50:44Zjunk"};
  std::string content;
  for (const std::string& date : bad) content += R"({"title":"T","date":")" + date + "\"}\n";
  const ReadResult r = read_content("dates.jsonl", content);
  ASSERT_EQ(r.articles.size(), bad.size());
  // Once for the file, not once a line.
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  for (const Article& a : r.articles) EXPECT_EQ(a.date, "");
  EXPECT_FALSE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].line, 0u);
  EXPECT_EQ(
      r.problems[0].reason,
      "9 of 9 dates unreadable, e.g. line 1: 'yesterday'; their articles kept without a date");
}

TEST(Dates, LongBadDateQuotedShortInTheReport) {
  const ReadResult r =
      read_content("a.jsonl", R"({"title":"T","date":")" + std::string(500, 'x') + "\"}\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, "1 of 1 date unreadable, e.g. line 1: '" + std::string(60, 'x') +
                                      "...'; its article kept without a date");
}

TEST(CsvReader, QuotedFieldsWithNewlinesAndDoubledQuotes) {
  const ReadResult r =
      read_content("a.csv",
                   "id,Title,body,date\r\n"
                   "1,\"Say \"\"hi\"\"\",\"line one\r\nline two, still\",2018-01-02\r\n"
                   "2,plain,text,\r\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "Say \"hi\"");
  EXPECT_EQ(r.articles[0].body, "line one\nline two, still");
  EXPECT_EQ(r.articles[0].date, "2018-01-02");
  EXPECT_EQ(r.articles[1].title, "plain");
}

// A column named twice (ignoring case, as headers are matched): each row keeps the last
// non-blank value of the two, as a JSON record does for a key given twice; the header says so.
TEST(CsvReader, AColumnNamedTwiceKeepsTheLastValue) {
  const ReadResult r = read_content("a.csv",
                                    "title,body,Title\n"
                                    "old,b,new\n"
                                    "kept,b,\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "new");
  EXPECT_EQ(r.articles[1].title, "kept");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_FALSE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].reason,
            "the header row names 'Title' (columns 1 and 3) twice; the last non-blank value kept");
}

TEST(CsvReader, WrongColumnCountReportedAtRecordStart) {
  const ReadResult r = read_content("a.csv",
                                    "title,body\n"
                                    "\"multi\nline\",b,extra\n"
                                    "ok,body\n");
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.articles[0].title, "ok");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].reason, "expected 2 fields, found 3");
  EXPECT_EQ(r.records_seen, 2u);
}

TEST(CsvReader, EmptyIdDerivedFromRecordStartLine) {
  const ReadResult r = read_content("a.csv", "title,body\n\"x\ny\",b\nz,b\n");
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_TRUE(r.articles[0].id.ends_with("/a.csv:2")) << r.articles[0].id;
  EXPECT_TRUE(r.articles[1].id.ends_with("/a.csv:4")) << r.articles[1].id;
}

// The quote never closes: its row is skipped and the lines after it are read again as rows.
TEST(CsvReader, UnterminatedQuoteCostsOnlyItsRow) {
  const ReadResult r =
      read_content("a.csv", "title,body\nok,b\n\"never closed,b\nmore,b\nlast,b\n");
  ASSERT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].title, "more");
  EXPECT_TRUE(r.articles[1].id.ends_with("/a.csv:4")) << r.articles[1].id;
  EXPECT_EQ(r.articles[2].title, "last");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 3u);
  EXPECT_EQ(r.problems[0].reason, "unclosed quote");
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.records_seen, 4u);
}

TEST(CsvReader, InvalidUtf8RecordSkipped) {
  const ReadResult r = read_content("a.csv", "title,body\nt\xFE,b\nok,b\n", utf8_only());
  ASSERT_EQ(r.articles.size(), 1u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].reason, "invalid UTF-8 at byte 2");
}

TEST(CsvReader, HeaderWithoutTitleOrBodyReported) {
  const ReadResult r = read_content("a.csv", "foo,bar\n1,2\n");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, "the header row names no title or body column");
}

TEST(TsvReader, TabSeparatedWithoutQuoting) {
  const ReadResult r =
      read_content("a.tsv", "id\theadline\tcontent\n7\t\"quoted\" title\tbody, with comma\n");
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].id, "7");
  EXPECT_EQ(r.articles[0].title, "\"quoted\" title");
  EXPECT_EQ(r.articles[0].body, "body, with comma");
}

TEST(FormatDetection, FormatOptionOverridesExtension) {
  ReaderOptions options;
  options.format = InputFormat::jsonl;
  const ReadResult r = read_content("looks.txt", "{\"title\":\"a\"}\n{\"title\":\"b\"}\n", options);
  EXPECT_EQ(r.articles.size(), 2u) << describe(r.problems);
}

TEST(FormatDetection, UnknownExtensionSniffedAsJsonLines) {
  const ReadResult r = read_content("dump.data", "  {\"title\":\"a\"}\n");
  EXPECT_EQ(r.articles.size(), 1u) << describe(r.problems);
}

TEST(FormatDetection, UnknownExtensionAndContentReported) {
  const ReadResult r = read_content("notes.md", "# hello\n");
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, "cannot tell the format from the name or content; use --format");
}

}  // namespace
}  // namespace readers_test
}  // namespace bahth
