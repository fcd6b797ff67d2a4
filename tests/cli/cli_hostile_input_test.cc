// Hostile and broken input given to the `bahth` binary: huge records, random bytes, NUL bytes,
// malformed UTF-8 in every format, a CSV a million columns wide, FIFOs, and databases that cannot
// be written or read. Each time: a clear `bahth: ...` message naming the file (and line), the
// good records indexed, bounded memory, the documented exit code, and no crash or hang.
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli/bahth_process.h"
#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_hostile_input_test {
namespace {

using testing::ChildEnd;
using testing::contains;
using testing::kBundledSample;
using testing::run_bahth;
using testing::TempDir;

void write(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string json_line(const std::string& id, const std::string& title, const std::string& body) {
  return R"({"id": ")" + id + R"(", "title": ")" + title + R"(", "body": ")" + body + "\"}\n";
}

// Runs `bahth ARGS` in the background and returns how it ended with its peak memory.
struct Outcome {
  ChildEnd end;
  std::string out;
  std::string err;
};
Outcome run_measured(const TempDir& dir, const std::vector<std::string>& args) {
  const pid_t pid = testing::spawn_bahth(args, dir / "out.txt", dir / "err.txt");
  Outcome outcome{testing::wait_child(pid), testing::read_file(dir / "out.txt"),
                  testing::read_file(dir / "err.txt")};
  return outcome;
}

// Memory bound for a run that reads a 100 MB input: far below the input, whatever the build.
constexpr long kMaxRssKb = testing::kSlowBuild ? 400 * 1024 : 120 * 1024;

TEST(CliHostileInput, HundredMegabyteJsonLineIsSkippedWithBoundedMemory) {
  TempDir dir;
  const std::string input = dir / "huge.jsonl";
  {
    std::ofstream out(input, std::ios::binary);
    out << R"({"id": "huge", "title": "كبير", "body": ")";
    const std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) out << chunk;
    out << "\"}\n" << json_line("small", "سوريا", "نص قصير");
  }
  const Outcome run = run_measured(dir, {"index", "--db", dir / "db", "--quiet", input});
  EXPECT_EQ(run.end.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.err, input + ":1: line larger than max_article_bytes")) << run.err;
  EXPECT_TRUE(contains(run.err, "(skipped)")) << run.err;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 1u);
  EXPECT_LT(run.end.max_rss_kb, kMaxRssKb) << "peak RSS in kB";
  std::cout << "peak RSS reading a 100 MB line: " << run.end.max_rss_kb / 1024 << " MB\n";
}

TEST(CliHostileInput, RandomBytesNamedJsonlAreReportedNotIndexed) {
  TempDir dir;
  std::mt19937 random(6);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  const std::string input = dir / "noise.jsonl";
  write(input, bytes);
  const auto result = run_bahth({"index", "--db", dir / "db", "--quiet", input});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, input + ":1: ")) << result.err;
  EXPECT_TRUE(contains(result.err, "bahth: no article could be read from the input")) << result.err;
}

// One malformed byte sequence in a record of each format, between good records: the bad record
// is reported with its file and line and skipped; every good one is indexed.
struct BadBytes {
  const char* name;
  std::string bytes;
};

class CliMalformedUtf8 : public ::testing::TestWithParam<BadBytes> {};

TEST_P(CliMalformedUtf8, ReportedInEveryFormatAndGoodRecordsIndexed) {
  TempDir dir;
  const std::string bad = "كلمة" + GetParam().bytes + "أخرى";
  const std::string in = dir / "in";
  write(in + "/lines.jsonl", json_line("j1", "سوريا", "أول") + json_line("j2", bad, "ثان") +
                                 json_line("j3", "لبنان", "ثالث"));
  write(in + "/one.json", R"({"id": "one", "title": "عنوان", "body": ")" + bad + "\"}");
  write(in + "/table.csv", "id,title,body\nc1,سوريا,أول\nc2,عنوان," + bad + "\nc3,لبنان,ثالث\n");
  write(in + "/good.txt", "عنوان\n\nنص المقال\n");
  write(in + "/bad.txt", "عنوان\n\n" + bad + "\n");
  const auto result = run_bahth({"index", "--db", dir / "db", "--quiet", in});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.err, in + "/lines.jsonl:2: ")) << result.err;
  EXPECT_TRUE(contains(result.err, in + "/table.csv:3: ")) << result.err;
  EXPECT_TRUE(contains(result.err, in + "/one.json")) << result.err;
  EXPECT_TRUE(contains(result.err, in + "/bad.txt:3: ")) << result.err;
  // j1, j3, c1, c3, good.txt.
  EXPECT_EQ(testing::committed_documents(dir / "db"), 5u) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Sequences, CliMalformedUtf8,
                         ::testing::Values(BadBytes{"InvalidByte", "\xff"},
                                           BadBytes{"Truncated", "\xd8"},
                                           BadBytes{"OverlongSlash", "\xc0\xaf"},
                                           BadBytes{"OverlongThreeBytes", "\xe0\x80\xaf"},
                                           BadBytes{"LoneHighSurrogateCesu", "\xed\xa0\x80"},
                                           BadBytes{"LoneLowSurrogateCesu", "\xed\xbf\xbf"},
                                           BadBytes{"BeyondUnicode", "\xf4\x90\x80\x80"}),
                         [](const auto& info) { return std::string(info.param.name); });

// A lone surrogate written as a JSON escape is as broken as one in raw bytes.
TEST(CliHostileInput, EscapedLoneSurrogateInJsonIsNotIndexedAsIs) {
  TempDir dir;
  const std::string input = dir / "a.jsonl";
  write(input, json_line("bad", "كلمة\\ud800", "نص") + json_line("good", "سوريا", "نص"));
  const auto result = run_bahth({"index", "--db", dir / "db", "--quiet", input});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Either reported and skipped, or indexed with valid UTF-8 (the search below must work).
  const auto search = run_bahth({"search", "--db", dir / "db", "--json", "كلمة"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  if (testing::committed_documents(dir / "db") == 1) {
    EXPECT_TRUE(contains(result.err, input + ":1: ")) << result.err;
  }
}

TEST(CliHostileInput, NulBytesInsideTextNeverReachTheIndex) {
  TempDir dir;
  const std::string in = dir / "in";
  const std::string nul("\0", 1);
  write(in + "/a.jsonl",
        json_line("j1", "سوريا" + nul + "دمشق", "نص") + json_line("j2", "عنوان", "نص\\u0000مقال"));
  write(in + "/b.csv", "id,title,body\nc1,سوريا" + nul + "حلب,نص\n");
  write(in + "/c.txt", "سوريا" + nul + "حمص\n\nنص\n");
  const auto result = run_bahth({"index", "--db", dir / "db", "--quiet", in});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const Xapian::Database db(dir / "db");
  // A record with a raw NUL may be refused (reported), never indexed with the NUL in it.
  EXPECT_EQ(db.get_doccount() + std::count(result.err.begin(), result.err.end(), '\n'), 4u)
      << result.err;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    EXPECT_FALSE(contains(*it, nul)) << "a term with a NUL byte";
  }
  const auto search = run_bahth({"search", "--db", dir / "db", "--json", "سوريا OR مقال"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_FALSE(contains(search.out, nul));
}

TEST(CliHostileInput, CsvWithAMillionColumns) {
  TempDir dir;
  std::string wide_row = "c2,عنوان,نص";
  std::string wide_header = "id,title,body";
  for (int i = 0; i < 1'000'000; ++i) {
    wide_row += ",x";
    wide_header += ",c";
  }
  write(dir / "row.csv", "id,title,body\nc1,سوريا,نص\n" + wide_row + "\nc3,لبنان,نص\n");
  write(dir / "header.csv", wide_header + "\nh1,سوريا,نص" + std::string(1'000'000, ',') + "\n");
  const Outcome run = run_measured(
      dir, {"index", "--db", dir / "db", "--quiet", dir / "row.csv", dir / "header.csv"});
  EXPECT_EQ(run.end.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.err, dir / "row.csv:3: expected 3 fields, found 1000003")) << run.err;
  EXPECT_TRUE(contains(run.err, dir / "header.csv:1: the header row has more than")) << run.err;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 2u) << run.err;  // c1, c3
  EXPECT_LT(run.end.max_rss_kb, kMaxRssKb);
}

TEST(CliHostileInput, FifoWithoutWriterIsReportedNotWaitedOnForever) {
  TempDir dir;
  const std::string fifo = dir / "pipe.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  write(dir / "good.jsonl", json_line("g", "سوريا", "نص"));
  const pid_t pid =
      testing::spawn_bahth({"index", "--db", dir / "db", "--quiet", fifo, dir / "good.jsonl"},
                           dir / "out.txt", dir / "err.txt");
  ChildEnd end;
  bool ended = false;
  testing::wait_until([] { return false; }, pid, end, ended);  // up to two minutes
  if (!ended) {
    ::kill(pid, SIGKILL);
    testing::wait_child(pid);
    FAIL() << "bahth index hangs on a FIFO nothing writes into";
  }
  const std::string err = testing::read_file(dir / "err.txt");
  EXPECT_EQ(end.exit_code, 0) << err;
  EXPECT_TRUE(contains(err, fifo + ": cannot read: a FIFO")) << err;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 1u);
}

TEST(CliHostileInput, FifoWithAWriterIsReadAsAStream) {
  TempDir dir;
  const std::string fifo = dir / "pipe.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::jthread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // after bahth opened it
    std::ofstream(fifo) << json_line("a", "سوريا", "نص") << json_line("b", "لبنان", "نص");
  });
  const auto result = run_bahth({"index", "--db", dir / "db", "--quiet", fifo});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(testing::committed_documents(dir / "db"), 2u);
}

TEST(CliHostileInput, DbUnderARegularFileCannotBeCreated) {
  TempDir dir;
  write(dir / "somefile", "not a directory");
  const std::string db = dir / "somefile/db";
  const auto result = run_bahth({"index", "--db", db, testing::kBundledSample});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "bahth: " + db + ": ")) << result.err;
}

TEST(CliHostileInput, DirectoryThatIsNotAXapianDatabase) {
  TempDir dir;
  const std::string db = dir / "photos";
  write(db + "/holiday.jpg", "not an index");
  const auto index = run_bahth({"index", "--db", db, testing::kBundledSample});
  EXPECT_EQ(index.exit_code, 1);
  EXPECT_TRUE(contains(index.err, "bahth: " + db + ": this directory is not a Xapian database"))
      << index.err;
  EXPECT_FALSE(std::filesystem::exists(db + "/iamglass")) << "wrote among the user's files";
  for (const char* command : {"search", "stats"}) {
    const auto result = command == std::string("search")
                            ? run_bahth({"search", "--db", db, "سوريا"})
                            : run_bahth({"stats", "--db", db});
    EXPECT_EQ(result.exit_code, 1) << command;
    EXPECT_TRUE(contains(result.err, "bahth: " + db + ": ")) << result.err;
  }
}

// --errors FILE never destroys data: not an input (named, or the same file through a link), not
// a file that is not an earlier report; it is never read as an input itself.
TEST(CliHostileInput, ErrorsFileThatIsAnInputIsRefusedAndKept) {
  TempDir dir;
  const std::string input = dir / "in.jsonl";
  const std::string dump = json_line("a", "سوريا", "نص") + "{broken\n";
  write(input, dump);
  std::filesystem::create_symlink(input, dir / "link.jsonl");
  for (const std::string& errors : {input, std::string(dir / "link.jsonl")}) {
    const auto result = run_bahth({"index", "--db", dir / "db", "--errors", errors, input});
    EXPECT_EQ(result.exit_code, 2) << errors;
    EXPECT_TRUE(contains(result.err, "bahth: --errors " + errors + ": it is the input " + input))
        << result.err;
    EXPECT_EQ(testing::read_file(input), dump) << "the input was overwritten";
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "db"));
}

TEST(CliHostileInput, ErrorsFileOverwritesOnlyAnEarlierReport) {
  TempDir dir;
  const std::string input = dir / "in.jsonl";
  write(input, json_line("a", "سوريا", "نص") + "{broken\n");
  write(dir / "notes.txt", "my notes\n");
  const auto refused =
      run_bahth({"index", "--db", dir / "db", "--errors", dir / "notes.txt", input});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(contains(refused.err, "bahth: --errors " + std::string(dir / "notes.txt") +
                                        ": the file exists and is not a bahth error report"))
      << refused.err;
  EXPECT_EQ(testing::read_file(dir / "notes.txt"), "my notes\n");

  const std::string report = dir / "report.txt";
  write(report, "");                   // an empty file holds nothing to lose
  for (int run = 0; run < 2; ++run) {  // the second run overwrites the first one's report
    const auto result = run_bahth({"index", "--db", dir / "db", "--errors", report, input});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const std::string text = testing::read_file(report);
    EXPECT_TRUE(text.starts_with("# bahth index error report")) << text;
    EXPECT_TRUE(contains(text, input + ":2: ")) << text;
    EXPECT_EQ(text.find(input + ":2: "), text.rfind(input + ":2: ")) << text;
  }
}

TEST(CliHostileInput, ErrorsFileInsideAnInputFolderIsNotRead) {
  TempDir dir;
  write(dir / "dump/a.jsonl", json_line("a", "سوريا", "نص") + "{broken\n");
  const std::string report = dir / "dump/errors.txt";
  for (int run = 0; run < 2; ++run) {  // the second run finds the first one's report there
    const auto result = run_bahth({"index", "--db", dir / "db", "--errors", report, dir / "dump"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "1 skipped")) << result.out;
    EXPECT_FALSE(contains(testing::read_file(report), "errors.txt")) << testing::read_file(report);
    EXPECT_EQ(testing::committed_documents(dir / "db"), 1u);
  }
}

TEST(CliHostileInput, ErrorsFileKeptWhenTheRunCannotStart) {
  TempDir dir;
  write(dir / "somefile", "not a directory");
  write(dir / "errors.txt", "# bahth index error report\nold.jsonl:3: broken JSON (skipped)\n");
  const auto result = run_bahth({"index", "--db", dir / "somefile/db", "--errors",
                                 dir / "errors.txt", testing::kBundledSample});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(testing::read_file(dir / "errors.txt"), "old.jsonl:3:"));
}

TEST(CliHostileInput, ErrorsFileThatCannotBeWrittenIsAFailure) {
  TempDir dir;
  write(dir / "in.jsonl", json_line("a", "سوريا", "نص") + "{broken\n");
  const auto result =
      run_bahth({"index", "--db", dir / "db", "--errors", "/dev/full", dir / "in.jsonl"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "bahth: --errors /dev/full: cannot write the report"))
      << result.err;
  EXPECT_TRUE(contains(result.err, "No space left on device")) << result.err;
}

TEST(CliHostileInput, QueryBeyondTheLimitsIsAUsageError) {
  TempDir dir;
  write(dir / "a.jsonl", json_line("a", "سوريا", "نص"));
  ASSERT_EQ(run_bahth({"index", "--db", dir / "db", "--quiet", dir / "a.jsonl"}).exit_code, 0);
  std::string words;
  for (int i = 0; i < 2000; ++i) words += "سوريا ";
  const auto result = run_bahth({"search", "--db", dir / "db", words});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "bahth: the query has 2000 words; bahth accepts at most"))
      << result.err;
}

// Each table of a glass database cut to half its size: a command that reads the damage stops
// with a message naming the database (exit 1); one that does not need that table may succeed;
// none crashes. Every command reads the postlist table, so all of them must notice that one.
TEST(CliHostileInput, TruncatedDatabaseTable) {
  TempDir dir;
  const std::string intact = dir / "db";
  // One writer: Xapian's position table is written (a first build on several threads puts the
  // positions into bahth's table, in the postlist table's metadata). Built as CliDiskFull's
  // seed, once a test run (cli/cached_index.h).
  testing::index_cached(intact,
                        {{"index", "--db", intact, "--threads", "1", "--quiet", kBundledSample}});
  for (const std::string table : {"postlist", "termlist", "docdata", "position"}) {
    SCOPED_TRACE(table);
    const std::string db = dir / table;
    std::filesystem::copy(intact, db);
    const std::string file = (std::filesystem::path(db) / (table + ".glass")).string();
    std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
    write(dir / "new.jsonl", json_line("new", "سوريا", "نص جديد"));
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"search", "--db", db, "سوريا الحكومة"},
          std::vector<std::string>{"stats", "--db", db},
          std::vector<std::string>{"index", "--db", db, "--quiet", dir / "new.jsonl"}}) {
      const auto result = run_bahth(args);
      SCOPED_TRACE(args.front());
      if (table == "postlist" || result.exit_code != 0) {
        EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
        EXPECT_TRUE(contains(result.err, "bahth: " + db + ": ")) << result.err;
        EXPECT_FALSE(contains(result.err, "internal error")) << result.err;
      }
    }
  }
}

// The parts of a bulk build are written without fsync, so a power loss (never a kill) can tear
// one. The next run's merge then reports the parts directory to delete, not a bare Xapian error
// about the index, and leaves the index and the parts as they were.
TEST(CliHostileInput, TornBulkBuildPartNamesWhatToDelete) {
  const TempDir dir;
  const std::string whole = dir / "whole";
  const std::string db = dir / "db";
  const std::string parts = db + ".bahth-parts";
  // A merged (compacted) build, so every block of its tables is live and read by a merge.
  ASSERT_EQ(run_bahth({"index", "--db", whole, "--threads", "2", "--quiet",
                       testing::write_sample_copies(dir, 1)})
                .exit_code,
            0);
  ASSERT_EQ(run_bahth({"index", "--db", db, "--quiet", "/dev/null"}).exit_code, 0);
  // What a build killed before its merge leaves: its journal and a part.
  std::filesystem::create_directories(parts);
  std::filesystem::copy(whole, parts + "/part0", std::filesystem::copy_options::recursive);
  std::ofstream(db + ".bahth-journal") << "bahth-journal 1\nop bulk\n";
  // Tear a block in the middle of the termlist table (its root is the last block written).
  const std::string table = parts + "/part0/termlist.glass";
  const auto blocks = std::filesystem::file_size(table) / 8192;
  ASSERT_GE(blocks, 3u);
  std::fstream torn(table, std::ios::in | std::ios::out | std::ios::binary);
  torn.seekp(static_cast<std::streamoff>(blocks / 2 * 8192));
  const std::string zeros(8192, '\0');
  torn.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  torn.close();

  const auto rerun = run_bahth({"index", "--db", db, "--quiet", "/dev/null"});
  EXPECT_EQ(rerun.exit_code, 1);
  EXPECT_NE(rerun.err.find("delete " + parts + " and index again"), std::string::npos) << rerun.err;
  EXPECT_TRUE(std::filesystem::exists(parts + "/part0"));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 0u);
}

}  // namespace
}  // namespace cli_hostile_input_test
}  // namespace bahth
