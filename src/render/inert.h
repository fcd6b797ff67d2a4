// Article text on its way to a terminal or a pipe: data, never control.
//
// A dump is written by strangers. A title holding ESC [2J clears the screen, OSC 52 writes the
// user's clipboard, OSC 8 plants a link, a C1 CSI (U+009B) does the same without ESC, and a
// right-to-left override (U+202E) makes "moc.evil//:sptth" display as another site. Text output
// therefore shows every control character as a visible placeholder and drops explicit bidi
// embeddings, overrides and isolates (bahth adds its own isolates around fields where a terminal
// needs them). `--json` keeps the text exact: JSON escapes control characters itself.
#ifndef BAHTH_RENDER_INERT_H_
#define BAHTH_RENDER_INERT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bahth::render {

/// Text that a terminal can only display:
/// - C0 controls and DEL become their Unicode control pictures (ESC → ␛, DEL → ␡), except tab,
///   line feed and carriage return, which become a space (a field is one line);
/// - C1 controls (U+0080–U+009F), invalid UTF-8 and noncharacters become U+FFFD;
/// - explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
///   removed; line and paragraph separators (U+2028, U+2029) become a space.
/// Everything else, Arabic marks and the letter-joining format characters included, is kept.
std::string inert_text(std::string_view text);

/// inert_text for a text whose byte ranges `highlights` are marked: the ranges are moved to the
/// same characters in the returned text (a range whose characters were all removed is dropped).
struct InertField {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};
InertField inert_field(std::string_view text,
                       const std::vector<std::pair<std::size_t, std::size_t>>& highlights);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_INERT_H_
