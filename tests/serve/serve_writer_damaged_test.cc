// `bahth serve`'s writer runs the end passes over an index holding a damaged stored article
// (tests/damage_record.h): it starts, names the article once on stderr, counts it for the
// metrics, and goes on taking writes.
#include <gtest/gtest.h>
#include <xapian.h>

#include <chrono>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "build_index.h"
#include "damage_record.h"
#include "serve/article_writer.h"
#include "temp_dir.h"

namespace bahth::serve {
namespace serve_writer_damaged_test {
namespace {

Article story(const std::string& id, const std::string& extra) {
  Article a;
  a.id = id;
  a.title = "مفاوضات السلام في العاصمة";
  for (int i = 0; i < 6; ++i) {
    a.body += "قال وزير الخارجية في بيان صدر اليوم إن المفاوضات مع المعارضة مستمرة رغم الخلافات ";
  }
  a.body += extra;
  return a;
}

TEST(ArticleWriter, PassesOverADamagedArticleAndNamesItOnce) {
  testing::TempDir dir;
  const std::string path = dir / "db";
  testing::build_index(path, {story("s1", "أولا"), story("s2", "ثانيا")});
  const Xapian::docid document = testing::damage_stored_article(path, "s1");
  {
    // As after a kill during the passes: the writer redoes them over the whole index at start.
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    db.set_metadata("bahth.passes_pending", "1");
    db.commit();
  }
  WriterOptions options;
  options.db_path = path;
  options.commit_interval = std::chrono::milliseconds(0);
  ::testing::internal::CaptureStderr();
  ArticleWriter writer(options, {});
  EXPECT_EQ(writer.stats().damaged, 1u);
  // A third copy: the passes after its commit compare it with s1 again.
  std::promise<TaskState> answered;
  std::vector<WriteChange> changes(1);
  changes[0].article = story("s3", "ثالثا");
  ASSERT_TRUE(writer.submit(std::move(changes),
                            [&](const TaskReport& report) { answered.set_value(report.state); }));
  auto answer = answered.get_future();
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_EQ(answer.get(), TaskState::committed);
  writer.stop();  // runs the passes left
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(writer.stats().damaged, 1u) << err;
  const std::string named =
      "bahth serve: " + path + ": article 's1' (document " + std::to_string(document) + "): ";
  EXPECT_NE(err.find(named), std::string::npos) << err;
  EXPECT_EQ(err.find(named), err.rfind(named)) << "named twice: " << err;
  EXPECT_NE(err.find("(skipped)"), std::string::npos) << err;
  EXPECT_EQ(err.find("left pending"), std::string::npos) << err;
}

}  // namespace
}  // namespace serve_writer_damaged_test
}  // namespace bahth::serve
