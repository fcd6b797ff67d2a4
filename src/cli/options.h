// Options shared by several subcommands, so each is spelled and documented once.
#ifndef BAHTH_CLI_OPTIONS_H_
#define BAHTH_CLI_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "bahth/searcher.h"
#include "option_filter.h"

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

/// --db PATH, repeatable: the indexes a command searches as one, each a database, a sharded
/// index's directory or a Xapian stub file; `help` says what the command does with them. One
/// value per --db, so a positional argument is never taken for a path. Call
/// default_db_if_none() after parsing.
inline CLI::Option* add_db_paths_option(CLI::App& cmd, std::vector<std::string>& db_paths,
                                        const std::string& help, const OptionFilter& only = {}) {
  CLI::Option* option = add_option_if(cmd, only, "--db", db_paths, help);
  return option != nullptr ? option->allow_extra_args(false) : nullptr;
}

/// The paths of add_db_paths_option(), with default_db_path() when no --db was given.
inline void default_db_if_none(std::vector<std::string>& db_paths) {
  if (db_paths.empty()) db_paths.push_back(default_db_path());
}

/// NAME N, a number from `min` to `max`, its default shown in --help. The bounds take the type of
/// the value, so the check reads the argument as the option stores it. Null when `only` does not
/// want it.
template <typename Number>
CLI::Option* add_bounded_option(CLI::App& cmd, const std::string& name, Number& value,
                                const std::string& help, std::type_identity_t<Number> min,
                                std::type_identity_t<Number> max, const OptionFilter& only = {}) {
  CLI::Option* option = add_option_if(cmd, only, name, value, help);
  return option != nullptr ? option->check(CLI::Range(min, max))->capture_default_str() : nullptr;
}

/// NAME WORD, one of `choices`, its default shown in --help. Null when `only` does not want it.
inline CLI::Option* add_choice_option(CLI::App& cmd, const std::string& name, std::string& value,
                                      const std::string& help, std::vector<std::string> choices,
                                      const OptionFilter& only = {}) {
  CLI::Option* option = add_option_if(cmd, only, name, value, help);
  return option != nullptr ? option->check(CLI::IsMember(std::move(choices)))->capture_default_str()
                           : nullptr;
}

/// --stemmer light|snowball|none, as parse_stemmer_kind() reads it: the analysis `index` records
/// and `analyze` shows.
inline CLI::Option* add_stemmer_option(CLI::App& cmd, std::string& stemmer,
                                       const std::string& help) {
  return cmd.add_option("--stemmer", stemmer, help)
      ->check(CLI::IsMember({"light", "snowball", "none"}));
}

/// How the commands that print articles (`search`, `related`, `show`) print them.
struct OutputOptions {
  bool json = false;
  std::string color = "auto";
  std::string bidi = "auto";
};

/// The help of each output option: the commands print different things, and say so.
struct OutputHelp {
  std::string json;
  std::string color;
  std::string bidi;
};

/// --json, --color (auto, always, never) and --bidi (auto, none, isolate, visual; also read from
/// $BAHTH_BIDI), declared alike for every command that prints articles. --bidi is built whatever
/// `only` says: the command line need not name it for CLI11 to read it.
inline void add_output_options(CLI::App& cmd, OutputOptions& output, const OutputHelp& help,
                               const OptionFilter& only = {}) {
  add_flag_if(cmd, only, "--json", output.json, help.json);
  add_choice_option(cmd, "--color", output.color, help.color, {"auto", "always", "never"}, only);
  add_choice_option(cmd, "--bidi", output.bidi, help.bidi, {"auto", "none", "isolate", "visual"})
      ->envname("BAHTH_BIDI");
}

/// How the commands that search (`search`, `eval`) read a query, both on by default:
/// --no-correct and --no-transliterate turn them off.
struct QueryReading {
  bool no_correct = false;
  bool no_transliterate = false;

  /// `search` reading queries as these options say.
  void apply_to(SearchOptions& search) const {
    search.correct = !no_correct;
    search.transliterate = !no_transliterate;
  }
};

/// The help of each query-reading option: `eval` says it reads each query as `search` does.
struct QueryReadingHelp {
  std::string no_correct;
  std::string no_transliterate;
};

/// --no-correct and --no-transliterate, declared alike for every command that searches.
inline void add_query_reading_options(CLI::App& cmd, QueryReading& reading,
                                      const QueryReadingHelp& help, const OptionFilter& only = {}) {
  add_flag_if(cmd, only, "--no-correct", reading.no_correct, help.no_correct);
  add_flag_if(cmd, only, "--no-transliterate", reading.no_transliterate, help.no_transliterate);
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_OPTIONS_H_
