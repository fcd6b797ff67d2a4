// bahth: index Arabic news dumps and search them from the command line.
//
// main() is the one place where errors become messages: `bahth: <message>` on stderr, exit 2 for
// bad usage and 1 for everything else (DESIGN.md, "Exit codes").
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/edit_distance.h"
#include "bahth/error.h"
#include "commands.h"
#include "render/inert.h"

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;

// Messages quote paths, ids and text from dumps: shown inert, never as terminal control.
int report(const char* message, int code) {
  std::cerr << "bahth: " << bahth::render::inert_text(message) << '\n';
  return code;
}

// A usage error: it quotes what the user typed, which may itself hold newlines (CLI11 quotes an
// argument whole), so every line of it is shown inert, bahth's own last line too.
int usage_error(const std::string& message) {
  std::string_view rest = message;
  const char* lead = "bahth: ";
  for (;;) {
    const std::size_t newline = rest.find('\n');
    std::cerr << lead << bahth::render::inert_text(rest.substr(0, newline)) << '\n';
    if (newline == std::string_view::npos) break;
    rest.remove_prefix(newline + 1);
    lead = "";
  }
  return kExitUsageError;
}

// The name of `names` nearest `typed`, when it is near enough to be what was meant (at most a
// third of its letters wrong), else empty.
std::string nearest(std::string_view typed, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = typed.size() / 3 + 1;
  for (const std::string& name : names) {
    const std::size_t d = bahth::edit_distance<char>(typed, name);
    if (d < best_distance || (d == best_distance && best.empty() && d <= 2)) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

bool is_command(const CLI::App& app, std::string_view name) {
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->get_name() == name) return true;
  }
  return false;
}

// For a first argument that is no command and no option: the nearest command.
std::string unknown_command_message(std::string_view typed, const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
  const std::string guess = nearest(typed, names);
  return "'" + std::string(typed) + "' is not a bahth command" +
         (guess.empty() ? "" : "; did you mean '" + guess + "'?") +
         "\nRun 'bahth --help' for the commands.";
}

// A parse error inside a command: the nearest option for each unknown one, and the command's
// own help.
std::string command_error_message(const CLI::ParseError& error, const CLI::App& command, int argc,
                                  char** argv) {
  std::string message = error.what();
  std::vector<std::string> options;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
  }
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.starts_with("--")) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(options.begin(), options.end(), arg) != options.end()) continue;
    if (const std::string guess = nearest(arg, options); !guess.empty()) {
      message = "unknown option " + std::string(arg) + "; did you mean " + guess + "?";
      break;
    }
  }
  return message + "\nRun 'bahth " + command.get_name() + " --help' for its options.";
}

// Building a command's options costs CLI11 several strings and a validator per option, as much
// time as a short search takes: when the first argument names a command, only that one is
// built, and of `search` and `related` (run in loops) only the options `only` wants. Anything
// else (--help, --version, a typo) gets them all, to list them.
void set_up_commands(CLI::App& app, std::string_view first_argument,
                     const bahth::cli::OptionFilter& only) {
  using Setup = void (*)(CLI::App&, const bahth::cli::OptionFilter&);
  const std::array<std::pair<std::string_view, Setup>, 11> commands{{
      {"index", [](CLI::App& a, const auto&) { bahth::cli::setup_index(a); }},
      {"delete", [](CLI::App& a, const auto&) { bahth::cli::setup_delete(a); }},
      {"search", bahth::cli::setup_search},
      {"related", bahth::cli::setup_related},
      {"show", [](CLI::App& a, const auto&) { bahth::cli::setup_show(a); }},
      {"serve", [](CLI::App& a, const auto&) { bahth::cli::setup_serve(a); }},
      {"stats", [](CLI::App& a, const auto&) { bahth::cli::setup_stats(a); }},
      {"eval", [](CLI::App& a, const auto&) { bahth::cli::setup_eval(a); }},
      {"analyze", [](CLI::App& a, const auto&) { bahth::cli::setup_analyze(a); }},
      {"compact", [](CLI::App& a, const auto&) { bahth::cli::setup_compact(a); }},
      {"synonyms", [](CLI::App& a, const auto&) { bahth::cli::setup_synonyms(a); }},
  }};
  const bool names_a_command = std::any_of(
      commands.begin(), commands.end(), [&](const auto& c) { return c.first == first_argument; });
  for (const auto& [name, setup] : commands) {
    if (!names_a_command) {
      setup(app, {});
    } else if (name == first_argument) {
      setup(app, only);
    }
  }
}

// What a parse error (or --help, --version) makes of the command line: CLI11's help, version or
// message, and its exit code.
int parse_error(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  if (dynamic_cast<const CLI::CallForHelp*>(&error) != nullptr ||
      dynamic_cast<const CLI::CallForAllHelp*>(&error) != nullptr ||
      dynamic_cast<const CLI::CallForVersion*>(&error) != nullptr) {
    return app.exit(error);
  }
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  return usage_error(chosen.empty() ? std::string(error.what()) + "\nRun 'bahth --help' for usage."
                                    : command_error_message(error, *chosen.front(), argc, argv));
}

// Builds the command line (the options `only` wants) and runs it. With some options left out, a
// parse error (or --help) is thrown on, not said: the caller runs the line again with every
// option, so that what CLI11 says (the nearest option, the help) is what it always says.
int run(int argc, char** argv, const bahth::cli::OptionFilter& only) {
  CLI::App app{"bahth — index Arabic news articles and search them by relevance", "bahth"};
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", "bahth 0.1.0");
  app.footer("Run 'bahth COMMAND --help' for the options of one command.");
  set_up_commands(app, argc > 1 ? argv[1] : "", only);
  if (argc > 1 && argv[1][0] != '-' && !is_command(app, argv[1])) {
    return usage_error(unknown_command_message(argv[1], app));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (!only.all()) throw;
    return parse_error(app, e, argc, argv);
  } catch (const bahth::cli::ExitCode& e) {
    return e.code;
  } catch (const bahth::UsageError& e) {
    return report(e.what(), kExitUsageError);
  } catch (const std::exception& e) {
    return report(e.what(), kExitRuntimeError);
  }
  return EXIT_SUCCESS;
}

}  // namespace

// A function-try-block: nothing, not even building the command line, may escape main().
int main(int argc, char** argv) try {
  // CLI11 throws its parse errors before any command runs, so running the line again is safe.
  try {
    return run(argc, argv, bahth::cli::OptionFilter::named_by(argc, argv));
  } catch (const CLI::ParseError&) {
    return run(argc, argv, bahth::cli::OptionFilter{});
  }
} catch (const std::exception& e) {
  return report(e.what(), kExitRuntimeError);
} catch (...) {
  return report("unexpected internal error", kExitRuntimeError);
}
