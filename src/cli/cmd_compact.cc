// `bahth compact`: Xapian's compaction, in place or into a new directory (which also merges
// the shards of a sharded index into one database).
#include <fmt/format.h>

#include <memory>
#include <string>

#include "bahth/compact.h"
#include "commands.h"
#include "options.h"

namespace bahth::cli {
namespace {

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", bytes / 1e6); }

void run_compact(const CompactOptions& options) {
  const CompactReport report = compact_index(options);
  const std::string what = report.shards > 1
                               ? fmt::format("{} ({} shards)", options.db_path, report.shards)
                               : options.db_path;
  if (options.into.empty()) {
    fmt::print("compacted {}: {} before, {} after\n", what, megabytes(report.bytes_before),
               megabytes(report.bytes_after));
  } else {
    fmt::print("{} {} into {}: {} before, {} after\n", report.shards > 1 ? "merged" : "compacted",
               what, report.result_path, megabytes(report.bytes_before),
               megabytes(report.bytes_after));
  }
  if (report.position_terms > 0) {
    fmt::print("position table: {} stems, {} (in {:.1f} s); Xapian's positions dropped\n",
               report.position_terms, megabytes(report.position_bytes), report.position_seconds);
  }
  if (report.champion_terms > 0) {
    fmt::print("champion lists: {} words in over {} articles, {} (in {:.1f} s)\n",
               report.champion_terms, options.champion_length, megabytes(report.champion_bytes),
               report.champion_seconds);
  }
}

}  // namespace

void setup_compact(CLI::App& app) {
  auto options = std::make_shared<CompactOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compact", "Compact an index with Xapian's compaction; --into merges shards into one");
  add_db_option(*cmd, options->db_path);
  cmd->add_option("--into", options->into,
                  "Write the compacted index into this new directory (one database, shards "
                  "merged) and leave --db as it is; without it, compact in place");
  cmd->add_option(
         "--champion-lists", options->champion_length,
         "Articles in each word's champion list (3000 suggested): searches match a frequent "
         "word's best articles only, when that gives the same results (0: store none)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}))
      ->capture_default_str();
  cmd->add_flag("!--xapian-positions", options->position_table,
                "Keep the stems' positions in Xapian's position table (about four times the "
                "bytes) instead of bahth's own, for tools that know only Xapian's (quest)");
  cmd->callback([options] { run_compact(*options); });
}

}  // namespace bahth::cli
