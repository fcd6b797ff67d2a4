// Comparing the rankings `bahth search --json` prints for the same query on differently laid
// out indexes (one database, shards, remote shards, a merged copy).
#ifndef BAHTH_TESTS_CLI_RANKINGS_H_
#define BAHTH_TESTS_CLI_RANKINGS_H_

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/run_bahth.h"
#include "gtest/gtest.h"

namespace bahth::testing {

// Queries of several shapes over the bundled sample (data/bbc-arabic-sample.jsonl.gz).
inline const std::vector<std::string>& sample_queries() {
  static const std::vector<std::string> queries{
      "سوريا",          "الرئيس الأمريكي", "title:ترامب", "\"الأمم المتحدة\"", "النفط OR الاقتصاد",
      "روسيا NOT سوريا"};
  return queries;
}

struct Ranking {
  std::uint64_t total = 0;
  std::vector<std::pair<std::string, double>> hits;  // id, score; best first
};

/// Runs `bahth search --json --duplicates -n 100 QUERY` with `db_args` (e.g. {"--db", "x"}) and
/// returns the ranking, failing the test if the command fails.
inline Ranking search_ranking(const std::vector<std::string>& db_args, const std::string& query,
                              const std::vector<std::string>& extra = {}) {
  // --duplicates: near-duplicates are grouped within each database, so collapsing (and the
  // estimated total it gives) depends on the layout; the ranking itself must not.
  std::vector<std::string> args{"search", "--json", "--duplicates", "-n", "100"};
  args.insert(args.end(), db_args.begin(), db_args.end());
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(query);
  const RunResult run = run_bahth(args);
  Ranking ranking;
  EXPECT_EQ(run.exit_code, 0) << run.err;
  if (run.exit_code != 0) return ranking;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  ranking.total = json["total"].get<std::uint64_t>();
  for (const auto& hit : json["results"]) {
    ranking.hits.emplace_back(hit["id"].get<std::string>(), hit["score"].get<double>());
  }
  return ranking;
}

/// Expects the same documents with the same scores (up to float rounding) in the same order;
/// documents with equal scores may come in any order among themselves (Xapian breaks ties by
/// document number, which differs between layouts).
inline void expect_same_ranking(const Ranking& expected, const Ranking& actual,
                                const std::string& what) {
  EXPECT_EQ(expected.total, actual.total) << what;
  ASSERT_EQ(expected.hits.size(), actual.hits.size()) << what;
  auto canonical = [](std::vector<std::pair<std::string, double>> hits) {
    // Round scores so that float noise cannot reorder ties; then order ties by id.
    for (auto& hit : hits) hit.second = std::round(hit.second * 1e6) / 1e6;
    std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return hits;
  };
  const auto a = canonical(expected.hits);
  const auto b = canonical(actual.hits);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].first, b[i].first) << what << " at rank " << i + 1;
    EXPECT_NEAR(a[i].second, b[i].second, 1e-6) << what << " at rank " << i + 1;
  }
  // Rank by rank the same scores: the same order but among ties. (Not always descending:
  // coordination ranks results holding more of the query's words first.)
  for (std::size_t i = 0; i < actual.hits.size(); ++i) {
    EXPECT_NEAR(expected.hits[i].second, actual.hits[i].second, 1e-6) << what << " rank " << i + 1;
  }
}

}  // namespace bahth::testing

#endif  // BAHTH_TESTS_CLI_RANKINGS_H_
