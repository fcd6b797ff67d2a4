// `bahth synonyms`: shows, replaces or clears the user's synonyms stored in an index, through
// the same writer as `bahth index` (the store's lock: a second writer is refused), with no
// reindexing; searches (and `bahth serve`, at its next refresh) apply them at once.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "bahth/synonyms.h"
#include "commands.h"
#include "options.h"
#include "render/inert.h"

namespace bahth::cli {

SynonymList read_synonyms_reporting(const std::string& path) {
  SynonymList list = read_synonym_file(path);
  for (const std::string& bad : list.bad_lines) {
    std::cerr << "bahth: " << render::inert_text(bad) << '\n';
  }
  if (list.groups.empty() && !list.bad_lines.empty()) {
    throw UsageError("no synonym group could be read from " + path + " (" +
                     std::to_string(list.bad_lines.size()) +
                     " bad lines); the index's synonyms are left as they were");
  }
  return list;
}

std::string synonyms_summary(const SynonymList& list, const std::string& path) {
  std::string out = std::to_string(list.groups.size()) +
                    (list.groups.size() == 1 ? " synonym group" : " synonym groups") + " from " +
                    path + " stored";
  if (!list.bad_lines.empty()) {
    out += " (" + std::to_string(list.bad_lines.size()) +
           (list.bad_lines.size() == 1 ? " bad line" : " bad lines") + " left out)";
  }
  return out;
}

namespace {

struct SynonymsOptions {
  std::string db_path;
  std::string file;
  bool clear = false;
};

// Stores `groups` in the index, replacing what it held, under the writer's lock.
void store(const std::string& db_path, const std::vector<std::vector<std::string>>& groups) {
  IndexOptions options;
  options.db_path = db_path;
  options.existing_only = true;  // an index to change, never a new one
  options.threads = 1;           // nothing to analyse
  Indexer indexer(options);
  indexer.set_synonyms(groups);
  indexer.finish();
}

void run_synonyms(const SynonymsOptions& options) {
  if (options.clear && !options.file.empty()) {
    throw UsageError("give a FILE or --clear, not both");
  }
  if (options.clear) {
    store(options.db_path, {});
    std::cout << "synonyms cleared from " << options.db_path << '\n';
    return;
  }
  if (!options.file.empty()) {
    const SynonymList list = read_synonyms_reporting(options.file);
    store(options.db_path, list.groups);
    std::cout << synonyms_summary(list, options.file) << " in " << options.db_path << '\n';
    return;
  }
  // The groups as a file would give them (stored text, made inert: the index is untrusted).
  const Searcher searcher({options.db_path});
  for (const std::vector<std::string>& group : searcher.synonyms()) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      std::cout << (i > 0 ? ", " : "") << render::inert_text(group[i]);
    }
    std::cout << '\n';
  }
}

}  // namespace

void setup_synonyms(CLI::App& app) {
  auto options = std::make_shared<SynonymsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "synonyms",
      "Show the index's synonyms, or replace them with those of FILE (one group a line, "
      "entries separated by commas, # comments) without reindexing");
  add_db_option(*cmd, options->db_path);
  cmd->add_flag("--clear", options->clear, "Remove every synonym from the index");
  cmd->add_option("file", options->file,
                  "The synonyms file; without it (and --clear) the stored ones are printed, "
                  "one group a line");
  cmd->callback([options] { run_synonyms(*options); });
}

}  // namespace bahth::cli
