#include "inert.h"

#include <cstdint>

#include "bahth/utf8.h"

namespace bahth::render {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_explicit_bidi_control(std::uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool is_noncharacter(std::uint32_t cp) {
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

// Appends what the character at text[at] (of `len` bytes, code point `cp`) shows as.
void append_inert(std::string& out, std::string_view original, std::uint32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
    out.push_back(' ');
  } else if (cp < 0x20) {
    append_utf8(out, 0x2400 + cp);  // Control Pictures: ␀ … ␟
  } else if (cp == 0x7F) {
    append_utf8(out, 0x2421);  // ␡
  } else if ((cp >= 0x80 && cp <= 0x9F) || is_noncharacter(cp)) {
    out.append(kReplacement);
  } else if (!is_explicit_bidi_control(cp)) {
    out.append(original);
  }
}

// The end of the run of bytes from `at` that inert_text keeps as they are and that need no
// decoding to tell: printable ASCII and the Arabic block (U+0600-U+06FF, lead bytes D8-DB), most
// of an Arabic field. Decoding them a character at a time took three quarters of the
// instructions of printing ten results (bench/HISTORY.md, 2026-12-06).
std::size_t end_of_plain_run(std::string_view text, std::size_t at) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = at;
  while (i < text.size()) {
    if (s[i] >= 0x20 && s[i] < 0x7F) {
      ++i;
    } else if (is_arabic_block_lead(s[i]) && i + 1 < text.size() &&
               is_utf8_continuation(s[i + 1])) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace

InertField inert_field(std::string_view text,
                       const std::vector<std::pair<std::size_t, std::size_t>>& highlights) {
  InertField field;
  field.text.reserve(text.size());
  // where[i]: the byte of the output at which input byte i's character begins (or would have).
  std::vector<std::size_t> where;
  if (!highlights.empty()) where.assign(text.size() + 1, 0);
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t end = end_of_plain_run(text, i); end > i) {
      const std::size_t start = field.text.size();
      field.text.append(text.substr(i, end - i));
      // Each byte maps to where its character begins: a continuation byte to its lead byte's.
      for (std::size_t k = i; !where.empty() && k < end; ++k) {
        where[k] = start + (k - i) - ((static_cast<unsigned char>(text[k]) & 0xC0) == 0x80);
      }
      i = end;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t len = decode_utf8(text, i, cp);
    const std::size_t start = field.text.size();
    if (len == 0) {
      len = 1;  // one invalid byte at a time, so valid text after it survives
      field.text.append(kReplacement);
    } else {
      append_inert(field.text, text.substr(i, len), cp);
    }
    if (!where.empty()) {
      for (std::size_t k = 0; k < len; ++k) where[i + k] = start;
    }
    i += len;
  }
  if (!where.empty()) where[text.size()] = field.text.size();
  for (const auto& [begin, end] : highlights) {
    if (begin >= end || end > text.size()) continue;
    const std::size_t new_begin = where[begin];
    const std::size_t new_end = where[end];
    if (new_begin < new_end) field.highlights.emplace_back(new_begin, new_end);
  }
  return field;
}

std::string inert_text(std::string_view text) { return inert_field(text, {}).text; }

}  // namespace bahth::render
