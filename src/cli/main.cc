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
#include <string_view>
#include <utility>

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

// Building a command's options costs CLI11 several strings and a validator per option, as much
// time as a short search takes: when the first argument names a command, only that one is
// built. Anything else (--help, --version, a typo) gets them all, to list them.
void set_up_commands(CLI::App& app, std::string_view first_argument) {
  using Setup = void (*)(CLI::App&);
  const std::array<std::pair<std::string_view, Setup>, 9> commands{{
      {"index", bahth::cli::setup_index},
      {"search", bahth::cli::setup_search},
      {"related", bahth::cli::setup_related},
      {"show", bahth::cli::setup_show},
      {"serve", bahth::cli::setup_serve},
      {"stats", bahth::cli::setup_stats},
      {"eval", bahth::cli::setup_eval},
      {"analyze", bahth::cli::setup_analyze},
      {"compact", bahth::cli::setup_compact},
  }};
  const bool names_a_command = std::any_of(
      commands.begin(), commands.end(), [&](const auto& c) { return c.first == first_argument; });
  for (const auto& [name, setup] : commands) {
    if (!names_a_command || name == first_argument) setup(app);
  }
}

}  // namespace

// A function-try-block: nothing, not even building the command line, may escape main().
int main(int argc, char** argv) try {
  CLI::App app{"bahth — index Arabic news articles and search them by relevance", "bahth"};
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", "bahth 0.1.0");
  app.footer("Run 'bahth COMMAND --help' for the options of one command.");
  set_up_commands(app, argc > 1 ? argv[1] : "");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "bahth: " << bahth::render::inert_text(e.what())
              << "\nRun 'bahth --help' for usage.\n";
    return kExitUsageError;
  } catch (const bahth::cli::ExitCode& e) {
    return e.code;
  } catch (const bahth::UsageError& e) {
    return report(e.what(), kExitUsageError);
  } catch (const std::exception& e) {
    return report(e.what(), kExitRuntimeError);
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  return report(e.what(), kExitRuntimeError);
} catch (...) {
  return report("unexpected internal error", kExitRuntimeError);
}
