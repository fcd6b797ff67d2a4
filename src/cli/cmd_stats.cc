// `bahth stats`: what an index holds.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>

#include "bahth/stats.h"
#include "commands.h"
#include "options.h"
#include "render/inert.h"
#include "render/search_json.h"
#include "render/stats_json.h"

namespace bahth::cli {
namespace {

struct StatsOptions {
  std::string db_path;
  bool json = false;
};

void print_json(const IndexSummary& s) {
  std::cout << render::json_text(render::stats_json(s), 2) << '\n';
}

void print_text(const IndexSummary& s) {
  fmt::print("index      {}\n", render::inert_text(s.db_path));
  fmt::print("documents  {}\n", s.documents);
  if (s.shards > 1) fmt::print("shards     {}\n", s.shards);
  fmt::print("analysis   --stemmer {} ({})\n",
             render::inert_text(s.stemmer.empty() ? "?" : s.stemmer),
             render::inert_text(s.analyzer));
  if (!s.first_date.empty()) {
    fmt::print("dates      {} … {} ({} undated)\n", render::inert_text(s.first_date),
               render::inert_text(s.last_date), s.undated);
  } else {
    fmt::print("dates      none\n");
  }
  fmt::print("terms      {} distinct; {:.0f} words per document on average\n", s.distinct_terms,
             s.average_words);
  fmt::print("on disk    {:.1f} MB\n", s.disk_bytes / 1e6);
  if (!s.sections.empty()) {
    fmt::print("sections\n");
    for (const auto& [name, count] : s.sections) {
      fmt::print("  {:>8}  {}\n", count, render::inert_text(name));
    }
  }
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
      print_text(summary);
    }
  });
}

}  // namespace bahth::cli
