// `bahth eval` as a table for people: each mean metric, then how many queries counted.
#ifndef BAHTH_RENDER_EVAL_TEXT_H_
#define BAHTH_RENDER_EVAL_TEXT_H_

#include <string>

#include "bahth/evaluation.h"

namespace bahth::render {

/// One line a metric ("MRR@10      0.5000", names padded to the longest), then "queries N (U
/// without judgements skipped, F failed)".
std::string eval_text(const Evaluation& evaluation);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_EVAL_TEXT_H_
