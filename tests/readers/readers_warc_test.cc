// readers_warc_test.cc: web archives (tests/fixtures/warc, written by make_warc.py there): each
// HTML response record one saved page; requests, metadata, images, error pages passed over and
// counted on one line; chunked and gzip-coded payloads, a charset named only by the HTTP header,
// per-record gzip members and a record cut short.
#include <gtest/gtest.h>

#include <fstream>   // std::ifstream
#include <iterator>  // std::istreambuf_iterator
#include <string>    // std::string

#include "bahth/readers.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_warc_test {
namespace {

using testing::describe;
using testing::read_content;
using testing::read_inputs;
using testing::ReadResult;

const std::string kWarc = std::string(BAHTH_SOURCE_DIR) + "/tests/fixtures/warc";

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_the_three_pages(const ReadResult& r) {
  ASSERT_EQ(r.articles.size(), 3U) << describe(r.problems);
  const Article& first = r.articles[0];
  EXPECT_EQ(first.id, "https://news.example/a/1");  // the page's canonical address
  EXPECT_EQ(first.url, first.id);
  EXPECT_EQ(first.title, "الأمم المتحدة تحذر من مجاعة في اليمن");
  EXPECT_EQ(first.date, "2018-10-15T09:12:44Z");  // the page's own
  EXPECT_TRUE(first.body.starts_with("قالت الأمم المتحدة")) << first.body;
  const Article& chunked = r.articles[1];             // chunked, then gzip, no date of its own
  EXPECT_EQ(chunked.id, "https://news.example/a/2");  // WARC-Target-URI
  EXPECT_EQ(chunked.title, "مساعدات إنسانية تصل إلى الحديدة");
  EXPECT_EQ(chunked.date, "2018-10-16T08:30:00Z");  // WARC-Date
  EXPECT_TRUE(has(chunked.body, "دون قيود إلى المدن.")) << chunked.body;
  const Article& legacy = r.articles[2];  // windows-1256, said by the HTTP header alone
  EXPECT_EQ(legacy.title, "اجتماع في جنيف حول اليمن");
  EXPECT_TRUE(legacy.body.starts_with("قالت الأمم المتحدة")) << legacy.body;
  EXPECT_EQ(legacy.origin_file.empty(), false);
}

TEST(Warc, HtmlResponsesAreSavedPagesAndTheRestCountedOnOneLine) {
  const ReadResult r = read_inputs({kWarc + "/news.warc"});
  expect_the_three_pages(r);
  EXPECT_EQ(r.records_seen, 4U);  // three pages and the cut one
  std::vector<std::string> skipped;
  std::vector<std::string> notes;
  for (const ReadProblem& p : r.problems) {
    (p.skipped ? skipped : notes).push_back(p.reason);
  }
  ASSERT_EQ(skipped.size(), 1U) << describe(r.problems);
  EXPECT_TRUE(skipped[0].starts_with(
      "record at byte 5768 (https://news.example/a/4): cut off: its Content-Length ("))
      << skipped[0];
  EXPECT_TRUE(skipped[0].ends_with(" bytes) runs past the end of the file")) << skipped[0];
  ASSERT_EQ(notes.size(), 1U) << describe(r.problems);
  EXPECT_EQ(notes[0],
            "6 records passed over, not articles (1 request, 1 metadata, 1 warcinfo, 1 revisit, "
            "1 not HTML, 1 not HTTP 200)");
}

TEST(Warc, GzipMembersAndOtherCompressionsAndTheMagic) {
  const ReadResult gz = read_inputs({kWarc + "/news.warc.gz"});
  expect_the_three_pages(gz);
  EXPECT_EQ(gz.records_seen, 3U);
  // By its first bytes, whatever its name, inside xz too.
  const std::string bytes = file_bytes(kWarc + "/news.warc");
  expect_the_three_pages(read_content("crawl-00001", bytes));
  expect_the_three_pages(read_content("crawl.dat.xz", testing::xz(bytes)));
  ReaderOptions options;
  options.format = parse_input_format("warc");
  expect_the_three_pages(read_content("crawl.txt", bytes, options));
}

TEST(Warc, APageLargerThanTheBoundIsReportedAndTheOthersRead) {
  ReaderOptions options;
  options.max_article_bytes = 500;  // the windows-1256 page (370 bytes) fits, the others not
  const ReadResult r = read_inputs({kWarc + "/news.warc.gz"}, options);
  ASSERT_EQ(r.articles.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.articles[0].id, "https://news.example/a/3");
  std::vector<std::string> skipped;
  for (const ReadProblem& p : r.problems) {
    if (p.skipped) skipped.push_back(p.reason);
  }
  ASSERT_EQ(skipped.size(), 2U) << describe(r.problems);
  EXPECT_TRUE(skipped[0].starts_with("record at byte ") && has(skipped[0], "larger than"))
      << skipped[0];
  EXPECT_TRUE(has(skipped[1], "(https://news.example/a/2): its page inflates to more than 500"))
      << skipped[1];
  EXPECT_EQ(r.records_seen, 3U);
}

TEST(Warc, NotAWarcRecordIsReportedWithItsOffsetAndTheNextRecordRead) {
  const std::string bytes = file_bytes(kWarc + "/news.warc");
  const ReadResult r = read_content("bad.warc", bytes.substr(0, 5768) + "GARBAGE\r\n\r\n");
  EXPECT_EQ(r.articles.size(), 3U) << describe(r.problems);
  bool named = false;
  for (const ReadProblem& p : r.problems) {
    named = named || p.reason ==
                         "record at byte 5768: not a WARC record header; no record follows it "
                         "(11 bytes passed over)";
  }
  EXPECT_TRUE(named) << describe(r.problems);
  // Garbage between two records costs only itself: the pages after it are read.
  const ReadResult between = read_content("between.warc", "GARBAGE\r\n\r\n" + bytes);
  EXPECT_EQ(between.articles.size(), 3U) << describe(between.problems);
  ASSERT_FALSE(between.problems.empty());
  EXPECT_EQ(between.problems[0].reason,
            "record at byte 0: not a WARC record header; skipped, read on from the next record, "
            "at byte 11 (11 bytes passed over)");
}

// One HTML response record of `page`, whose Content-Length says `lie` bytes more (or fewer)
// than its block holds.
std::string response_record(const std::string& uri, const std::string& title, long lie = 0) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "قالت الحكومة إن الاقتصاد ينمو بسرعة هذا العام. ";
  const std::string block =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<!doctype "
      "html><html><head><title>" +
      title + "</title></head><body><article><h1>" + title + "</h1><p>" + text + "</p><p>" + text +
      "</p></article></body></html>";
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
         "\r\nContent-Length: " + std::to_string(static_cast<long>(block.size()) + lie) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

// A Content-Length that lies (a record cut, or one that swallows the start of the next) costs
// its own record, reported and counted: the records after it are read (before, the first lie
// ended the file, or a long one took in the next record's page).
TEST(Warc, AContentLengthThatLiesCostsItsOwnRecordOnly) {
  for (const long lie : {-100L, -1L, 5L, 600L, 3000L}) {
    SCOPED_TRACE(lie);
    std::string warc;
    for (int i = 0; i < 5; ++i) {
      warc += response_record("https://x.example/" + std::to_string(i),
                              "عنوان المقال رقم " + std::to_string(i), i == 1 ? lie : 0);
    }
    const ReadResult r = read_content("lie.warc", warc);
    std::vector<std::string> ids;
    for (const Article& a : r.articles) ids.push_back(a.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"https://x.example/0", "https://x.example/2",
                                             "https://x.example/3", "https://x.example/4"}))
        << describe(r.problems);
    ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
    EXPECT_TRUE(r.problems[0].skipped);
    const std::string first = response_record("https://x.example/0", "عنوان المقال رقم 0");
    EXPECT_TRUE(r.problems[0].reason.starts_with("record at byte " + std::to_string(first.size()) +
                                                 " (https://x.example/1): its Content-Length ("))
        << r.problems[0].reason;
    EXPECT_TRUE(has(r.problems[0].reason,
                    " does not end at a record's end; skipped, read on "
                    "from the next record, at byte "))
        << r.problems[0].reason;
    EXPECT_EQ(r.records_seen, 5U);
  }
}

}  // namespace
}  // namespace readers_warc_test
}  // namespace bahth
