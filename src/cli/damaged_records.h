// damaged_records.h: how the commands that write an index name the damaged stored articles its
// passes skipped (bahth/indexer.h: DamagedRecord), and count them in their summary lines.
#ifndef BAHTH_CLI_DAMAGED_RECORDS_H_
#define BAHTH_CLI_DAMAGED_RECORDS_H_

#include <cstddef>
#include <string>

#include "bahth/indexer.h"
#include "render/search_text.h"

namespace bahth::cli {

/// "DB: article 'ID' (document N): REASON (skipped)": one line, to print inert.
inline std::string damaged_record_line(const DamagedRecord& record) {
  return record.message() + " (skipped)";
}

/// ", N damaged record(s) skipped" for a summary line; "" for none.
inline std::string damaged_summary(std::size_t damaged) {
  if (damaged == 0) return {};
  return ", " + render::count_of(damaged, "damaged record", "damaged records") + " skipped";
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_DAMAGED_RECORDS_H_
