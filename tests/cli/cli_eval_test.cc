// End-to-end: `bahth eval` on a tiny index whose answers are known.
//
// tests/fixtures/eval/articles.jsonl holds six short articles on unrelated subjects; topics.tsv
// and qrels.tsv are built so that each query's outcome is certain:
//   q1 "مباراة كرة القدم" → a1, the only match: rank 1 (1 everywhere)
//   q2 "النفط"           → a4 judged; a3 (title and body) ranks above a4 (one mention in a
//                           longer body): rank 2 → RR 1/2, nDCG 1/log2(3) = 0.63093, AP 1/2,
//                           Success 1, Recall 1
//   q3 "زلزال"           → a5, the only match: rank 1 (1 everywhere)
//   q4 "الفضاء"          → judged 0 only: no relevant document, left out of the averages
//   q5 "الانتخابات"      → a2 judged, but no article has the word: 0 everywhere
//   q6 "،"               → no words: the search refuses it, a failed query counting 0
//   line 6 of topics.tsv has no tab: reported and skipped.
// Five queries are averaged: MRR@10 = (1 + 0.5 + 1 + 0 + 0) / 5 = 0.5; Success@10 = 3/5 = 0.6;
// nDCG@10 = (1 + 0.63093 + 1) / 5 = 0.52619; Recall@100 = 3/5 = 0.6; MAP = 2.5/5 = 0.5.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/indexed_suite.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_eval_test {
namespace {

using testing::contains;
using testing::read_file;
using testing::run_bahth;
using testing::TempDir;

const std::string kFixtures = BAHTH_SOURCE_DIR "/tests/fixtures/eval";
const std::string kArticles = kFixtures + "/articles.jsonl";
const std::string kTopics = kFixtures + "/topics.tsv";
const std::string kQrels = kFixtures + "/qrels.tsv";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class CliEval : public testing::IndexedSuite {
 protected:
  static void SetUpTestSuite() { index_once({kArticles}); }

  static testing::RunResult eval(std::vector<std::string> extra) {
    std::vector<std::string> args{"eval", "--db", db(), "--queries", kTopics, "--qrels", kQrels};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_bahth(args);
  }
};

TEST_F(CliEval, PrintsTheKnownMetricsAligned) {
  const auto r = eval({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "MRR@10      0.5000\n"
            "nDCG@10     0.5262\n"
            "Success@10  0.6000\n"
            "Recall@100  0.6000\n"
            "MAP         0.5000\n"
            "queries 5 (1 without judgements skipped, 1 failed)\n");
}

// One value per --db, as in search and serve: a second word is not quietly a second index.
TEST_F(CliEval, DbTakesOnePathEach) {
  const auto r =
      run_bahth({"eval", "--db", db(), kArticles, "--queries", kTopics, "--qrels", kQrels});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.err, "not expected: " + kArticles)) << r.err;
}

TEST_F(CliEval, ReportsBadLinesUnjudgedAndFailedQueries) {
  const auto r = eval({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "topics.tsv:6: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "bahth: query q6: ")) << r.err;
  EXPECT_TRUE(contains(r.err, "1 query without a relevant document")) << r.err;
  EXPECT_TRUE(contains(r.err, ": q4")) << r.err;
}

TEST_F(CliEval, CutoffNamesAndChangesTheMetrics) {
  // @1: q1 and q3 have their relevant document at rank 1, q2 at rank 2 → 2/5 for MRR, nDCG and
  // Success; Recall@100 and MAP do not depend on k.
  const auto r = eval({"-k", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "MRR@1       0.4000\n"
            "nDCG@1      0.4000\n"
            "Success@1   0.4000\n"
            "Recall@100  0.6000\n"
            "MAP         0.5000\n"
            "queries 5 (1 without judgements skipped, 1 failed)\n");
}

TEST_F(CliEval, JsonHasMetricsCountsAndPerQuery) {
  const auto r = eval({"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  const auto& m = json.at("metrics");
  EXPECT_EQ(m.size(), 5u);
  EXPECT_DOUBLE_EQ(m.at("MRR@10").get<double>(), 0.5);
  EXPECT_NEAR(m.at("nDCG@10").get<double>(), (2 + 1 / std::log2(3.0)) / 5, 1e-9);
  EXPECT_DOUBLE_EQ(m.at("Success@10").get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(m.at("Recall@100").get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(m.at("MAP").get<double>(), 0.5);
  EXPECT_EQ(json.at("queries"), 5);
  EXPECT_EQ(json.at("skipped_without_judgements"), 1);
  EXPECT_EQ(json.at("failed"), 1);
  EXPECT_EQ(json.at("k"), 10);
  const auto& per = json.at("per_query");
  EXPECT_EQ(per.size(), 5u);
  EXPECT_FALSE(per.contains("q4"));
  EXPECT_EQ(per.at("q1").at("first_relevant_rank"), 1);
  EXPECT_EQ(per.at("q2").at("first_relevant_rank"), 2);
  EXPECT_DOUBLE_EQ(per.at("q2").at("MRR@10").get<double>(), 0.5);
  EXPECT_EQ(per.at("q2").at("relevant"), 1);
  EXPECT_TRUE(per.at("q5").at("first_relevant_rank").is_null());
  EXPECT_DOUBLE_EQ(per.at("q5").at("MAP").get<double>(), 0.0);
  EXPECT_TRUE(per.at("q6").contains("error"));
  EXPECT_FALSE(per.at("q1").contains("error"));
}

TEST_F(CliEval, RunFileIsTrecFormat) {
  const std::string run = path("run.txt");
  const auto r = eval({"--run", run, "--tag", "mytag"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = lines_of(read_file(run));
  ASSERT_FALSE(lines.empty());
  std::string last_qid;
  int expected_rank = 0;
  double last_score = 0;
  for (const std::string& line : lines) {
    std::istringstream fields(line);
    std::string qid, q0, docid, tag, extra;
    int rank = 0;
    double score = 0;
    ASSERT_TRUE(fields >> qid >> q0 >> docid >> rank >> score >> tag) << line;
    EXPECT_FALSE(fields >> extra) << line;
    EXPECT_EQ(q0, "Q0");
    EXPECT_EQ(tag, "mytag");
    if (qid != last_qid) {
      expected_rank = 1;
      last_qid = qid;
    } else {
      ++expected_rank;
      EXPECT_LE(score, last_score) << line;
    }
    EXPECT_EQ(rank, expected_rank) << line;
    last_score = score;
  }
  // q1 finds a1 first; q2 finds a3 then a4; the failed q6 writes nothing.
  EXPECT_EQ(lines.front().rfind("q1 Q0 a1 1 ", 0), 0u) << lines.front();
  EXPECT_TRUE(contains(read_file(run), "\nq2 Q0 a3 1 ")) << read_file(run);
  EXPECT_TRUE(contains(read_file(run), "\nq2 Q0 a4 2 ")) << read_file(run);
  EXPECT_FALSE(contains(read_file(run), "q6 ")) << read_file(run);
}

// --run never overwrites the topics or qrels it reads (also through a link), and a run that
// cannot start (no index) leaves an earlier run file as it was.
TEST_F(CliEval, RunFileThatIsAnInputIsRefused) {
  const std::string topics = path("own-topics.tsv");
  const std::string qrels = path("own-qrels.tsv");
  std::filesystem::copy_file(kTopics, topics, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(kQrels, qrels, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(path("qrels-link.tsv"));
  std::filesystem::create_symlink(qrels, path("qrels-link.tsv"));
  for (const std::string& run : {topics, path("qrels-link.tsv")}) {
    const auto r =
        run_bahth({"eval", "--db", db(), "--queries", topics, "--qrels", qrels, "--run", run});
    EXPECT_EQ(r.exit_code, 2) << run;
    EXPECT_TRUE(contains(r.err, "bahth: --run " + run + ": it is the input ")) << r.err;
  }
  EXPECT_EQ(read_file(topics), read_file(kTopics));
  EXPECT_EQ(read_file(qrels), read_file(kQrels));

  const std::string run = path("earlier-run.txt");
  std::ofstream(run) << "q1 Q0 a1 1 1.0 earlier\n";
  const auto r = run_bahth({"eval", "--db", path("no-such-index"), "--queries", kTopics, "--qrels",
                            kQrels, "--run", run});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(read_file(run), "q1 Q0 a1 1 1.0 earlier\n");
}

TEST_F(CliEval, MissingQrelsFileIsARuntimeError) {
  const std::string missing = path("no-such-qrels.tsv");
  const auto r = run_bahth({"eval", "--db", db(), "--queries", kTopics, "--qrels", missing});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "bahth: ")) << r.err;
  EXPECT_TRUE(contains(r.err, missing)) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(CliEval, MissingQueriesOptionIsAUsageError) {
  const auto r = run_bahth({"eval", "--db", db(), "--qrels", kQrels});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--queries")) << r.err;
}

TEST_F(CliEval, MissingIndexIsARuntimeError) {
  const std::string missing = path("no-such-index");
  const auto r = run_bahth({"eval", "--db", missing, "--queries", kTopics, "--qrels", kQrels});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, missing)) << r.err;
}

TEST_F(CliEval, NothingJudgedIsARuntimeError) {
  const std::string qrels = path("empty-qrels.tsv");
  std::ofstream(qrels) << "q1 0 a1 0\n";
  const auto r = run_bahth({"eval", "--db", db(), "--queries", kTopics, "--qrels", qrels});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "nothing to evaluate")) << r.err;
}

// Two copies of one story, both judged relevant: `bahth search` folds them into one result, so
// eval as search runs finds one of the two; with --duplicates it ranks (and finds) both.
TEST(CliEvalDuplicates, DuplicatesRanksFoldedCopiesOnTheirOwn) {
  TempDir dir;
  std::string story;
  for (int i = 0; i < 12; ++i) {
    story += "أعلنت وزارة الصحة في العاصمة عن افتتاح مستشفى جديد للأطفال في المدينة " +
             std::to_string(i) + ". ";
  }
  const std::string articles = dir / "articles.jsonl";
  std::ofstream(articles) << R"({"id": "orig", "title": "مستشفى جديد", "body": ")" << story
                          << "\"}\n"
                          << R"({"id": "copy", "title": "مستشفى جديد", "body": ")" << story
                          << R"(وقال المدير إن العمل بدأ."})"
                          << "\n"
                          << R"({"id": "other", "title": "مباراة", "body": "فاز الفريق."})"
                          << "\n";
  const std::string topics = dir / "topics.tsv";
  std::ofstream(topics) << "q1\tمستشفى الأطفال\n";
  const std::string qrels = dir / "qrels.tsv";
  std::ofstream(qrels) << "q1 0 orig 1\nq1 0 copy 1\n";
  const std::string db = dir / "db";
  ASSERT_EQ(run_bahth({"index", "--quiet", "--db", db, articles}).exit_code, 0);
  const std::vector<std::string> args{"eval",      "--json", "--db",    db,
                                      "--queries", topics,   "--qrels", qrels};
  auto with = [&args](const std::string& extra) {
    std::vector<std::string> all = args;
    if (!extra.empty()) all.push_back(extra);
    const auto r = run_bahth(all);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["metrics"]["Recall@100"].get<double>();
  };
  EXPECT_DOUBLE_EQ(with(""), 0.5);
  EXPECT_DOUBLE_EQ(with("--duplicates"), 1.0);
}

}  // namespace
}  // namespace cli_eval_test
}  // namespace bahth
