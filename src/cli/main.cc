// bahth: index Arabic news dumps and search them from the command line.
//
// main() is the one place where errors become messages: `bahth: <message>` on stderr, exit 2 for
// bad usage and 1 for everything else (DESIGN.md, "Exit codes").
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "bahth/error.h"
#include "commands.h"

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;

int report(const char* message, int code) {
  std::cerr << "bahth: " << message << '\n';
  return code;
}

}  // namespace

// A function-try-block: nothing, not even building the command line, may escape main().
int main(int argc, char** argv) try {
  CLI::App app{"bahth — index Arabic news articles and search them by relevance", "bahth"};
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", "bahth 0.1.0");
  app.footer("Run 'bahth COMMAND --help' for the options of one command.");
  bahth::cli::setup_index(app);
  bahth::cli::setup_search(app);
  bahth::cli::setup_related(app);
  bahth::cli::setup_stats(app);
  bahth::cli::setup_eval(app);
  bahth::cli::setup_analyze(app);
  bahth::cli::setup_compact(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "bahth: " << e.what() << "\nRun 'bahth --help' for usage.\n";
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
