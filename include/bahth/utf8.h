// bahth/utf8.h: UTF-8 validation shared by the readers and the CLI (no dependencies).
#ifndef BAHTH_UTF8_H_
#define BAHTH_UTF8_H_

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace bahth {

/// Decodes the UTF-8 sequence that starts at `text[at]` into `code_point` and returns its length
/// in bytes, or 0 when it is invalid: overlong forms, UTF-16 surrogates (U+D800–U+DFFF), code
/// points above U+10FFFF, stray continuation bytes and truncated sequences.
/// REQUIRES: at < text.size().
inline std::size_t decode_utf8(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char c = s[at];
  if (c < 0x80) {
    code_point = c;
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - at < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[at + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[at + k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  code_point = cp;
  return len;
}

/// Returns the byte offset of the first invalid UTF-8 sequence in `text` (see decode_utf8), or
/// std::string_view::npos if it is all valid. NUL bytes are valid UTF-8 (callers that cannot hold
/// them decide for themselves).
inline std::size_t find_invalid_utf8(std::string_view text) {
  std::uint32_t code_point = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = decode_utf8(text, i, code_point);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

/// Appends the UTF-8 form of `code_point`. REQUIRES: code_point <= 0x10FFFF.
inline void append_utf8(std::string& out, std::uint32_t code_point) {
  const std::uint32_t cp = code_point;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// True if `text` is entirely valid UTF-8 (see find_invalid_utf8).
inline bool is_valid_utf8(std::string_view text) {
  return find_invalid_utf8(text) == std::string_view::npos;
}

}  // namespace bahth

#endif  // BAHTH_UTF8_H_
