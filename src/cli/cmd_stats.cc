// `bahth stats`: what an index holds.
#include <iostream>
#include <memory>
#include <string>

#include "bahth/stats.h"
#include "commands.h"
#include "options.h"
#include "render/report.h"
#include "render/search_json.h"

namespace bahth::cli {
namespace {

struct StatsOptions {
  std::string db_path;
  bool json = false;
};

void print_json(const IndexSummary& s) {
  std::cout << render::json_text(render::stats_json(s), 2) << '\n';
}

}  // namespace

void setup_stats(CLI::App& app) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what an index holds");
  add_db_option(*cmd, options->db_path);
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->callback([options] {
    const IndexSummary summary = describe_index(options->db_path);
    if (options->json) {
      print_json(summary);
    } else {
      std::cout << render::stats_text(summary);
    }
  });
}

}  // namespace bahth::cli
