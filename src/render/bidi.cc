#include "render/bidi.h"

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/ushape.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <cstdlib>
#include <memory>

#include "bahth/error.h"

namespace bahth::render {
namespace {

constexpr std::string_view kFirstStrongIsolate = "\u2068";
constexpr std::string_view kPopDirectionalIsolate = "\u2069";

// UTF-16 text with a highlight flag per code unit.
struct MarkedText {
  std::u16string units;
  std::vector<bool> marked;
};

std::size_t columns_of(UChar32 c) {
  const auto type = static_cast<UCharCategory>(u_charType(c));
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  const auto east_asian =
      static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
  return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

bool in_highlight(std::size_t byte, const std::vector<std::pair<std::size_t, std::size_t>>& hl) {
  for (const auto& [begin, end] : hl) {
    if (byte >= begin && byte < end) return true;
  }
  return false;
}

// Shapes one run of equally marked text into presentation forms, so a terminal that draws each
// cell on its own still shows joined Arabic letters (lam-alef becomes one ligature cell).
std::u16string shaped(const std::u16string& run) {
  if (run.empty()) return run;
  UErrorCode status = U_ZERO_ERROR;
  std::u16string out(run.size(), u'\0');
  const int32_t length = u_shapeArabic(
      run.data(), static_cast<int32_t>(run.size()), out.data(), static_cast<int32_t>(out.size()),
      U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL | U_SHAPE_LAMALEF_RESIZE, &status);
  if (U_FAILURE(status)) return run;  // unshaped letters are still the right letters
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// Converts UTF-8 to UTF-16, shaping each run of equally highlighted text on its own (a
// highlight ends at a word boundary, where joining ends anyway).
MarkedText shaped_units(std::string_view text,
                        const std::vector<std::pair<std::size_t, std::size_t>>& highlights) {
  MarkedText out;
  std::u16string run;
  bool run_marked = false;
  auto flush = [&] {
    const std::u16string shaped_run = shaped(run);
    out.units += shaped_run;
    out.marked.insert(out.marked.end(), shaped_run.size(), run_marked);
    run.clear();
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    const auto at = static_cast<std::size_t>(i);
    UChar32 c = 0;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) c = 0xFFFD;
    const bool marked = in_highlight(at, highlights);
    if (marked != run_marked) flush();
    run_marked = marked;
    UChar buffer[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(buffer, n, c);
    run.append(buffer, static_cast<std::size_t>(n));
  }
  flush();
  return out;
}

// Breaks [0, units.size()) into lines of at most `width` columns, at spaces where it can.
std::vector<std::pair<std::size_t, std::size_t>> wrap(const std::u16string& units,
                                                      std::size_t width) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  std::size_t begin = 0;
  std::size_t begin_next = 0;
  while (begin < units.size()) {
    std::size_t columns = 0;
    std::size_t i = begin;
    std::size_t last_space = std::u16string::npos;
    while (i < units.size()) {
      std::size_t next = i;
      UChar32 c = 0;
      U16_NEXT(units.data(), next, units.size(), c);
      const std::size_t w = columns_of(c);
      if (columns + w > width && i > begin) break;
      if (c == u' ') last_space = i;
      columns += w;
      i = next;
    }
    std::size_t end = i;
    if (i < units.size() && last_space != std::u16string::npos && last_space > begin) {
      end = last_space;
    }
    begin_next = end;
    // Spaces at a line's edges would show at the wrong side of a right-to-left line.
    while (end > begin && units[end - 1] == u' ') --end;
    lines.emplace_back(begin, end);
    begin = begin_next;
    while (begin < units.size() && units[begin] == u' ') ++begin;
  }
  return lines;
}

void append_utf8(std::string& out, UChar32 c) {
  uint8_t buffer[4];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buffer, n, c);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n));
}

struct BidiDeleter {
  void operator()(UBiDi* bidi) const { ubidi_close(bidi); }
};

// One line of `text` (units [begin, end)) in visual order, with marks, and its width.
std::pair<std::string, std::size_t> visual_line(const MarkedText& text, std::size_t begin,
                                                std::size_t end, UBiDiLevel paragraph_level,
                                                Marks marks) {
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<UBiDi, BidiDeleter> bidi(ubidi_open());
  const UChar* line = text.units.data() + begin;
  ubidi_setPara(bidi.get(), line, static_cast<int32_t>(end - begin), paragraph_level, nullptr,
                &status);
  const int32_t runs = U_SUCCESS(status) ? ubidi_countRuns(bidi.get(), &status) : 0;
  std::string out;
  std::size_t columns = 0;
  bool open = false;
  auto emit = [&](std::size_t unit, UChar32 c, bool right_to_left) {
    if (u_charType(c) == U_FORMAT_CHAR) return;  // bidi controls: already applied
    if (text.marked[begin + unit] != open) {
      out.append(open ? marks.close : marks.open);
      open = !open;
    }
    append_utf8(out, right_to_left ? u_charMirror(c) : c);
    columns += columns_of(c);
  };
  for (int32_t r = 0; U_SUCCESS(status) && r < runs; ++r) {
    int32_t start = 0;
    int32_t length = 0;
    const bool rtl = ubidi_getVisualRun(bidi.get(), r, &start, &length) == UBIDI_RTL;
    if (rtl) {
      for (int32_t i = start + length; i > start;) {
        UChar32 c = 0;
        U16_PREV(line, start, i, c);
        emit(static_cast<std::size_t>(i), c, true);
      }
    } else {
      for (int32_t i = start; i < start + length;) {
        const int32_t at = i;
        UChar32 c = 0;
        U16_NEXT(line, i, start + length, c);
        emit(static_cast<std::size_t>(at), c, false);
      }
    }
  }
  if (open) out.append(marks.close);
  return {out, columns};
}

std::string marked_logical(std::string_view text,
                           const std::vector<std::pair<std::size_t, std::size_t>>& highlights,
                           Marks marks) {
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : highlights) {
    if (begin < at || end > text.size() || begin > end) continue;
    out.append(text.substr(at, begin - at)).append(marks.open);
    out.append(text.substr(begin, end - begin)).append(marks.close);
    at = end;
  }
  return out.append(text.substr(at));
}

}  // namespace

BidiMode parse_bidi_mode(std::string_view value, bool to_terminal, std::string_view option) {
  if (value == "auto") {
    if (!to_terminal) return BidiMode::none;
    // tmux and screen draw every line in memory order whatever the terminal around them
    // does, so Arabic comes out backwards unless bahth reorders it.
    const char* term = std::getenv("TERM");
    const std::string_view term_name = term == nullptr ? "" : term;
    const bool multiplexer = std::getenv("TMUX") != nullptr || term_name.starts_with("screen") ||
                             term_name.starts_with("tmux");
    return multiplexer ? BidiMode::visual : BidiMode::isolate;
  }
  if (value == "none") return BidiMode::none;
  if (value == "isolate") return BidiMode::isolate;
  if (value == "visual") return BidiMode::visual;
  throw UsageError(std::string(option) + ": '" + std::string(value) +
                   "' is not one of auto, none, isolate, visual");
}

std::size_t display_width(std::string_view text) {
  std::size_t columns = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, size, c);
    columns += c < 0 ? 1 : columns_of(c);
  }
  return columns;
}

std::vector<std::string> layout(std::string_view text,
                                const std::vector<std::pair<std::size_t, std::size_t>>& highlights,
                                BidiMode mode, std::size_t width, Marks marks, bool align_right) {
  if (mode == BidiMode::none) return {marked_logical(text, highlights, marks)};
  if (mode == BidiMode::isolate) {
    return {std::string(kFirstStrongIsolate) + marked_logical(text, highlights, marks) +
            std::string(kPopDirectionalIsolate)};
  }
  const MarkedText units = shaped_units(text, highlights);
  // The whole field's direction (its first strong letter) orders every line of it, as a
  // paragraph's does in UAX #9; a field without strong letters reads left to right.
  const UBiDiDirection direction =
      ubidi_getBaseDirection(units.units.data(), static_cast<int32_t>(units.units.size()));
  const UBiDiLevel level = direction == UBIDI_RTL ? 1 : 0;
  std::vector<std::string> lines;
  for (const auto& [begin, end] : wrap(units.units, width)) {
    auto [line, columns] = visual_line(units, begin, end, level, marks);
    if (align_right && level == 1 && columns < width) line.insert(0, width - columns, ' ');
    lines.push_back(std::move(line));
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

}  // namespace bahth::render
