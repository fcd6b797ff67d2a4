// bahth/evaluation.h: runs TREC topics through a search and scores them against qrels.
//
// The policy of `bahth eval` lives here, not in the command: which queries are averaged (those
// with a relevant document), what a failed query counts as (zero), what is written to the run
// file, and which judged queries were never asked. The search itself is a function, so this can
// be checked without an index; `evaluate_searcher` binds it to a Searcher as `bahth search` ranks.
#ifndef BAHTH_EVALUATION_H_
#define BAHTH_EVALUATION_H_

#include <cstddef>      // std::size_t
#include <functional>   // std::function
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "bahth/metrics.h"

namespace bahth {

class Searcher;
struct SearchOptions;

/// Runs one query: its results, best first, with their scores. Throws bahth::Error for a query it
/// refuses (counted as zero) and bahth::IndexError when the index itself fails (ends the run).
using RunQuery = std::function<std::vector<RunEntry>(std::string_view query)>;

/// Receives each query's results in topic order, e.g. to write a TREC run file.
using RunSink = std::function<void(std::string_view qid, const std::vector<RunEntry>& results)>;

/// One query the averages count.
struct EvaluatedQuery {
  std::string qid;
  QueryMetrics metrics;
  std::string error;  // the search failed: the metrics are zeros
};

/// A query the search refused, whether or not it was judged.
struct FailedQuery {
  std::string qid;
  std::string message;
};

struct Evaluation {
  MetricCutoffs cutoffs;
  MeanMetrics mean;                       // over `per_query`
  std::vector<EvaluatedQuery> per_query;  // the topics with a relevant document, in topic order
  std::vector<std::string> unjudged;      // topics without a relevant document: not averaged
  std::vector<FailedQuery> failures;      // every refused query, judged or not
  std::size_t failed_judged = 0;          // the failures that count as zeros in the averages
  std::size_t judged_not_asked = 0;       // qrels queries with a relevant document but no topic
};

/// Runs every topic (asking for `cutoffs.depth` results is the caller's part of `run_query`),
/// passes its results to `sink` when one is given, and scores them. When no topic has a relevant
/// document, `per_query` is empty and the means are zeros: the caller says there is nothing to
/// average, naming its files.
Evaluation evaluate(const std::vector<Topic>& topics, const Qrels& qrels,
                    const MetricCutoffs& cutoffs, const RunQuery& run_query,
                    const RunSink& sink = nullptr);

/// `evaluate` with each topic searched by `searcher` as `bahth search` would, with `options`
/// (its limit is raised to `cutoffs.depth` and snippets are turned off).
Evaluation evaluate_searcher(const Searcher& searcher, SearchOptions options,
                             const std::vector<Topic>& topics, const Qrels& qrels,
                             const MetricCutoffs& cutoffs, const RunSink& sink = nullptr);

}  // namespace bahth

#endif  // BAHTH_EVALUATION_H_
