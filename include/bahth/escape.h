// bahth/escape.h: writing text into a format that gives some characters a meaning (HTML, XHTML
// rebuilt for the HTML reader, Prometheus' text format), each such character as the format
// escapes it. No dependencies.
#ifndef BAHTH_ESCAPE_H_
#define BAHTH_ESCAPE_H_

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace bahth {

/// A character, and how a format writes it.
struct CharEscape {
  char c;
  std::string_view as;
};

/// Appends `text` to `out`, each character that `escapes` names written as it says.
inline void append_escaped(std::string& out, std::string_view text,
                           std::initializer_list<CharEscape> escapes) {
  for (const char c : text) {
    const auto escape =
        std::find_if(escapes.begin(), escapes.end(), [c](const CharEscape& e) { return e.c == c; });
    if (escape == escapes.end()) {
      out += c;
    } else {
      out += escape->as;
    }
  }
}

}  // namespace bahth

#endif  // BAHTH_ESCAPE_H_
