// The subcommands of `bahth`. Each cmd_<name>.cc binds its options to a struct and registers a
// callback that does the work (CLI11's subcommands-in-files layout); main.cc only wires them up
// and turns exceptions into messages and exit codes.
#ifndef BAHTH_CLI_COMMANDS_H_
#define BAHTH_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <string>

#include "bahth/synonyms.h"
#include "option_filter.h"

namespace bahth::cli {

/// Thrown by a command that has already told the user what happened and only needs `code` as
/// the process's exit status.
struct ExitCode {
  int code;
};

void setup_analyze(CLI::App& app);
void setup_index(CLI::App& app);
void setup_delete(CLI::App& app);
void setup_stats(CLI::App& app);
// `search` and `related` build only the options `only` wants (the first to run in a loop).
void setup_search(CLI::App& app, const OptionFilter& only = {});
void setup_related(CLI::App& app, const OptionFilter& only = {});
void setup_eval(CLI::App& app);
void setup_compact(CLI::App& app);
void setup_show(CLI::App& app);
void setup_serve(CLI::App& app);
void setup_synonyms(CLI::App& app);

/// Reads a synonyms file (bahth/synonyms.h), each line left out reported on stderr as
/// "bahth: FILE:LINE: reason". Throws UsageError when the file cannot be read, or when it has
/// lines and none could be read (storing nothing would silently clear the synonyms).
SynonymList read_synonyms_reporting(const std::string& path);

/// "N synonym groups from FILE stored (M bad lines left out)".
std::string synonyms_summary(const SynonymList& list, const std::string& path);

}  // namespace bahth::cli

#endif  // BAHTH_CLI_COMMANDS_H_
