// `bahth stats` for people: what an index holds, one aligned line a fact.
#ifndef BAHTH_RENDER_STATS_TEXT_H_
#define BAHTH_RENDER_STATS_TEXT_H_

#include <string>

#include "bahth/stats.h"

namespace bahth::render {

/// "index", "documents", "shards" (when more than one), "analysis", "dates", "terms", "on disk"
/// and the sections with their counts; text from the index (its path, sections, dates) is made
/// inert, since an index may come from anywhere.
std::string stats_text(const IndexSummary& summary);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_STATS_TEXT_H_
