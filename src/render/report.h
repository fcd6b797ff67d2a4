// Reports on an index and on an evaluation, for people and as JSON: `bahth stats` (and
// `GET /api/stats`) and `bahth eval`.
#ifndef BAHTH_RENDER_REPORT_H_
#define BAHTH_RENDER_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "bahth/evaluation.h"
#include "bahth/stats.h"

namespace bahth::render {

/// "index", "documents", "shards" (when more than one), "analysis", "dates", "terms", "on disk"
/// and the sections with their counts, one aligned line a fact; text from the index (its path,
/// sections, dates) is made inert, since an index may come from anywhere.
std::string stats_text(const IndexSummary& summary);

/// {"db", "documents", "distinct_terms", "stemmer", "analyzer", "first_date", "last_date",
/// "undated", "disk_bytes", "shards", "sections": {name: count}}.
nlohmann::json stats_json(const IndexSummary& summary);

/// A table of each mean metric, one line a metric ("MRR@10      0.5000", names padded to the
/// longest), then "queries N (U without judgements skipped, F failed)".
std::string eval_text(const Evaluation& evaluation);

/// {"metrics": {name: mean}, "k", "depth", "queries", "skipped_without_judgements", "failed",
/// "skipped_qids", "per_query": {qid: {name: value, "relevant", "first_relevant_rank" (null when
/// none was found), "error" (when the search failed)}}}. Query ids are the topics file's text:
/// print it with json_text, which keeps it inert.
nlohmann::json eval_json(const Evaluation& evaluation);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_REPORT_H_
