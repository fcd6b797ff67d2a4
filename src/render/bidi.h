// Showing Arabic text mixed with Latin and digits on a terminal.
//
// A terminal lays out cells left to right. Terminals that implement the Unicode bidi algorithm
// (GNOME Terminal, Konsole, mlterm) reorder right-to-left runs themselves and only need each
// field kept apart from its neighbours (isolates); the others (xterm, tmux, the Linux console)
// show characters in memory order, so Arabic comes out backwards and unjoined unless the
// program hands them the line already in visual order, shaped, and wrapped to the width.
#ifndef BAHTH_RENDER_BIDI_H_
#define BAHTH_RENDER_BIDI_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bahth::render {

enum class BidiMode {
  none,     // text as stored (logical order): for pipes and scripts
  isolate,  // each field wrapped in FSI … PDI: for terminals that do bidi themselves
  visual,   // reordered, shaped and wrapped by bahth: for terminals that do not
};

/// Parses "none", "isolate", "visual" or "auto" (isolate on a terminal, none in a pipe). Throws
/// UsageError naming `option` for anything else.
BidiMode parse_bidi_mode(std::string_view value, bool to_terminal, std::string_view option);

/// How highlighted parts are marked: ANSI bold, or brackets in a pipe.
struct Marks {
  std::string_view open;
  std::string_view close;
};

/// Lays out one field of display text whose byte ranges `highlights` are to be marked (sorted,
/// not overlapping). none/isolate: one line, marked (isolate adds FSI … PDI). visual: lines of
/// at most `width` columns, each in visual order with Arabic letters in their joined forms, marks
/// applied to the highlighted characters wherever they land; with `align_right`, the lines of a
/// right-to-left text end at column `width`. REQUIRES: `text` is valid UTF-8; width > 0.
std::vector<std::string> layout(std::string_view text,
                                const std::vector<std::pair<std::size_t, std::size_t>>& highlights,
                                BidiMode mode, std::size_t width, Marks marks,
                                bool align_right = true);

/// Columns a terminal gives `text` (combining marks and format characters take none).
std::size_t display_width(std::string_view text);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_BIDI_H_
