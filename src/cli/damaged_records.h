// damaged_records.h: how the commands that write an index name what they skip: an input record
// the readers refused (bahth/readers.h: ReadProblem), and a damaged stored article its passes
// could not read (bahth/indexer.h: DamagedRecord); and how their summary lines count them.
#ifndef BAHTH_CLI_DAMAGED_RECORDS_H_
#define BAHTH_CLI_DAMAGED_RECORDS_H_

#include <cstddef>
#include <string>

#include "bahth/indexer.h"
#include "bahth/readers.h"
#include "render/search_text.h"

namespace bahth::cli {

/// "PATH:LINE: REASON", with " (skipped)" when the record was left out; no ":LINE" for a
/// problem of a whole file. One line, to print inert (paths and reasons quote the dump).
inline std::string read_problem_line(const ReadProblem& problem) {
  std::string line = problem.path;
  if (problem.line != 0) line += ':' + std::to_string(problem.line);
  line.append(": ").append(problem.reason).append(problem.skipped ? " (skipped)" : "");
  return line;
}

/// How many of one input's problems stderr shows: a dump that is not what it claims (a binary
/// file read as JSON Lines) would otherwise print a line per line of it, millions, and bury the
/// summary, which counts every one.
inline constexpr std::size_t kProblemsShownPerInput = 100;

/// The line printed once an input has shown kProblemsShownPerInput problems.
inline std::string problems_not_shown_line(const std::string& path) {
  return path + ": more than " + std::to_string(kProblemsShownPerInput) +
         " problems; the rest are counted in the summary, not shown (--errors FILE lists every "
         "one)";
}

/// "DB: article 'ID' (document N): REASON (skipped)": one line, to print inert.
inline std::string damaged_record_line(const DamagedRecord& record) {
  return record.message() + " (skipped)";
}

/// ", N damaged record(s) skipped" and ", N damaged record(s) repaired" (an unchanged article
/// written again over its unreadable record) for a summary line; "" for none.
inline std::string damaged_summary(std::size_t damaged, std::size_t repaired = 0) {
  std::string summary;
  if (damaged != 0) {
    summary += ", " + render::count_of(damaged, "damaged record", "damaged records") + " skipped";
  }
  if (repaired != 0) {
    summary += ", " + render::count_of(repaired, "damaged record", "damaged records") + " repaired";
  }
  return summary;
}

/// ", N read but not indexed (the write failed)" for a summary line (IndexCounts::not_indexed:
/// the articles a full disk or an I/O error kept out of the index); "" for none.
inline std::string not_indexed_summary(std::size_t not_indexed) {
  if (not_indexed == 0) return {};
  return ", " + std::to_string(not_indexed) + " read but not indexed (the write failed)";
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_DAMAGED_RECORDS_H_
