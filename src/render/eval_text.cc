#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "bahth/metrics.h"
#include "report.h"

namespace bahth::render {

std::string eval_text(const Evaluation& evaluation) {
  const std::vector<std::string> names = metric_names(evaluation.cutoffs);
  std::size_t width = 0;
  for (const std::string& name : names) width = std::max(width, name.size());
  const std::vector<double> values = metric_values(evaluation.mean);
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += fmt::format("{:<{}}  {:.4f}\n", names[i], width, values[i]);
  }
  out += fmt::format("queries {} ({} without judgements skipped, {} failed)\n",
                     evaluation.mean.queries, evaluation.unjudged.size(), evaluation.failed_judged);
  return out;
}

}  // namespace bahth::render
