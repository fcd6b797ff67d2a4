// `bahth serve`'s writer commits on a thread below the searches' priority (SCHED_BATCH at
// kWriteNice, bahth/work_priority.h), and leaves the threads that serve searches as they were.
#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <utility>
#include <vector>

#include "bahth/work_priority.h"
#include "build_index.h"
#include "fixture_articles.h"
#include "serve/article_writer.h"
#include "temp_dir.h"

namespace bahth::serve {
namespace serve_writer_priority_test {
namespace {

TEST(ArticleWriter, CommitsBelowTheSearchesPriority) {
  testing::TempDir dir;
  const std::string path = dir / "db";
  std::vector<Article> articles = testing::fixture_articles();
  testing::build_index(path, {articles.begin(), articles.end() - 1});
  const ThreadScheduling searches = this_thread_scheduling();

  WriterOptions options;
  options.db_path = path;
  options.commit_interval = std::chrono::milliseconds(0);
  ThreadScheduling at_commit;
  ArticleWriter writer(options, [&] { at_commit = this_thread_scheduling(); });
  std::promise<ThreadScheduling> answered;
  std::future<ThreadScheduling> answer = answered.get_future();
  std::vector<WriteChange> changes(1);
  changes[0].article = articles.back();
  ASSERT_TRUE(writer.submit(std::move(changes), [&](const TaskReport& report) {
    EXPECT_EQ(report.state, TaskState::committed) << report.error;
    answered.set_value(this_thread_scheduling());
  }));
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  const ThreadScheduling writer_thread = answer.get();
  writer.stop();

  EXPECT_EQ(writer_thread.policy, SCHED_BATCH);
  // Never raised: under `nice ctest` the writer keeps the tests' own nice.
  EXPECT_EQ(writer_thread.nice, std::max(kWriteNice, searches.nice));
  EXPECT_EQ(at_commit.policy, SCHED_BATCH);  // the searches are told of a commit from there
  EXPECT_EQ(this_thread_scheduling().policy, searches.policy);
  EXPECT_EQ(this_thread_scheduling().nice, searches.nice);
}

}  // namespace
}  // namespace serve_writer_priority_test
}  // namespace bahth::serve
