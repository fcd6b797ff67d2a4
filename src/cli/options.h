// Options shared by several subcommands, so each is spelled and documented once.
#ifndef BAHTH_CLI_OPTIONS_H_
#define BAHTH_CLI_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <string>

namespace bahth::cli {

/// $BAHTH_DB, or ./bahth-index.
inline std::string default_db_path() {
  const char* from_env = std::getenv("BAHTH_DB");
  return from_env != nullptr && *from_env != '\0' ? from_env : "bahth-index";
}

/// --db PATH, defaulting to default_db_path().
inline CLI::Option* add_db_option(CLI::App& cmd, std::string& db_path) {
  db_path = default_db_path();
  return cmd.add_option("--db", db_path, "Index location (default: $BAHTH_DB or ./bahth-index)")
      ->capture_default_str();
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_OPTIONS_H_
