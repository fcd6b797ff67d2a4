#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "bahth/metrics.h"
#include "report.h"

namespace bahth::render {
namespace {

nlohmann::json metrics_json(const std::vector<std::string>& names,
                            const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < names.size(); ++i) out[names[i]] = values[i];
  return out;
}

}  // namespace

nlohmann::json eval_json(const Evaluation& evaluation) {
  const std::vector<std::string> names = metric_names(evaluation.cutoffs);
  nlohmann::json per_query = nlohmann::json::object();
  for (const EvaluatedQuery& e : evaluation.per_query) {
    nlohmann::json q = metrics_json(names, metric_values(e.metrics));
    q["relevant"] = e.metrics.relevant;
    q["first_relevant_rank"] = e.metrics.first_relevant_rank == 0
                                   ? nlohmann::json(nullptr)
                                   : nlohmann::json(e.metrics.first_relevant_rank);
    if (!e.error.empty()) q["error"] = e.error;
    per_query[e.qid] = std::move(q);
  }
  return {{"metrics", metrics_json(names, metric_values(evaluation.mean))},
          {"k", evaluation.cutoffs.k},
          {"depth", evaluation.cutoffs.depth},
          {"queries", evaluation.mean.queries},
          {"skipped_without_judgements", evaluation.unjudged.size()},
          {"failed", evaluation.failed_judged},
          {"skipped_qids", evaluation.unjudged},
          {"per_query", per_query}};
}

}  // namespace bahth::render
