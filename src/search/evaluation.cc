// Scoring a search against TREC topics and qrels: the policy behind `bahth eval`.
#include "bahth/evaluation.h"

#include <set>
#include <string_view>
#include <utility>

#include "bahth/error.h"
#include "bahth/searcher.h"

namespace bahth {
namespace {

std::size_t count_judged_not_asked(const std::vector<Topic>& topics, const Qrels& qrels) {
  std::set<std::string_view> asked;
  for (const Topic& topic : topics) asked.insert(topic.qid);
  std::size_t count = 0;
  for (const auto& [qid, judgements] : qrels) {
    if (count_relevant(judgements) > 0 && asked.count(qid) == 0) ++count;
  }
  return count;
}

Ranking ranking_of(const std::vector<RunEntry>& results) {
  Ranking ranking;
  ranking.reserve(results.size());
  for (const RunEntry& entry : results) ranking.push_back(entry.docid);
  return ranking;
}

}  // namespace

Evaluation evaluate(const std::vector<Topic>& topics, const Qrels& qrels,
                    const MetricCutoffs& cutoffs, const RunQuery& run_query, const RunSink& sink) {
  Evaluation out;
  out.cutoffs = cutoffs;
  const Judgements no_judgements;
  for (const Topic& topic : topics) {
    const auto judged = qrels.find(topic.qid);
    const Judgements& judgements = judged == qrels.end() ? no_judgements : judged->second;
    const bool has_relevant = count_relevant(judgements) > 0;
    if (!has_relevant) out.unjudged.push_back(topic.qid);
    EvaluatedQuery query{topic.qid, {}, {}};
    try {
      const std::vector<RunEntry> results = run_query(topic.text);
      if (sink) sink(topic.qid, results);
      query.metrics = evaluate_query(ranking_of(results), judgements, cutoffs);
    } catch (const IndexError&) {
      throw;  // the index is broken: no later query would fare better
    } catch (const Error& error) {
      // A query the searcher refuses (UsageError: no words, a bad wildcard; InputError: text it
      // cannot read) counts as zero rather than ending the run.
      out.failures.push_back({topic.qid, error.what()});
      query.metrics = evaluate_query({}, judgements, cutoffs);
      query.error = error.what();
      if (has_relevant) ++out.failed_judged;
    }
    if (has_relevant) out.per_query.push_back(std::move(query));
  }
  out.judged_not_asked = count_judged_not_asked(topics, qrels);

  std::vector<QueryMetrics> all;
  all.reserve(out.per_query.size());
  for (const EvaluatedQuery& query : out.per_query) all.push_back(query.metrics);
  out.mean = mean_of(all);
  return out;
}

Evaluation evaluate_searcher(const Searcher& searcher, SearchOptions options,
                             const std::vector<Topic>& topics, const Qrels& qrels,
                             const MetricCutoffs& cutoffs, const RunSink& sink) {
  options.limit = cutoffs.depth;
  options.snippet_chars = 0;
  const RunQuery run_query = [&](std::string_view query) {
    const SearchResults results = searcher.search(query, options);
    std::vector<RunEntry> run;
    run.reserve(results.hits.size());
    for (const SearchHit& hit : results.hits) run.push_back({hit.id, hit.score});
    return run;
  };
  return evaluate(topics, qrels, cutoffs, run_query, sink);
}

}  // namespace bahth
