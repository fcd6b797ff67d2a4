// evaluate(): which topics are averaged, what a refused query counts as, what the run sink sees.
// The search is a lambda over fixed rankings, so every figure can be checked by hand.
#include "bahth/evaluation.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "bahth/error.h"

namespace bahth {
namespace evaluation_test {
namespace {

const MetricCutoffs kCutoffs{10, 100};

// Fixed results per query text; a text it does not know is refused like an unparsable query.
RunQuery fixed_results(std::map<std::string, std::vector<std::string>> rankings) {
  return [rankings = std::move(rankings)](std::string_view query) {
    const auto found = rankings.find(std::string(query));
    if (found == rankings.end()) throw UsageError("no words in the query");
    std::vector<RunEntry> results;
    double score = 10;
    for (const std::string& id : found->second) results.push_back({id, score--});
    return results;
  };
}

TEST(Evaluate, AveragesOnlyTopicsWithARelevantDocument) {
  const std::vector<Topic> topics{{"q1", "first", 1}, {"q2", "second", 2}, {"q3", "third", 3}};
  const Qrels qrels{{"q1", {{"a", 1}}}, {"q2", {{"z", 1}}}, {"q3", {{"c", 0}}}};
  const Evaluation result =
      evaluate(topics, qrels, kCutoffs,
               fixed_results({{"first", {"x", "a"}}, {"second", {"y"}}, {"third", {"c"}}}));
  ASSERT_EQ(result.per_query.size(), 2u);
  EXPECT_EQ(result.per_query[0].qid, "q1");
  EXPECT_DOUBLE_EQ(result.per_query[0].metrics.reciprocal_rank, 0.5);
  EXPECT_EQ(result.per_query[0].metrics.first_relevant_rank, 2u);
  EXPECT_DOUBLE_EQ(result.per_query[1].metrics.reciprocal_rank, 0.0);
  EXPECT_EQ(result.unjudged, std::vector<std::string>{"q3"});
  EXPECT_EQ(result.mean.queries, 2u);
  EXPECT_DOUBLE_EQ(result.mean.mrr, 0.25);
  EXPECT_EQ(result.failed_judged, 0u);
  EXPECT_TRUE(result.failures.empty());
}

TEST(Evaluate, ARefusedQueryCountsAsZeroAndIsNamed) {
  const std::vector<Topic> topics{{"q1", "known", 1}, {"q2", "refused", 2}, {"q3", "also", 3}};
  const Qrels qrels{{"q1", {{"a", 1}}}, {"q2", {{"b", 1}}}};
  const Evaluation result = evaluate(topics, qrels, kCutoffs, fixed_results({{"known", {"a"}}}));
  ASSERT_EQ(result.per_query.size(), 2u);
  EXPECT_DOUBLE_EQ(result.mean.mrr, 0.5);
  EXPECT_EQ(result.per_query[1].error, "no words in the query");
  // q3 has no judgements: its failure is reported but does not count among the averaged ones.
  ASSERT_EQ(result.failures.size(), 2u);
  EXPECT_EQ(result.failures[0].qid, "q2");
  EXPECT_EQ(result.failures[1].qid, "q3");
  EXPECT_EQ(result.failed_judged, 1u);
}

TEST(Evaluate, ABrokenIndexEndsTheRun) {
  const std::vector<Topic> topics{{"q1", "any", 1}};
  const Qrels qrels{{"q1", {{"a", 1}}}};
  const RunQuery broken = [](std::string_view) -> std::vector<RunEntry> {
    throw IndexError("/tmp/index", "database is corrupt");
  };
  EXPECT_THROW(evaluate(topics, qrels, kCutoffs, broken), IndexError);
}

TEST(Evaluate, TheSinkSeesEachAnsweredQueryInTopicOrder) {
  const std::vector<Topic> topics{{"q2", "b", 1}, {"q1", "a", 2}, {"q3", "refused", 3}};
  const Qrels qrels{{"q1", {{"d1", 1}}}};
  std::vector<std::string> seen;
  std::size_t entries = 0;
  evaluate(topics, qrels, kCutoffs, fixed_results({{"a", {"d1", "d2"}}, {"b", {"d3"}}}),
           [&](std::string_view qid, const std::vector<RunEntry>& results) {
             seen.emplace_back(qid);
             entries += results.size();
           });
  EXPECT_EQ(seen, (std::vector<std::string>{"q2", "q1"}));
  EXPECT_EQ(entries, 3u);
}

TEST(Evaluate, CountsJudgedQueriesThatWereNeverAsked) {
  const std::vector<Topic> topics{{"q1", "a", 1}};
  const Qrels qrels{{"q1", {{"d1", 1}}}, {"q9", {{"d9", 2}}}, {"q8", {{"d8", 0}}}};
  const Evaluation result = evaluate(topics, qrels, kCutoffs, fixed_results({{"a", {"d1"}}}));
  EXPECT_EQ(result.judged_not_asked, 1u);  // q8 has no relevant document: not counted
}

TEST(Evaluate, NothingToAverageLeavesTheMeansAtZero) {
  const std::vector<Topic> topics{{"q1", "a", 1}};
  const Evaluation result = evaluate(topics, {}, kCutoffs, fixed_results({{"a", {"d1"}}}));
  EXPECT_TRUE(result.per_query.empty());
  EXPECT_EQ(result.mean.queries, 0u);
  EXPECT_DOUBLE_EQ(result.mean.mrr, 0.0);
}

}  // namespace
}  // namespace evaluation_test
}  // namespace bahth
