// What the commands that print article text ask about standard output.
#ifndef BAHTH_CLI_TERMINAL_H_
#define BAHTH_CLI_TERMINAL_H_

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <string>

namespace bahth::cli {

// Columns of the terminal on standard output, else $COLUMNS, else 80.
inline std::size_t output_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const long n = std::strtol(columns, nullptr, 10);
    if (n > 0 && n < 10000) return static_cast<std::size_t>(n);
  }
  return 80;
}

inline bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_TERMINAL_H_
