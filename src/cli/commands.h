// The subcommands of `bahth`. Each cmd_<name>.cc binds its options to a struct and registers a
// callback that does the work (CLI11's subcommands-in-files layout); main.cc only wires them up
// and turns exceptions into messages and exit codes.
#ifndef BAHTH_CLI_COMMANDS_H_
#define BAHTH_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

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
void setup_search(CLI::App& app);
void setup_related(CLI::App& app);
void setup_eval(CLI::App& app);
void setup_compact(CLI::App& app);
void setup_show(CLI::App& app);
void setup_serve(CLI::App& app);

}  // namespace bahth::cli

#endif  // BAHTH_CLI_COMMANDS_H_
