// `bahth eval --json`: the means and each query's metrics as one JSON object.
#ifndef BAHTH_RENDER_EVAL_JSON_H_
#define BAHTH_RENDER_EVAL_JSON_H_

#include <nlohmann/json.hpp>

#include "bahth/evaluation.h"

namespace bahth::render {

/// {"metrics": {name: mean}, "k", "depth", "queries", "skipped_without_judgements", "failed",
/// "skipped_qids", "per_query": {qid: {name: value, "relevant", "first_relevant_rank" (null when
/// none was found), "error" (when the search failed)}}}. Query ids are the topics file's text:
/// print it with json_text, which keeps it inert.
nlohmann::json eval_json(const Evaluation& evaluation);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_EVAL_JSON_H_
