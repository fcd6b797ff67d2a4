// Which options of a command to build: CLI11 spends about 16,000 instructions on each option it
// builds (checking its names against every option before it, and a dozen strings and functions),
// as much as 10% of a short search process for `search`'s 25 (issue #30). A command line names
// few of them, and CLI11 parses it the same with only those built, as long as every option it
// could take an argument for is there.
#ifndef BAHTH_CLI_OPTION_FILTER_H_
#define BAHTH_CLI_OPTION_FILTER_H_

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::cli {

class OptionFilter {
 public:
  /// Every option.
  OptionFilter() = default;

  /// The options that the arguments after the command (argv[2] on) can name: `--NAME` and
  /// `--NAME=VALUE` by long name, and a single-dash argument every short name among its
  /// characters (-n5, -xn). An argument that is an option's value or a query word may name one
  /// too: building it is harmless.
  static OptionFilter named_by(int argc, const char* const* argv);

  /// True when every option is to be built.
  bool all() const { return all_; }

  /// True when the option of CLI11 names `names` ("-n,--limit", "--json", or a positional's
  /// name) is to be built: every positional is.
  bool wants(std::string_view names) const;

 private:
  bool all_ = true;
  std::vector<std::string_view> long_names_;
  std::string short_names_;
};

/// cmd.add_option(names, value, help) when `only` wants it, else nothing (null).
template <typename Value>
CLI::Option* add_option_if(CLI::App& cmd, const OptionFilter& only, const std::string& names,
                           Value& value, const std::string& help) {
  return only.wants(names) ? cmd.add_option(names, value, help) : nullptr;
}

/// cmd.add_flag(names, value, help) when `only` wants it, else nothing (null).
inline CLI::Option* add_flag_if(CLI::App& cmd, const OptionFilter& only, const std::string& names,
                                bool& value, const std::string& help) {
  return only.wants(names) ? cmd.add_flag(names, value, help) : nullptr;
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_OPTION_FILTER_H_
