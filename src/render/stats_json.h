// What an index holds (`bahth stats --json`, `GET /api/stats`) as JSON.
#ifndef BAHTH_RENDER_STATS_JSON_H_
#define BAHTH_RENDER_STATS_JSON_H_

#include <nlohmann/json.hpp>

#include "bahth/stats.h"

namespace bahth::render {

/// {"db", "documents", "distinct_terms", "stemmer", "analyzer", "first_date", "last_date",
/// "undated", "disk_bytes", "shards", "sections": {name: count}}.
nlohmann::json stats_json(const IndexSummary& summary);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_STATS_JSON_H_
