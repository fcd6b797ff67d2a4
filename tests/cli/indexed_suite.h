// A test suite whose tests share one index, built once for the suite by `bahth index --quiet`
// (indexing per test would multiply the suite's time by its number of tests) — and, as CTest
// runs each test in a process of its own, once per test run (cli/cached_index.h).
#ifndef BAHTH_TESTS_CLI_INDEXED_SUITE_H_
#define BAHTH_TESTS_CLI_INDEXED_SUITE_H_

#include <memory>
#include <string>
#include <vector>

#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace bahth::testing {

class IndexedSuite : public ::testing::Test {
 protected:
  /// Indexes `inputs` into db(); call from SetUpTestSuite (after writing any input under path()).
  static void index_once(const std::vector<std::string>& inputs) {
    std::vector<std::string> args{"index", "--quiet", "--db", db()};
    args.insert(args.end(), inputs.begin(), inputs.end());
    index_cached(db(), {args});
  }
  static void TearDownTestSuite() { dir_.reset(); }

  /// The suite's directory, made on first use, and a file in it.
  static std::string path(const std::string& name) {
    if (!dir_) dir_ = std::make_unique<TempDir>();
    return *dir_ / name;
  }
  static std::string db() { return path("db"); }

 private:
  static inline std::unique_ptr<TempDir> dir_;
};

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_INDEXED_SUITE_H_
