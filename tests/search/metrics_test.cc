// Retrieval metrics against values worked out by hand on tiny rankings.
//
// Notation in the comments: a ranking is written best first, R marks a relevant document
// (grade 1 unless said), n an unjudged or non-relevant one; log2(2)=1, log2(3)=1.5850,
// log2(4)=2, log2(5)=2.3219.
#include "bahth/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

namespace bahth {
namespace metrics_test {
namespace {

constexpr double kEps = 1e-9;

// d1..dN as a ranking.
Ranking docs(std::initializer_list<int> numbers) {
  Ranking ranking;
  for (int n : numbers) ranking.push_back(std::string("d").append(std::to_string(n)));
  return ranking;
}

// Ranking n n n ... of `count` non-relevant documents (x1..xN) followed by `tail`.
Ranking after_misses(std::size_t count, const Ranking& tail) {
  Ranking ranking;
  for (std::size_t i = 1; i <= count; ++i)
    ranking.push_back(std::string("x").append(std::to_string(i)));
  ranking.insert(ranking.end(), tail.begin(), tail.end());
  return ranking;
}

// ---- reciprocal rank / success ----

TEST(ReciprocalRank, RelevantAtRankOneIsOne) {
  // R n n: 1/1.
  const Judgements j{{"d1", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank(docs({1, 2, 3}), j, 10), 1.0);
  EXPECT_DOUBLE_EQ(success(docs({1, 2, 3}), j, 10), 1.0);
}

TEST(ReciprocalRank, FirstRelevantCounts) {
  // n R R: the first relevant is at rank 2 → 1/2; the one at rank 3 does not matter.
  const Judgements j{{"d2", 1}, {"d3", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank(docs({1, 2, 3}), j, 10), 0.5);
}

TEST(ReciprocalRank, RelevantAtRankElevenIsOutsideTen) {
  // ten misses, then R at rank 11: nothing within @10 → 0; @11 → 1/11.
  const Judgements j{{"d1", 1}};
  const Ranking r = after_misses(10, docs({1}));
  EXPECT_DOUBLE_EQ(reciprocal_rank(r, j, 10), 0.0);
  EXPECT_DOUBLE_EQ(success(r, j, 10), 0.0);
  EXPECT_DOUBLE_EQ(reciprocal_rank(r, j, 11), 1.0 / 11);
  EXPECT_DOUBLE_EQ(success(r, j, 11), 1.0);
}

TEST(ReciprocalRank, RelevantAtRankTenIsInside) {
  const Judgements j{{"d1", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank(after_misses(9, docs({1})), j, 10), 0.1);
}

TEST(ReciprocalRank, NoRelevantRetrievedIsZero) {
  const Judgements j{{"d9", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank(docs({1, 2, 3}), j, 10), 0.0);
  EXPECT_DOUBLE_EQ(success(docs({1, 2, 3}), j, 10), 0.0);
}

TEST(ReciprocalRank, JudgedNonRelevantIsNotRelevant) {
  // d1 judged 0, d2 judged -1 (TREC's "spam"), d3 judged 1: first relevant at rank 3 → 1/3.
  const Judgements j{{"d1", 0}, {"d2", -1}, {"d3", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank(docs({1, 2, 3}), j, 10), 1.0 / 3);
}

TEST(ReciprocalRank, DuplicatesAreDropped) {
  // d1 d1 d2 with d2 relevant: the repeated d1 is dropped, leaving d1 d2 → R at rank 2 → 1/2.
  const Judgements j{{"d2", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank(docs({1, 1, 2}), j, 10), 0.5);
  // Nine misses, one repeated, then R: distinct ranking has R at rank 10 → inside @10.
  Ranking r = after_misses(9, docs({2}));
  r.insert(r.begin() + 3, "x1");
  ASSERT_EQ(r.size(), 11u);
  EXPECT_DOUBLE_EQ(reciprocal_rank(r, j, 10), 0.1);
}

TEST(ReciprocalRank, EmptyRankingIsZero) {
  const Judgements j{{"d1", 1}};
  EXPECT_DOUBLE_EQ(reciprocal_rank({}, j, 10), 0.0);
  EXPECT_DOUBLE_EQ(success({}, j, 10), 0.0);
}

// ---- nDCG ----

TEST(Ndcg, SingleRelevantAtRankOneIsOne) {
  // DCG = 1/log2(2) = 1; ideal the same → 1.
  EXPECT_DOUBLE_EQ(ndcg(docs({1, 2}), {{"d1", 1}}, 10), 1.0);
}

TEST(Ndcg, SingleRelevantAtRankThree) {
  // n n R: DCG = 1/log2(4) = 0.5; ideal = 1 → 0.5.
  EXPECT_NEAR(ndcg(docs({1, 2, 3}), {{"d3", 1}}, 10), 0.5, kEps);
}

TEST(Ndcg, TwoRelevantOneMissing) {
  // R n, two relevant in the qrels (d1, d9): DCG = 1; ideal = 1 + 1/log2(3) = 1.63093 →
  // 1/1.63093 = 0.61315.
  const double expected = 1.0 / (1.0 + 1.0 / std::log2(3.0));
  EXPECT_NEAR(ndcg(docs({1, 2}), {{"d1", 1}, {"d9", 1}}, 10), expected, kEps);
  EXPECT_NEAR(expected, 0.61315, 1e-5);
}

TEST(Ndcg, GradedRelevance) {
  // Ranking d1 d2 d3 with grades d1=1, d2=0 (unjudged), d3=3, and d4=2 not retrieved.
  // DCG  = 1/log2(2) + 3/log2(4) = 1 + 1.5 = 2.5
  // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5 = 4.76186
  // nDCG = 2.5 / 4.76186 = 0.52500
  const Judgements j{{"d1", 1}, {"d3", 3}, {"d4", 2}};
  const double idcg = 3.0 + 2.0 / std::log2(3.0) + 0.5;
  EXPECT_NEAR(ndcg(docs({1, 2, 3}), j, 10), 2.5 / idcg, kEps);
  EXPECT_NEAR(2.5 / idcg, 0.52500, 1e-5);
  // The ideal order scores 1: d3 d4 d1.
  EXPECT_NEAR(ndcg(docs({3, 4, 1}), j, 10), 1.0, kEps);
}

TEST(Ndcg, IdealIsCutAtK) {
  // Three relevant in the qrels, k = 1: IDCG@1 = 1, ranking R → 1; ranking n R → 0.
  const Judgements j{{"d1", 1}, {"d2", 1}, {"d3", 1}};
  EXPECT_DOUBLE_EQ(ndcg(docs({1}), j, 1), 1.0);
  EXPECT_DOUBLE_EQ(ndcg(docs({5, 1}), j, 1), 0.0);
}

TEST(Ndcg, RelevantAtRankElevenIsOutsideTen) {
  const Judgements j{{"d1", 1}};
  EXPECT_DOUBLE_EQ(ndcg(after_misses(10, docs({1})), j, 10), 0.0);
  // @11: 1/log2(12) / 1.
  EXPECT_NEAR(ndcg(after_misses(10, docs({1})), j, 11), 1.0 / std::log2(12.0), kEps);
}

TEST(Ndcg, DuplicatesEarnNothingTwice) {
  // d1 d1 with d1 relevant: without the drop, DCG would be 1 + 1/log2(3) > IDCG. Dropped → 1.
  EXPECT_DOUBLE_EQ(ndcg(docs({1, 1}), {{"d1", 1}}, 10), 1.0);
}

TEST(Ndcg, EmptyRankingAndNoRelevantAreZero) {
  EXPECT_DOUBLE_EQ(ndcg({}, {{"d1", 1}}, 10), 0.0);
  EXPECT_DOUBLE_EQ(ndcg(docs({1}), {{"d1", 0}}, 10), 0.0);
  EXPECT_DOUBLE_EQ(ndcg(docs({1}), {}, 10), 0.0);
}

// ---- recall ----

TEST(Recall, ShareOfRelevantRetrieved) {
  // R n R with d1, d3, d7, d8 relevant: 2 of 4 → 0.5.
  const Judgements j{{"d1", 1}, {"d3", 1}, {"d7", 2}, {"d8", 1}};
  EXPECT_DOUBLE_EQ(recall(docs({1, 2, 3}), j, 100), 0.5);
  // depth 2 sees only d1 → 1/4.
  EXPECT_DOUBLE_EQ(recall(docs({1, 2, 3}), j, 2), 0.25);
}

TEST(Recall, DuplicatesCountOnce) {
  // d1 d1 d1 with d1, d2 relevant: 1 of 2, not 3 of 2.
  EXPECT_DOUBLE_EQ(recall(docs({1, 1, 1}), {{"d1", 1}, {"d2", 1}}, 100), 0.5);
}

TEST(Recall, EdgeCases) {
  EXPECT_DOUBLE_EQ(recall({}, {{"d1", 1}}, 100), 0.0);
  EXPECT_DOUBLE_EQ(recall(docs({1}), {{"d1", 0}}, 100), 0.0);
  EXPECT_DOUBLE_EQ(recall(docs({2, 3}), {{"d1", 1}}, 100), 0.0);
  // Relevant at rank 101 is outside Recall@100.
  EXPECT_DOUBLE_EQ(recall(after_misses(100, docs({1})), {{"d1", 1}}, 100), 0.0);
  EXPECT_DOUBLE_EQ(recall(after_misses(99, docs({1})), {{"d1", 1}}, 100), 1.0);
}

// ---- average precision ----

TEST(AveragePrecision, WorkedExample) {
  // R n R n n, with d1, d3 and d9 relevant (d9 not retrieved):
  // precision at the relevant ranks: P@1 = 1/1, P@3 = 2/3; sum = 1.66667; / 3 relevant = 0.55556.
  const Judgements j{{"d1", 1}, {"d3", 1}, {"d9", 1}};
  EXPECT_NEAR(average_precision(docs({1, 2, 3, 4, 5}), j, 100), (1.0 + 2.0 / 3) / 3, kEps);
}

TEST(AveragePrecision, SingleRelevantIsReciprocalRank) {
  // n n n R: P@4 = 1/4; / 1 relevant = 0.25.
  EXPECT_DOUBLE_EQ(average_precision(docs({1, 2, 3, 4}), {{"d4", 1}}, 100), 0.25);
  EXPECT_DOUBLE_EQ(average_precision(docs({4, 2}), {{"d4", 1}}, 100), 1.0);
}

TEST(AveragePrecision, GradesDoNotMatterOnlyRelevance) {
  // R(3) R(1): P@1 = 1, P@2 = 1 → 2/2 = 1.
  EXPECT_DOUBLE_EQ(average_precision(docs({1, 2}), {{"d1", 3}, {"d2", 1}}, 100), 1.0);
}

TEST(AveragePrecision, DepthCutsTheList) {
  // 100 misses then R: outside depth 100 → 0; at depth 101: P@101 = 1/101.
  const Ranking r = after_misses(100, docs({1}));
  EXPECT_DOUBLE_EQ(average_precision(r, {{"d1", 1}}, 100), 0.0);
  EXPECT_DOUBLE_EQ(average_precision(r, {{"d1", 1}}, 101), 1.0 / 101);
}

TEST(AveragePrecision, DuplicatesDropped) {
  // d2 d2 d1 with d1, d2 relevant → distinct d2 d1: P@1 = 1, P@2 = 1 → 1.
  // (Counting the repeat would give P@1 + P@2 + P@3 = 3 hits over 2 relevant.)
  EXPECT_DOUBLE_EQ(average_precision(docs({2, 2, 1}), {{"d1", 1}, {"d2", 1}}, 100), 1.0);
}

TEST(AveragePrecision, EdgeCases) {
  EXPECT_DOUBLE_EQ(average_precision({}, {{"d1", 1}}, 100), 0.0);
  EXPECT_DOUBLE_EQ(average_precision(docs({1, 2}), {}, 100), 0.0);
  EXPECT_DOUBLE_EQ(average_precision(docs({1, 2}), {{"d5", 1}}, 100), 0.0);
}

// ---- per query and means ----

TEST(EvaluateQuery, AllMetricsTogether) {
  // n R n R, relevant d2 (grade 2), d4 (grade 1), d9 (grade 1, not retrieved); k = 3, depth 100.
  //   RR@3      = 1/2
  //   Success@3 = 1
  //   nDCG@3    = (2/log2(3)) / (2/1 + 1/log2(3) + 1/log2(4)) = 1.26186 / 3.13093 = 0.40303
  //   Recall    = 2/3
  //   AP        = (P@2 + P@4) / 3 = (1/2 + 2/4) / 3 = 1/3
  const Judgements j{{"d2", 2}, {"d4", 1}, {"d9", 1}};
  const QueryMetrics m = evaluate_query(docs({1, 2, 3, 4}), j, MetricCutoffs{3, 100});
  EXPECT_DOUBLE_EQ(m.reciprocal_rank, 0.5);
  EXPECT_DOUBLE_EQ(m.success, 1.0);
  const double l3 = std::log2(3.0);
  EXPECT_NEAR(m.ndcg, (2 / l3) / (2 + 1 / l3 + 0.5), kEps);
  EXPECT_NEAR(m.ndcg, 0.40303, 1e-5);
  EXPECT_NEAR(m.recall, 2.0 / 3, kEps);
  EXPECT_NEAR(m.average_precision, 1.0 / 3, kEps);
  EXPECT_EQ(m.relevant, 3u);
  EXPECT_EQ(m.first_relevant_rank, 2u);
}

TEST(EvaluateQuery, NothingFound) {
  const QueryMetrics m = evaluate_query({}, {{"d1", 1}}, MetricCutoffs{});
  EXPECT_EQ(m.first_relevant_rank, 0u);
  EXPECT_EQ(m.relevant, 1u);
  for (double v : metric_values(m)) EXPECT_EQ(v, 0.0);
}

TEST(MeanOf, AveragesEveryQueryIncludingZeros) {
  // Query A: R first → RR 1, AP 1. Query B: nothing → 0. Means: 0.5.
  std::vector<QueryMetrics> all{evaluate_query(docs({1}), {{"d1", 1}}, MetricCutoffs{}),
                                evaluate_query({}, {{"d1", 1}}, MetricCutoffs{})};
  const MeanMetrics mean = mean_of(all);
  EXPECT_EQ(mean.queries, 2u);
  EXPECT_DOUBLE_EQ(mean.mrr, 0.5);
  EXPECT_DOUBLE_EQ(mean.ndcg, 0.5);
  EXPECT_DOUBLE_EQ(mean.success, 0.5);
  EXPECT_DOUBLE_EQ(mean.recall, 0.5);
  EXPECT_DOUBLE_EQ(mean.map, 0.5);
  EXPECT_EQ(mean_of({}).queries, 0u);
  EXPECT_EQ(mean_of({}).mrr, 0.0);
}

TEST(MetricNames, NamedByCutoffs) {
  EXPECT_EQ(metric_names(MetricCutoffs{}),
            (std::vector<std::string>{"MRR@10", "nDCG@10", "Success@10", "Recall@100", "MAP"}));
  EXPECT_EQ(metric_names(MetricCutoffs{5, 200}),
            (std::vector<std::string>{"MRR@5", "nDCG@5", "Success@5", "Recall@200", "MAP"}));
}

TEST(WithoutDuplicates, KeepsFirstOccurrences) {
  EXPECT_EQ(without_duplicates(docs({3, 1, 3, 2, 1})), docs({3, 1, 2}));
  EXPECT_TRUE(without_duplicates({}).empty());
}

// ---- files ----

TEST(ReadTopics, TabSeparatedWithProblems) {
  std::istringstream in(
      "q1\tمن هو جمال خاشقجي؟\r\n"
      "\n"
      "no tab here\n"
      "q2\tسؤال\tمع تبويب\n"
      "\tبلا رقم\n"
      "q1\tمكرر\n"
      "q3\t\n");
  std::vector<ParseProblem> problems;
  const std::vector<Topic> topics = read_topics(in, problems);
  ASSERT_EQ(topics.size(), 3u);
  EXPECT_EQ(topics[0].qid, "q1");
  EXPECT_EQ(topics[0].text, "من هو جمال خاشقجي؟");
  EXPECT_EQ(topics[0].line, 1u);
  EXPECT_EQ(topics[1].qid, "q2");
  EXPECT_EQ(topics[1].text, "سؤال\tمع تبويب");  // only the first tab separates
  EXPECT_EQ(topics[2].qid, "q3");
  EXPECT_EQ(topics[2].text, "");  // kept: the search reports it as a failed query
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 3u);
  EXPECT_NE(problems[0].reason.find("tab"), std::string::npos);
  EXPECT_EQ(problems[1].line, 5u);
  EXPECT_EQ(problems[2].line, 6u);
  EXPECT_NE(problems[2].reason.find("line 1"), std::string::npos) << problems[2].reason;
}

TEST(ReadTopics, ByteOrderMarkIsIgnored) {
  std::istringstream in("\xEF\xBB\xBFq1\tنص\n");
  std::vector<ParseProblem> problems;
  const auto topics = read_topics(in, problems);
  ASSERT_EQ(topics.size(), 1u);
  EXPECT_EQ(topics[0].qid, "q1");
}

TEST(ReadQrels, SpacesOrTabsGradesAndProblems) {
  std::istringstream in(
      "q1 0 d1 1\n"
      "q1\t0\td2\t2\r\n"
      "q1 0 d3 0\n"
      "\n"
      "q2  Q0  d1   -1\n"
      "q2 0 d2\n"
      "q2 0 d3 yes\n"
      "q1 0 d1 3\n");
  std::vector<ParseProblem> problems;
  const Qrels qrels = read_qrels(in, problems);
  ASSERT_EQ(qrels.size(), 2u);
  const Judgements& q1 = qrels.at("q1");
  EXPECT_EQ(q1.at("d1"), 3);  // judged twice: the last grade wins
  EXPECT_EQ(q1.at("d2"), 2);
  EXPECT_EQ(q1.at("d3"), 0);
  EXPECT_EQ(count_relevant(q1), 2u);
  EXPECT_EQ(qrels.at("q2").at("d1"), -1);
  EXPECT_EQ(count_relevant(qrels.at("q2")), 0u);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].line, 6u);
  EXPECT_EQ(problems[1].line, 7u);
  EXPECT_NE(problems[1].reason.find("'yes'"), std::string::npos);
}

TEST(WriteRun, TrecFormat) {
  std::ostringstream out;
  write_run(out, "q7", {{"d3", 12.5}, {"d1", 7.25}}, "bahth");
  EXPECT_EQ(out.str(), "q7 Q0 d3 1 12.5 bahth\nq7 Q0 d1 2 7.25 bahth\n");
  std::ostringstream none;
  write_run(none, "q8", {}, "x");
  EXPECT_EQ(none.str(), "");
}

// Coordination can rank a result above a better-scoring one; trec_eval, which ranks by score,
// must read the same order.
TEST(TrecRun, ScoresNeverRiseDownTheRanking) {
  std::ostringstream out;
  write_run(out, "q1", {{"d1", 5.0}, {"d2", 9.0}, {"d3", 9.0}, {"d4", 2.0}}, "t");
  std::istringstream lines(out.str());
  std::string qid, q0, docid, tag;
  int rank = 0;
  double score = 0;
  double above = HUGE_VAL;
  std::string order;
  while (lines >> qid >> q0 >> docid >> rank >> score >> tag) {
    EXPECT_LT(score, above) << docid;
    above = score;
    order += docid;
  }
  EXPECT_EQ(order, "d1d2d3d4");
}

}  // namespace
}  // namespace metrics_test
}  // namespace bahth
