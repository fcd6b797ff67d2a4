// bahth/metrics.h: retrieval metrics over TREC topics and qrels, for `bahth eval`.
//
// Pure functions over rankings (document ids, best first) and relevance judgements; nothing here
// touches an index, so every metric can be checked by hand on tiny examples.
//
// Conventions shared by every metric:
// - A document is relevant when its grade in the judgements is > 0; unjudged documents and
//   documents judged 0 (or below) are not relevant.
// - Ranks are 1-based. A cutoff `k` looks at ranks 1..k.
// - A document id that occurs again further down a ranking is dropped before scoring (a run must
//   not earn credit twice for one document); the documents after it move up.
// - Denominators come from the judgements (the number of relevant documents, the ideal DCG), so
//   a relevant document that was not retrieved costs recall, MAP and nDCG.
// - A query without any relevant document gets 0 everywhere; `bahth eval` leaves such queries out
//   of its averages instead.
#ifndef BAHTH_METRICS_H_
#define BAHTH_METRICS_H_

#include <cstddef>      // std::size_t
#include <istream>      // std::istream
#include <map>          // std::map
#include <ostream>      // std::ostream
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace bahth {

/// Document ids, best first.
using Ranking = std::vector<std::string>;

/// The judgements of one query: document id → grade (> 0 relevant; graded for nDCG).
using Judgements = std::map<std::string, int, std::less<>>;

/// Judgements of every query: query id → judgements.
using Qrels = std::map<std::string, Judgements, std::less<>>;

/// Number of documents with grade > 0.
std::size_t count_relevant(const Judgements& judgements);

/// `ranking` without the later occurrences of repeated ids.
Ranking without_duplicates(const Ranking& ranking);

/// 1/rank of the first relevant document within the top `k`, else 0.
double reciprocal_rank(const Ranking& ranking, const Judgements& judgements, std::size_t k);

/// 1 when a relevant document is in the top `k`, else 0.
double success(const Ranking& ranking, const Judgements& judgements, std::size_t k);

/// nDCG@k: sum over ranks r <= k of grade / log2(r + 1), divided by the same sum over the ideal
/// ranking (the judged grades > 0, highest first, cut at k). 0 without relevant documents.
double ndcg(const Ranking& ranking, const Judgements& judgements, std::size_t k);

/// Relevant documents in the top `depth`, divided by the relevant documents in the judgements.
double recall(const Ranking& ranking, const Judgements& judgements, std::size_t depth);

/// Average precision over the top `depth`: the sum of precision@r over the ranks r that hold a
/// relevant document, divided by the number of relevant documents in the judgements.
double average_precision(const Ranking& ranking, const Judgements& judgements, std::size_t depth);

/// The cutoffs `bahth eval` reports at.
struct MetricCutoffs {
  std::size_t k = 10;       // MRR@k, nDCG@k, Success@k
  std::size_t depth = 100;  // Recall@depth, and the depth of MAP
};

/// Every metric of one query, and what they were computed from.
struct QueryMetrics {
  double reciprocal_rank = 0;
  double ndcg = 0;
  double success = 0;
  double recall = 0;
  double average_precision = 0;
  std::size_t relevant = 0;             // relevant documents in the judgements
  std::size_t first_relevant_rank = 0;  // within `depth`; 0 when none was retrieved there
};

QueryMetrics evaluate_query(const Ranking& ranking, const Judgements& judgements,
                            const MetricCutoffs& cutoffs);

/// Means over the queries averaged (every QueryMetrics given, failed queries included as zeros).
struct MeanMetrics {
  double mrr = 0;
  double ndcg = 0;
  double success = 0;
  double recall = 0;
  double map = 0;
  std::size_t queries = 0;
};

MeanMetrics mean_of(const std::vector<QueryMetrics>& per_query);

/// The names reported for the metrics at `cutoffs`: "MRR@10", "nDCG@10", "Success@10",
/// "Recall@100", "MAP" (in that order).
std::vector<std::string> metric_names(const MetricCutoffs& cutoffs);

/// The values of a QueryMetrics or MeanMetrics in the order of metric_names().
std::vector<double> metric_values(const QueryMetrics& m);
std::vector<double> metric_values(const MeanMetrics& m);

/// One query of a topics file.
struct Topic {
  std::string qid;
  std::string text;
  std::size_t line = 0;
};

/// A line of a topics or qrels file that was skipped, and why.
struct ParseProblem {
  std::size_t line = 0;
  std::string reason;
};

/// Reads `qid<TAB>query text` lines. Blank lines are skipped silently; a line without a tab, with
/// an empty query id or with a query id seen before is skipped and described in `problems`.
/// A trailing '\r' is removed.
std::vector<Topic> read_topics(std::istream& in, std::vector<ParseProblem>& problems);

/// Reads TREC qrels, `qid iteration docid grade` separated by spaces or tabs (the iteration
/// column is ignored). Blank lines are skipped; a line with another number of fields or a grade
/// that is not an integer is skipped and described in `problems`. When a (qid, docid) pair is
/// judged twice, the last grade wins.
Qrels read_qrels(std::istream& in, std::vector<ParseProblem>& problems);

/// One line of a TREC run file.
struct RunEntry {
  std::string docid;
  double score = 0;
};

/// Writes `qid Q0 docid rank score tag` lines, ranks from 1, in the order given; a score above
/// the one before it is written just below that one, since trec_eval ranks by score.
void write_run(std::ostream& out, std::string_view qid, const std::vector<RunEntry>& entries,
               std::string_view tag);

}  // namespace bahth

#endif  // BAHTH_METRICS_H_
