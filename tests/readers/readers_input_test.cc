// readers_input_test.cc: gzip, directory walks, missing files, size limits and the real corpora.
#include <fcntl.h>  // open
#include <gtest/gtest.h>
#include <sys/resource.h>  // getrusage
#include <unistd.h>        // access
#include <zlib.h>

#include <filesystem>  // std::filesystem
#include <string>      // std::string

#include "bahth/readers.h"
#include "reader_test_support.h"

namespace bahth {
namespace readers_input_test {
namespace {

namespace fs = std::filesystem;
using testing::describe;
using testing::fresh_test_dir;
using testing::gzip;
using testing::read_inputs;
using testing::ReadResult;
using testing::write_file;

std::string jsonl_lines(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    text += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"t" + std::to_string(i) + "\"}\n";
  }
  return text;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// `bytes` bytes of 'a' with no newline, then "\n" and `tail`, as one gzip member built in
// pieces so the test itself stays small in memory.
std::string gzip_bomb(std::size_t bytes, const std::string& tail) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  const std::string piece(1 << 20, 'a');
  std::string out;
  char buffer[1 << 16];
  auto pump = [&](const std::string& in, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  };
  for (std::size_t done = 0; done < bytes; done += piece.size()) pump(piece, Z_NO_FLUSH);
  pump("\n" + tail, Z_FINISH);
  deflateEnd(&z);
  return out;
}

TEST(Gzip, DetectedByContentDespiteWrongExtension) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/plain-name.jsonl", gzip(jsonl_lines(1, 3)));
  write_file(dir + "/no-extension", gzip(jsonl_lines(4, 2)));
  const ReadResult r = read_inputs({dir + "/plain-name.jsonl", dir + "/no-extension"});
  EXPECT_EQ(r.articles.size(), 5u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(Gzip, ExtensionAfterStrippingGzChoosesFormat) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/a.csv.gz", gzip("title,body\nT,B\n"));
  const ReadResult r = read_inputs({dir + "/a.csv.gz"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].body, "B");
}

TEST(Gzip, MultiMemberReadCompletely) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/multi.jsonl.gz",
             gzip(jsonl_lines(1, 2)) + gzip(jsonl_lines(3, 2)) + gzip(jsonl_lines(5, 1)));
  const ReadResult r = read_inputs({dir + "/multi.jsonl.gz"});
  ASSERT_EQ(r.articles.size(), 5u) << describe(r.problems);
  EXPECT_EQ(r.articles[4].id, "5");
}

TEST(Gzip, TruncatedReportedAndEarlierRecordsKept) {
  const std::string dir = fresh_test_dir();
  const std::string full = gzip(jsonl_lines(1, 2000));
  write_file(dir + "/cut.jsonl.gz", full.substr(0, full.size() / 2));
  write_file(dir + "/next.jsonl", jsonl_lines(9001, 1));
  const ReadResult r = read_inputs({dir + "/cut.jsonl.gz", dir + "/next.jsonl"});
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "truncated gzip data (unexpected end of file)");
  EXPECT_TRUE(r.problems[0].skipped);
  ASSERT_GT(r.articles.size(), 100u);
  EXPECT_EQ(r.articles.back().id, "9001");
  const std::size_t from_cut = r.articles.size() - 1;
  EXPECT_EQ(r.articles[from_cut - 1].id, std::to_string(from_cut));
  EXPECT_EQ(r.problems[0].line, from_cut + 1);  // the line that was being read
}

TEST(Gzip, CorruptDataReported) {
  const std::string dir = fresh_test_dir();
  std::string data = gzip(jsonl_lines(1, 50));
  for (std::size_t i = 20; i < data.size() - 10; i += 7) data[i] = static_cast<char>(~data[i]);
  write_file(dir + "/bad.jsonl.gz", data);
  const ReadResult r = read_inputs({dir + "/bad.jsonl.gz"});
  ASSERT_FALSE(r.problems.empty());
  EXPECT_TRUE(r.problems.back().reason.find("gzip") != std::string::npos) << describe(r.problems);
}

// An archive holds files, not a stream: it is named, with how to read it, and skipped once
// (read as text, it was said to be in an unsure encoding and of a format --format should name,
// which no --format can help); met in a directory it is reported, not passed over.
TEST(Archives, NamedWithHowToReadThem) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/in/a.zip", std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10));
  write_file(dir + "/in/b.7z", std::string("7z\xbc\xaf\x27\x1c\x00\x04", 8));
  write_file(dir + "/in/c.png", std::string("\x89PNG\r\n", 6));
  write_file(dir + "/in/d.jsonl", jsonl_lines(1, 2));
  const ReadResult r = read_inputs({dir + "/in"});
  EXPECT_EQ(r.articles.size(), 2U);
  ASSERT_EQ(r.problems.size(), 2U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].path, dir + "/in/a.zip");
  EXPECT_EQ(r.problems[0].reason,
            "an archive: zip (unzip it, then index the folder); bahth reads gzip, xz, zstd and "
            "bzip2 files, not archives");
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].line, 0U);
  EXPECT_TRUE(r.problems[1].reason.starts_with("an archive: 7-Zip")) << describe(r.problems);
  // A text that only starts with "BZh" or "PK" is a text.
  const ReadResult text = testing::read_content("bzh.txt", "BZh9 is a title\nand a body\n");
  ASSERT_EQ(text.articles.size(), 1U) << describe(text.problems);
  EXPECT_EQ(text.articles[0].title, "BZh9 is a title");
}

// A folder of spreadsheets or PDFs was passed over in silence ("0 articles", exit 0), and an
// .xlsx named alone was an archive to unzip: each is named with what to do instead.
TEST(Archives, OfficeDocumentsAndPdfsAreNamedWithWhatToDo) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/in/book.XLSX", std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10));
  write_file(dir + "/in/report.pdf", "%PDF-1.4\n");
  write_file(dir + "/in/d.jsonl", jsonl_lines(1, 2));
  const ReadResult r = read_inputs({dir + "/in"});
  EXPECT_EQ(r.articles.size(), 2U);
  ASSERT_EQ(r.problems.size(), 2U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].path, dir + "/in/book.XLSX");
  EXPECT_TRUE(
      r.problems[0].reason.starts_with("a spreadsheet, which bahth does not read: save it "
                                       "as CSV"))
      << describe(r.problems);
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_TRUE(r.problems[1].reason.starts_with("a document (pdf), which bahth does not read"))
      << describe(r.problems);
  const ReadResult alone = read_inputs({dir + "/in/book.XLSX"});
  ASSERT_EQ(alone.problems.size(), 1U) << describe(alone.problems);
  EXPECT_TRUE(alone.problems[0].reason.starts_with("a spreadsheet")) << describe(alone.problems);
}

// xz, zstd and bzip2 as gzip is: by content whatever the name, their suffix looked through for
// the format, concatenated streams or frames read to the end.
struct Compression {
  const char* name;
  const char* suffix;
  std::string (*compress)(std::string_view);
};

std::string xz_default(std::string_view data) { return testing::xz(data); }

class Compressed : public ::testing::TestWithParam<Compression> {};

TEST_P(Compressed, ReadByContentAndSuffixLookedThrough) {
  const Compression& c = GetParam();
  const std::string dir = fresh_test_dir();
  write_file(dir + "/a.csv" + c.suffix, c.compress("title,body\nT,B\n"));
  write_file(dir + "/no-extension", c.compress(jsonl_lines(1, 3)));
  write_file(dir + "/wrong.jsonl.gz", c.compress(jsonl_lines(4, 1)));
  const ReadResult r = read_inputs({dir});
  ASSERT_EQ(r.articles.size(), 2U) << describe(r.problems);  // no-extension: not in a directory
  EXPECT_EQ(r.articles[0].body, "B");
  EXPECT_EQ(r.articles[1].id, "4");
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  const ReadResult named = read_inputs({dir + "/no-extension"});
  EXPECT_EQ(named.articles.size(), 3U) << describe(named.problems);
}

TEST_P(Compressed, ConcatenatedStreamsReadCompletely) {
  const Compression& c = GetParam();
  const std::string dir = fresh_test_dir();
  write_file(dir + "/multi.jsonl" + c.suffix, c.compress(jsonl_lines(1, 2)) +
                                                  c.compress(jsonl_lines(3, 2)) +
                                                  c.compress(jsonl_lines(5, 1)));
  const ReadResult r = read_inputs({dir + "/multi.jsonl" + c.suffix});
  ASSERT_EQ(r.articles.size(), 5U) << describe(r.problems);
  EXPECT_EQ(r.articles[4].id, "5");
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

// Cut in the middle: the records decoded before the cut are kept, the one being read when the
// input ended is reported (and counted as skipped) at its line, and the next input is read.
TEST_P(Compressed, TruncatedReportedAndEarlierRecordsKept) {
  const Compression& c = GetParam();
  const std::string dir = fresh_test_dir();
  // bzip2 decodes whole blocks of up to 900 kB: enough lines that the cut leaves some whole.
  const std::string full = c.compress(jsonl_lines(1, 60000));
  write_file(dir + "/cut.jsonl" + c.suffix, full.substr(0, full.size() * 3 / 4));
  write_file(dir + "/next.jsonl", jsonl_lines(90001, 1));
  const ReadResult r = read_inputs({dir + "/cut.jsonl" + c.suffix, dir + "/next.jsonl"});
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason,
            std::string("truncated ") + c.name + " data (unexpected end of file)");
  EXPECT_TRUE(r.problems[0].skipped);
  ASSERT_GT(r.articles.size(), 1000U);
  EXPECT_EQ(r.articles.back().id, "90001");
  const std::size_t from_cut = r.articles.size() - 1;
  EXPECT_EQ(r.articles[from_cut - 1].id, std::to_string(from_cut));
  EXPECT_EQ(r.problems[0].line, from_cut + 1);  // the line that was being read
}

TEST_P(Compressed, CorruptDataNamedWithItsOffset) {
  const Compression& c = GetParam();
  const std::string dir = fresh_test_dir();
  std::string data = c.compress(jsonl_lines(1, 5000));
  for (std::size_t i = data.size() / 2; i < data.size() / 2 + 64; ++i) {
    data[i] = static_cast<char>(~data[i]);
  }
  write_file(dir + "/bad.jsonl" + c.suffix, data);
  const ReadResult r = read_inputs({dir + "/bad.jsonl" + c.suffix});
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  const std::string prefix = std::string("corrupt ") + c.name + " data near compressed byte ";
  ASSERT_TRUE(r.problems[0].reason.starts_with(prefix)) << describe(r.problems);
  const std::size_t offset = std::stoul(r.problems[0].reason.substr(prefix.size()));
  EXPECT_GT(offset, 0U);
  EXPECT_LE(offset, data.size());
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_LT(r.articles.size(), 5000U);
}

// A line of 128 MiB of 'a' (the same compressed MiB, 128 streams one after another, so the test
// itself stays small in memory): refused as too long, memory not grown with it, and the line
// after it read.
TEST_P(Compressed, BombLineRefusedWithBoundedMemory) {
  const Compression& c = GetParam();
  const std::string dir = fresh_test_dir();
  const std::string piece = c.compress(std::string(1U << 20, 'a'));
  std::string bomb;
  for (int i = 0; i < 128; ++i) bomb += piece;
  bomb += c.compress("\n" + jsonl_lines(1, 1));
  write_file(dir + "/bomb.jsonl" + c.suffix, bomb);
  ReaderOptions options;
  options.max_article_bytes = 1U << 20;
  const long rss_before = peak_rss_kib();
  const ReadResult r = read_inputs({dir + "/bomb.jsonl" + c.suffix}, options);
  const long rss_growth_mib = (peak_rss_kib() - rss_before) / 1024;
  ASSERT_EQ(r.problems.size(), 1U) << describe(r.problems);
  EXPECT_EQ(r.problems[0].reason, "line larger than max_article_bytes (1048576 bytes)");
  ASSERT_EQ(r.articles.size(), 1U);
  EXPECT_EQ(r.articles[0].id, "1");
  // Under 64 MiB, half the line: ASan's quarantine keeps the 128 bzip2 decoders' freed tables.
  EXPECT_LT(rss_growth_mib, 64) << "peak memory grew with the line";
}

INSTANTIATE_TEST_SUITE_P(Decompression, Compressed,
                         ::testing::Values(Compression{"xz", ".xz", xz_default},
                                           Compression{"zstd", ".zst", testing::zstd},
                                           Compression{"bzip2", ".bz2", testing::bzip2}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Gzip, BombLineRefusedWithBoundedMemory) {
  const std::string dir = fresh_test_dir();
  constexpr std::size_t kLineBytes = 256u << 20;
  write_file(dir + "/bomb.jsonl.gz", gzip_bomb(kLineBytes, jsonl_lines(1, 1)));
  ReaderOptions options;
  options.max_article_bytes = 1u << 20;
  const long rss_before = peak_rss_kib();
  const ReadResult r = read_inputs({dir + "/bomb.jsonl.gz"}, options);
  const long rss_growth_mib = (peak_rss_kib() - rss_before) / 1024;
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_EQ(r.problems[0].reason, "line larger than max_article_bytes (1048576 bytes)");
  ASSERT_EQ(r.articles.size(), 1u);  // the line after the bomb is still read
  EXPECT_EQ(r.articles[0].id, "1");
  EXPECT_LT(rss_growth_mib, 64) << "peak memory grew with the line";
}

TEST(Limits, OversizedJsonLineSkippedAndNextLineRead) {
  const std::string dir = fresh_test_dir();
  const std::string big = "{\"title\":\"" + std::string(5000, 'x') + "\"}\n";
  write_file(dir + "/a.jsonl", jsonl_lines(1, 1) + big + jsonl_lines(3, 1));
  ReaderOptions options;
  options.max_article_bytes = 1000;
  const ReadResult r = read_inputs({dir + "/a.jsonl"}, options);
  ASSERT_EQ(r.articles.size(), 2u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].id, "3");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
}

TEST(Limits, OversizedTextFileReported) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/big.txt", "Title\n" + std::string(10000, 'x') + "\n");
  ReaderOptions options;
  options.max_article_bytes = 1000;
  const ReadResult r = read_inputs({dir + "/big.txt"}, options);
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, "file larger than max_article_bytes (1000 bytes)");
}

TEST(Limits, OversizedCsvRecordSkippedAndNextRecordRead) {
  const std::string dir = fresh_test_dir();
  std::string csv = "title,body\n\"long";
  for (int i = 0; i < 100; ++i) csv += "\n" + std::string(50, 'y');
  csv += "\",b\nok,b\n";
  write_file(dir + "/a.csv", csv);
  ReaderOptions options;
  options.max_article_bytes = 1000;
  const ReadResult r = read_inputs({dir + "/a.csv"}, options);
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].title, "ok");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].reason, "record larger than max_article_bytes (1000 bytes)");
}

// One physical line over the limit inside a quoted field: its content is dropped, but its quotes
// are still followed (escaped "" included, wherever the reader's chunks cut them), so the record
// ends where its quotes close and every later row is read.
TEST(Limits, OversizedCsvLineInQuotesKeepsTheRowsAfterIt) {
  const std::string dir = fresh_test_dir();
  std::string csv = "id,title,body\n1,t1,b1\n2,t2,\"";
  for (int i = 0; i < 2000; ++i) csv += "ab\"\", ";
  csv += "\n\"\" a quoted line, \"\"more\"\"\n\",x\n3,t3,b3\n4,t4,\"b4\"\n";
  write_file(dir + "/a.csv", csv);
  ReaderOptions options;
  options.max_article_bytes = 1000;
  const ReadResult r = read_inputs({dir + "/a.csv"}, options);
  ASSERT_EQ(r.articles.size(), 3u) << describe(r.problems);
  EXPECT_EQ(r.articles[1].id, "3");
  EXPECT_EQ(r.articles[2].body, "b4");
  ASSERT_EQ(r.problems.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.problems[0].line, 3u);
  EXPECT_EQ(r.problems[0].reason, "record larger than max_article_bytes (1000 bytes)");
  EXPECT_EQ(r.records_seen, 4u);
}

// The same line, shorter than the reader's buffer but over the limit, and a TSV line.
TEST(Limits, OversizedLinesSkippedInEveryLineFormat) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/a.csv", "title,body\nt1,\"" + std::string(1500, 'q') +
                                 "\nstill \"\"quoted\"\", here\n\"\nt3,b3\n");
  write_file(dir + "/b.tsv", "title\tbody\nt1\t" + std::string(5000, 'q') + "\"\nt3\tb3\n");
  ReaderOptions options;
  options.max_article_bytes = 1024;
  for (const char* name : {"/a.csv", "/b.tsv"}) {
    const ReadResult r = read_inputs({dir + name}, options);
    ASSERT_EQ(r.articles.size(), 1u) << name << describe(r.problems);
    EXPECT_EQ(r.articles[0].title, "t3");
    EXPECT_EQ(r.problems.size(), 1u) << describe(r.problems);
  }
}

TEST(Directories, WalkedInSortedOrderWithAbsolutePathIds) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/b.txt", "B\nbody\n");
  write_file(dir + "/a/z.txt", "Z\nbody\n");
  write_file(dir + "/a/c.txt", "C\nbody\n");
  write_file(dir + "/a/d.jsonl", "{\"title\":\"D\"}\n");
  write_file(dir + "/.hidden.txt", "H\nbody\n");
  write_file(dir + "/.git/x.txt", "X\nbody\n");
  write_file(dir + "/notes.md", "not an article\n");
  const ReadResult r = read_inputs({dir + "/"});
  ASSERT_EQ(r.articles.size(), 4u) << describe(r.problems);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  EXPECT_EQ(r.articles[0].id, dir + "/a/c.txt:1");
  EXPECT_EQ(r.articles[1].id, dir + "/a/d.jsonl:1");
  EXPECT_EQ(r.articles[2].id, dir + "/a/z.txt:1");
  EXPECT_EQ(r.articles[3].id, dir + "/b.txt:1");
}

TEST(Directories, SymlinkLoopsEnd) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/sub/a.txt", "A\nbody\n");
  fs::create_directory_symlink("..", dir + "/sub/up");
  fs::create_symlink(dir + "/loop2.txt", dir + "/loop1.txt");
  fs::create_symlink(dir + "/loop1.txt", dir + "/loop2.txt");
  const ReadResult r = read_inputs({dir});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.articles[0].id, dir + "/sub/a.txt:1");
  ASSERT_EQ(r.problems.size(), 2u) << describe(r.problems);  // the two looping links
  EXPECT_EQ(r.problems[0].path, dir + "/loop1.txt");
  EXPECT_TRUE(r.problems[0].reason.starts_with("cannot read")) << r.problems[0].reason;
}

// The file problems are written to is never read: passed over inside a directory (also through
// a link), reported when named.
TEST(Inputs, ExcludedFilesAreNotRead) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/a.txt", "A\nbody\n");
  write_file(dir + "/errors.txt", "# report\nx.jsonl:2: broken\n");
  fs::create_symlink(dir + "/errors.txt", dir + "/link.txt");
  ReaderOptions options;
  options.excluded_files = {dir + "/errors.txt"};
  const ReadResult walked = read_inputs({dir}, options);
  ASSERT_EQ(walked.articles.size(), 1u) << describe(walked.problems);
  EXPECT_EQ(walked.articles[0].id, dir + "/a.txt:1");
  EXPECT_TRUE(walked.problems.empty()) << describe(walked.problems);
  const ReadResult named = read_inputs({dir + "/link.txt"}, options);
  EXPECT_TRUE(named.articles.empty());
  ASSERT_EQ(named.problems.size(), 1u);
  EXPECT_TRUE(named.problems[0].reason.starts_with("not read")) << named.problems[0].reason;
}

TEST(Inputs, MissingPathReportedAndNextInputRead) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/ok.jsonl", jsonl_lines(1, 1));
  const ReadResult r = read_inputs({dir + "/missing.jsonl", dir + "/ok.jsonl"});
  ASSERT_EQ(r.articles.size(), 1u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].path, dir + "/missing.jsonl");
  EXPECT_EQ(r.problems[0].line, 0u);
  EXPECT_TRUE(r.problems[0].skipped);
  EXPECT_EQ(r.problems[0].reason, "cannot read: No such file or directory");
}

TEST(Inputs, UnreadableFileReported) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/locked.jsonl", jsonl_lines(1, 1));
  fs::permissions(dir + "/locked.jsonl", fs::perms::none);
  if (::access((dir + "/locked.jsonl").c_str(), R_OK) == 0) {
    GTEST_SKIP() << "running as root: permissions do not stop reading";
  }
  const ReadResult r = read_inputs({dir + "/locked.jsonl"});
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, "cannot open: Permission denied");
}

// Points standard input at a file for the lifetime of the object.
class StdinFromFile {
 public:
  explicit StdinFromFile(const std::string& path)
      : saved_(::dup(STDIN_FILENO)), file_(::open(path.c_str(), O_RDONLY)) {
    ::dup2(file_, STDIN_FILENO);
  }
  ~StdinFromFile() {
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
    ::close(file_);
  }
  StdinFromFile(const StdinFromFile&) = delete;
  StdinFromFile& operator=(const StdinFromFile&) = delete;

 private:
  int saved_;
  int file_;
};

TEST(Inputs, StandardInputSniffedAsGzippedJsonLines) {
  const std::string dir = fresh_test_dir();
  write_file(dir + "/in", gzip(jsonl_lines(1, 1) + "{broken\n"));
  StdinFromFile stdin_from(dir + "/in");
  const ReadResult r = read_inputs({"-"});
  ASSERT_EQ(r.articles.size(), 1u) << describe(r.problems);
  EXPECT_EQ(r.bytes_total, 0u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].path, "-");
  EXPECT_EQ(r.problems[0].line, 2u);
}

TEST(Inputs, ByteCountsCoverTheFiles) {
  const std::string dir = fresh_test_dir();
  const std::string data = gzip(jsonl_lines(1, 100));
  write_file(dir + "/a.jsonl.gz", data);
  write_file(dir + "/b.jsonl", jsonl_lines(1, 10));
  const ReadResult r = read_inputs({dir});
  EXPECT_EQ(r.bytes_total, data.size() + jsonl_lines(1, 10).size());
  EXPECT_EQ(r.bytes_read, r.bytes_total);
  EXPECT_EQ(r.records_seen, 110u);
}

TEST(Corpora, BundledSampleReadsFully) {
  const ReadResult r = read_inputs({BAHTH_SOURCE_DIR "/data/bbc-arabic-sample.jsonl.gz"});
  EXPECT_EQ(r.articles.size(), 300u);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
}

TEST(Corpora, SharedBbcArabicReadsFully) {
  const std::string path = BAHTH_SHARED_DATA_DIR "/bbc-arabic.jsonl.gz";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  const ReadResult r = read_inputs({path});
  EXPECT_EQ(r.articles.size(), 4220u);
  EXPECT_TRUE(r.problems.empty()) << describe(r.problems);
  std::size_t dated = 0;
  for (const Article& a : r.articles) dated += a.date.empty() ? 0 : 1;
  EXPECT_EQ(dated, 4220u - 421u);
}

}  // namespace
}  // namespace readers_input_test
}  // namespace bahth
