// reader_test_support.h: helpers shared by the readers tests.
#ifndef BAHTH_TESTS_READERS_READER_TEST_SUPPORT_H_
#define BAHTH_TESTS_READERS_READER_TEST_SUPPORT_H_

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "bahth/readers.h"

namespace bahth::testing {

class CollectingReporter final : public ProblemReporter {
 public:
  void report(const ReadProblem& problem) override { problems.push_back(problem); }
  std::vector<ReadProblem> problems;
};

struct ReadResult {
  std::vector<Article> articles;
  std::vector<ReadProblem> problems;
  std::size_t records_seen = 0;
  std::uint64_t bytes_total = 0;
  std::uint64_t bytes_read = 0;
};

/// Reads every article of `inputs` through an ArticleStream.
ReadResult read_inputs(const std::vector<std::string>& inputs, const ReaderOptions& options = {});

/// Writes `content` as `name` in a fresh test directory and reads it.
ReadResult read_content(const std::string& name, const std::string& content,
                        const ReaderOptions& options = {});

/// A fresh, empty directory for the running test (under ::testing::TempDir()).
std::string fresh_test_dir();

/// Writes `bytes` to `path`, creating parent directories.
void write_file(const std::string& path, std::string_view bytes);

/// `data` as one gzip member.
std::string gzip(std::string_view data);

/// `data` as one xz stream (preset `level`), zstd frame or bzip2 stream.
std::string xz(std::string_view data, int level = 1);
std::string zstd(std::string_view data);
std::string bzip2(std::string_view data);

/// "path:line: reason" of every problem, for readable assertion messages.
std::string describe(const std::vector<ReadProblem>& problems);

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_READERS_READER_TEST_SUPPORT_H_
