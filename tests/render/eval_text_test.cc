// `bahth eval`'s output as render writes it: the table and the JSON object.
#include "gtest/gtest.h"
#include "render/report.h"
#include "render/search_json.h"

namespace bahth::render {
namespace eval_text_test {
namespace {

Evaluation two_queries() {
  Evaluation e;
  e.cutoffs = {10, 100};
  e.mean = {0.75, 0.5, 1.0, 0.25, 0.125, 2};
  QueryMetrics found;
  found.reciprocal_rank = 0.5;
  found.relevant = 3;
  found.first_relevant_rank = 2;
  e.per_query = {{"q1", found, ""}, {"q\x1b", QueryMetrics{}, "refused"}};
  e.unjudged = {"q9"};
  e.failed_judged = 1;
  return e;
}

TEST(EvalText, OneAlignedLineAMetricThenTheQueries) {
  EXPECT_EQ(eval_text(two_queries()),
            "MRR@10      0.7500\n"
            "nDCG@10     0.5000\n"
            "Success@10  1.0000\n"
            "Recall@100  0.2500\n"
            "MAP         0.1250\n"
            "queries 2 (1 without judgements skipped, 1 failed)\n");
}

TEST(EvalJson, MeansPerQueryMetricsAndInertQueryIds) {
  const nlohmann::json json = eval_json(two_queries());
  EXPECT_EQ(json["metrics"]["MRR@10"], 0.75);
  EXPECT_EQ(json["k"], 10);
  EXPECT_EQ(json["depth"], 100);
  EXPECT_EQ(json["queries"], 2);
  EXPECT_EQ(json["skipped_without_judgements"], 1);
  EXPECT_EQ(json["failed"], 1);
  EXPECT_EQ(json["skipped_qids"], nlohmann::json::array({"q9"}));
  EXPECT_EQ(json["per_query"]["q1"]["first_relevant_rank"], 2);
  EXPECT_EQ(json["per_query"]["q1"]["relevant"], 3);
  EXPECT_FALSE(json["per_query"]["q1"].contains("error"));
  EXPECT_TRUE(json["per_query"]["q\x1b"]["first_relevant_rank"].is_null());
  EXPECT_EQ(json["per_query"]["q\x1b"]["error"], "refused");
  // A query id with an escape character is written escaped.
  EXPECT_NE(json_text(json, 2).find("\"q\\u001b\""), std::string::npos);
}

}  // namespace
}  // namespace eval_text_test
}  // namespace bahth::render
