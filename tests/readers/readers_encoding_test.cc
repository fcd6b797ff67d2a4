// readers_encoding_test.cc: inputs in legacy Arabic code pages and UTF-16, detected and converted
// to UTF-8 for every format, and UTF-8 never mistaken for anything else.
#include <gtest/gtest.h>

#include <fstream>   // std::ifstream
#include <iterator>  // std::istreambuf_iterator
#include <string>    // std::string
#include <vector>    // std::vector

#include "bahth/error.h"
#include "bahth/readers.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_encoding_test {
namespace {

using testing::describe;
using testing::fresh_test_dir;
using testing::read_inputs;
using testing::ReadResult;
using testing::write_file;

const std::string kFixtures = BAHTH_SOURCE_DIR "/tests/fixtures/encodings/";

// The article every encoded fixture holds, as read from its UTF-8 original.
Article utf8_article() {
  const ReadResult r = read_inputs({kFixtures + "article-utf8.txt"});
  EXPECT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  return r.articles.empty() ? Article{} : r.articles[0];
}

// The notes (kept-record problems) of a read, which is where the encoding used is reported.
std::string notes_of(const ReadResult& r) {
  std::string notes;
  for (const ReadProblem& p : r.problems) {
    if (!p.skipped) notes += p.reason + "\n";
  }
  return notes;
}

void expect_same_text(const Article& got, const Article& want) {
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.body, want.body);
  EXPECT_EQ(got.captions, want.captions);
}

TEST(Encodings, Windows1256TextArticleDetectedAndConverted) {
  const Article want = utf8_article();
  const ReadResult r = read_inputs({kFixtures + "article-windows-1256.txt"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  expect_same_text(r.articles[0], want);
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "read as windows-1256 (detected)");
  EXPECT_EQ(r.problems[0].line, 0u);
  EXPECT_FALSE(r.problems[0].skipped);
}

TEST(Encodings, Iso8859_6TextArticleDetectedAndConverted) {
  const Article want = utf8_article();
  const ReadResult r = read_inputs({kFixtures + "article-iso-8859-6.txt"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  expect_same_text(r.articles[0], want);
  EXPECT_EQ(notes_of(r), "read as ISO-8859-6 (detected)\n");
}

TEST(Encodings, Utf16WithByteOrderMarkBothWays) {
  const Article want = utf8_article();
  for (const char* name : {"article-utf16le-bom.txt", "article-utf16be-bom.txt"}) {
    const ReadResult r = read_inputs({kFixtures + name});
    ASSERT_EQ(r.articles.size(), 1u) << name << describe(r.problems);
    expect_same_text(r.articles[0], want);
    const std::string order = std::string(name).find("16le") != std::string::npos ? "LE" : "BE";
    EXPECT_EQ(notes_of(r), "read as UTF-16 (UTF-16" + order + " byte order mark)\n") << name;
  }
}

TEST(Encodings, Utf16WithoutByteOrderMarkRecognized) {
  std::string utf16;  // "خبر\nنص الخبر" in UTF-16LE, no mark
  for (const char16_t c : std::u16string(u"خبر عاجل\nنص الخبر هنا\n")) {
    utf16 += static_cast<char>(c & 0xFF);
    utf16 += static_cast<char>(c >> 8);
  }
  const std::string path = fresh_test_dir() + "/a.txt";
  write_file(path, utf16);
  const ReadResult r = read_inputs({path});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "خبر عاجل");
  EXPECT_EQ(r.articles[0].body, "نص الخبر هنا");
}

TEST(Encodings, Windows1256CsvGzippedOrNot) {
  const std::string dir = fresh_test_dir();
  const ReadResult plain = read_inputs({kFixtures + "articles-windows-1256.csv"});
  const ReadResult want = read_inputs({kFixtures + "articles-utf8.csv"});
  ASSERT_EQ(want.articles.size(), 2u) << describe(want.problems);
  ASSERT_EQ(plain.articles.size(), 2u) << describe(plain.problems);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(plain.articles[i].title, want.articles[i].title);
    EXPECT_EQ(plain.articles[i].body, want.articles[i].body);
    EXPECT_EQ(plain.articles[i].section, want.articles[i].section);
  }
  EXPECT_EQ(notes_of(plain), "read as windows-1256 (detected)\n");

  std::ifstream in(kFixtures + "articles-windows-1256.csv", std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  write_file(dir + "/a.csv.gz", testing::gzip(bytes));
  const ReadResult gzipped = read_inputs({dir + "/a.csv.gz"});
  ASSERT_EQ(gzipped.articles.size(), 2u) << describe(gzipped.problems);
  EXPECT_EQ(gzipped.articles[1].title, want.articles[1].title);
}

TEST(Encodings, Windows1256JsonLinesAndNewsPleaseJson) {
  // The JSON texts' Arabic in Windows-1256: bytes that are not UTF-8.
  const std::string title = "\xC7\xE1\xC3\xCE\xC8\xC7\xD1";  // الأخبار
  const std::string body = "\xE4\xD5 \xC7\xE1\xCE\xC8\xD1";  // نص الخبر
  const std::string dir = fresh_test_dir();
  std::string lines;
  for (int i = 0; i < 40; ++i) {  // enough text for the detector to be sure
    lines += R"({"id":"j)" + std::to_string(i) + R"(","title":")" + title + R"(","body":")" + body +
             " " + title + R"("})" + "\n";
  }
  write_file(dir + "/a.jsonl", lines);
  write_file(dir + "/b.json", R"({"title":")" + title + R"(","maintext":")" + body + " " + body +
                                  " " + title + R"("})");
  const ReadResult r = read_inputs({dir + "/a.jsonl", dir + "/b.json"});
  ASSERT_EQ(r.articles.size(), 41u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "الأخبار");
  EXPECT_EQ(r.articles[0].body, "نص الخبر الأخبار");
  EXPECT_EQ(r.articles[40].body, "نص الخبر نص الخبر الأخبار");
}

TEST(Encodings, EncodingOptionOverridesDetection) {
  ReaderOptions options;
  options.encoding = parse_encoding_name("ISO-8859-6");
  // Windows-1256 read as ISO-8859-6, as told: the letters the two share come out right, the
  // others do not, and the bytes ISO-8859-6 lacks are replaced and counted.
  const ReadResult r = read_inputs({kFixtures + "article-windows-1256.txt"}, options);
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_NE(r.articles[0].title, utf8_article().title);
  EXPECT_NE(notes_of(r).find("not valid in the file's encoding, replaced with U+FFFD"),
            std::string::npos)
      << describe(r.problems);
  EXPECT_EQ(notes_of(r).find("read as"), std::string::npos);  // the user chose: no note

  options.encoding = parse_encoding_name("cp1256");  // an alias ICU knows
  const ReadResult right = read_inputs({kFixtures + "article-windows-1256.txt"}, options);
  ASSERT_EQ(right.articles.size(), 1u) << describe(right.problems);
  EXPECT_EQ(right.articles[0].title, utf8_article().title);
  EXPECT_TRUE(right.problems.empty()) << describe(right.problems);

  options.encoding = parse_encoding_name("utf8");  // UTF-8 named: read as today, no conversion
  const ReadResult as_utf8 = read_inputs({kFixtures + "article-windows-1256.txt"}, options);
  EXPECT_TRUE(as_utf8.articles.empty());
  ASSERT_EQ(as_utf8.problems.size(), 1u) << describe(as_utf8.problems);
  EXPECT_EQ(as_utf8.problems[0].reason.rfind("invalid UTF-8", 0), 0u);
}

TEST(Encodings, BadEncodingNameIsAUsageErrorNamingIt) {
  EXPECT_EQ(parse_encoding_name("auto"), "auto");
  EXPECT_EQ(parse_encoding_name("windows-1256"), "windows-1256");
  try {
    parse_encoding_name("klingon-8");
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--encoding klingon-8"), std::string::npos) << e.what();
  }
}

// UTF-8 Arabic must never be taken for a legacy code page (whose bytes it would turn to
// nonsense), whatever its length, and costs no note.
TEST(Encodings, Utf8ArabicIsNeverMisread) {
  const std::string dir = fresh_test_dir();
  const std::string word = "الاقتصاد ";  // 2-byte letters: plenty of bytes a code page maps
  std::string long_text = "عنوان\n";
  // Over the 64 KiB sample, cut inside a two-byte letter at every possible offset around it.
  while (long_text.size() < (64u << 10) + 64) long_text += word;
  write_file(dir + "/short.txt", "نعم\n");
  write_file(dir + "/one.txt", "ب");
  write_file(dir + "/long.txt", long_text);
  write_file(dir + "/long1.txt", "x" + long_text);
  // ASCII up to the sample's last byte, the lead byte of the first Arabic letter.
  std::string ascii_then_arabic = "Title\n";
  ascii_then_arabic.append((64u << 10) - 1 - ascii_then_arabic.size(), 'a');
  write_file(dir + "/ascii.txt", ascii_then_arabic + "ب\n");
  const ReadResult r = read_inputs({dir + "/short.txt", dir + "/one.txt", dir + "/long.txt",
                                    dir + "/long1.txt", dir + "/ascii.txt",
                                    kFixtures + "article-utf8.txt", BAHTH_SOURCE_DIR "/data/seed",
                                    BAHTH_SOURCE_DIR "/data/bbc-arabic-sample.jsonl.gz"});
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  ASSERT_GE(r.articles.size(), 6u);
  EXPECT_EQ(r.articles[0].title, "نعم");
  EXPECT_EQ(r.articles[1].title, "ب");
  EXPECT_EQ(r.articles[2].title, "عنوان");
  EXPECT_TRUE(r.articles[4].body.ends_with("aب")) << r.articles[4].body.substr(0, 20);
}

TEST(Encodings, UnsureGuessIsNamedNotActedOn) {
  // One Latin-1 byte in ASCII: not UTF-8, and too little text for the detector to be sure. A
  // guess is not acted on (outside the Arabic code pages): the file is read as UTF-8, its bad
  // record reported, and the note names the guess.
  const std::string path = fresh_test_dir() + "/a.txt";
  write_file(path, "Title\n\xe4\n");
  const ReadResult r = read_inputs({path});
  EXPECT_TRUE(r.articles.empty());
  EXPECT_EQ(notes_of(r),
            "encoding unsure: not valid UTF-8, and ICU's charset detector is only 33% sure of "
            "ISO-8859-1: read as UTF-8; give --encoding ISO-8859-1 if that is right\n")
      << describe(r.problems);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[1].reason, "invalid UTF-8 at byte 1");
}

TEST(Encodings, UnsureArabicCodePageIsActedOnAndSaid) {
  // Two words over and over: too little variety for the detector to be sure (44%).
  std::string lines;
  for (int i = 0; i < 20; ++i) {
    lines += R"({"id":")" + std::to_string(i) + R"(","title":")" +
             "\xC7\xE1\xC3\xCE\xC8\xC7\xD1 \xE4\xD5\"}\n";  // الأخبار نص
  }
  const std::string path = fresh_test_dir() + "/a.jsonl";
  write_file(path, lines);
  const ReadResult r = read_inputs({path});
  ASSERT_EQ(r.articles.size(), 20u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "الأخبار نص");
  EXPECT_EQ(notes_of(r),
            "encoding unsure: read as windows-1256 (ICU's charset detector is 44% sure); give "
            "--encoding NAME if the text comes out wrong\n");
}

// A UTF-8 dump with a corrupt byte stays UTF-8: its other records are not garbled, and the bad
// one is reported as invalid UTF-8.
TEST(Encodings, Utf8WithACorruptByteStaysUtf8) {
  std::string lines;
  for (int i = 0; i < 20; ++i) {
    lines += R"({"id":")" + std::to_string(i) + R"(","title":"خبر عن الاقتصاد"})" + "\n";
  }
  lines += "{\"id\":\"bad\",\"title\":\"\xC7\xE1\"}\n";
  const std::string path = fresh_test_dir() + "/a.jsonl";
  write_file(path, lines);
  const ReadResult r = read_inputs({path});
  ASSERT_EQ(r.articles.size(), 20u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "خبر عن الاقتصاد");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 21u);
  EXPECT_TRUE(r.problems[0].skipped);
}

TEST(Encodings, LargeLegacyFileConvertedInChunks) {
  // Several conversion chunks of JSON Lines in Windows-1256 (the fixture article's paragraphs),
  // each line its own record: every one comes out whole, whatever chunk boundary it crosses.
  std::ifstream in(kFixtures + "article-windows-1256.txt", std::ios::binary);
  std::vector<std::string> paragraphs;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) paragraphs.push_back(line);
  }
  const Article want = utf8_article();
  std::vector<std::string> want_titles;
  for (std::size_t start = 0; start < want.body.size();) {
    const std::size_t end = want.body.find('\n', start);
    want_titles.push_back(want.body.substr(start, end - start));
    start = end == std::string::npos ? want.body.size() : end + 1;
  }
  want_titles.insert(want_titles.begin(), want.title);
  want_titles.insert(want_titles.begin() + 3, want.captions[0]);  // the credit line
  ASSERT_EQ(paragraphs.size(), want_titles.size());
  std::string lines;
  std::size_t count = 0;
  while (lines.size() < (1u << 20)) {
    lines += R"({"id":")" + std::to_string(count) + R"(","title":")" +
             paragraphs[count % paragraphs.size()] + "\"}\n";
    ++count;
  }
  const std::string path = fresh_test_dir() + "/big.jsonl.gz";
  write_file(path, testing::gzip(lines));
  const ReadResult r = read_inputs({path});
  ASSERT_EQ(r.articles.size(), count) << describe(r.problems);
  EXPECT_EQ(notes_of(r), "read as windows-1256 (detected)\n");
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_EQ(r.articles[i].title, want_titles[i % want_titles.size()]) << i;
  }
}

}  // namespace
}  // namespace readers_encoding_test
}  // namespace bahth
