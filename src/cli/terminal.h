// What the commands that print article text ask about standard output.
#ifndef BAHTH_CLI_TERMINAL_H_
#define BAHTH_CLI_TERMINAL_H_

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <string>

#include "options.h"
#include "render/bidi.h"
#include "render/search_text.h"

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

/// The text style `output` asks for on this standard output, for fields `indent` columns in (and
/// at least 20 columns wide). Throws UsageError for an unknown --bidi mode.
inline render::TextStyle text_style(const OutputOptions& output, std::size_t indent) {
  render::TextStyle style;
  style.color = use_color(output.color);
  style.bidi = render::parse_bidi_mode(output.bidi, ::isatty(STDOUT_FILENO) != 0, "--bidi");
  style.width = std::max<std::size_t>(20, output_columns() - indent);
  return style;
}

}  // namespace bahth::cli

#endif  // BAHTH_CLI_TERMINAL_H_
