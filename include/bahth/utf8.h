// bahth/utf8.h: the one UTF-8 toolkit: decoding, validation, encoding and character
// boundaries, for every module (no dependencies).
#ifndef BAHTH_UTF8_H_
#define BAHTH_UTF8_H_

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace bahth {

/// One character read from UTF-8 text: its code point, and how many bytes it covers. An invalid
/// sequence is kInvalidCodePoint over its "maximal subpart" (Unicode 3.9, Table 3-8): the longest
/// start of a valid sequence, or one byte. That is what ICU's U8_NEXT skips and what the WHATWG
/// decoder replaces by one U+FFFD, so text decoded here and text handed to ICU agree.
struct Utf8Char {
  char32_t code_point;
  std::size_t length;  // 1 to 4; never 0, so a loop over the text always moves on

  constexpr bool valid() const;
};

/// The code point of an invalid sequence: above U+10FFFF, so no valid character compares equal.
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

constexpr bool Utf8Char::valid() const { return code_point != kInvalidCodePoint; }

/// True for the bytes 10xxxxxx, which continue a character and never start one.
constexpr bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }
constexpr bool is_utf8_continuation(char byte) {
  return is_utf8_continuation(static_cast<unsigned char>(byte));
}

/// True for the lead bytes D8–DB of the two-byte characters U+0600–U+06FF, the Arabic block:
/// nearly every non-ASCII character of Arabic news, hence the fast paths below.
constexpr bool is_arabic_block_lead(unsigned char byte) { return byte >= 0xD8 && byte <= 0xDB; }

/// The code point of the two-byte sequence `lead` `trail`. REQUIRES: lead is C2–DF and trail a
/// continuation byte (the caller has checked, or decoded them before).
constexpr char32_t decode_two_bytes(unsigned char lead, unsigned char trail) {
  return (char32_t{lead} & 0x1F) << 6 | (char32_t{trail} & 0x3F);
}

/// The code point of the character at `text[at]` when it is one of U+0600–U+06FF (two bytes), or
/// 0 when it is anything else or `at` is not inside `text`.
constexpr char16_t arabic_block_char_at(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return 0;
  const auto lead = static_cast<unsigned char>(text[at]);
  const auto trail = static_cast<unsigned char>(text[at + 1]);
  if (!is_arabic_block_lead(lead) || !is_utf8_continuation(trail)) return 0;
  return static_cast<char16_t>(decode_two_bytes(lead, trail));
}

namespace detail {

// Everything but ASCII and the Arabic block, byte by byte against Unicode's Table 3-7 of
// well-formed sequences (whose second byte is narrower after E0, ED, F0 and F4). Kept out of
// line, so that next_utf8() stays small enough to inline into the analysis' per-character loops
// (inlined, it cost the tokenizer 12% on Arabic news).
[[gnu::noinline]] inline Utf8Char next_utf8_general(const unsigned char* s, std::size_t at,
                                                    std::size_t size) {
  const unsigned char lead = s[at];
  if (lead < 0xC2 || lead > 0xF4) return {kInvalidCodePoint, 1};
  std::size_t length = 4;
  char32_t code_point = lead & 0x07;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead < 0xE0) {
    length = 2, code_point = lead & 0x1F;
  } else if (lead < 0xF0) {
    length = 3, code_point = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;  // else overlong
    if (lead == 0xED) second_max = 0x9F;  // else a UTF-16 surrogate, U+D800–U+DFFF
  } else if (lead == 0xF0) {
    second_min = 0x90;  // else overlong
  } else if (lead == 0xF4) {
    second_max = 0x8F;  // else above U+10FFFF
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (at + k >= size) return {kInvalidCodePoint, k};  // cut short by the end of the text
    const unsigned char byte = s[at + k];
    const bool fits =
        k == 1 ? byte >= second_min && byte <= second_max : is_utf8_continuation(byte);
    if (!fits) return {kInvalidCodePoint, k};
    code_point = code_point << 6 | (byte & 0x3F);
  }
  return {code_point, length};
}

}  // namespace detail

/// Reads the character that starts at `text[at]` (see Utf8Char). ASCII and the Arabic block take
/// a short path. REQUIRES: at < text.size().
inline Utf8Char next_utf8(std::string_view text, std::size_t at) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char lead = s[at];
  if (lead < 0x80) return {lead, 1};
  if (is_arabic_block_lead(lead) && at + 1 < text.size() && is_utf8_continuation(s[at + 1])) {
    return {decode_two_bytes(lead, s[at + 1]), 2};
  }
  return detail::next_utf8_general(s, at, text.size());
}

/// Decodes the UTF-8 sequence that starts at `text[at]` into `code_point` and returns its length
/// in bytes, or 0 when it is invalid: overlong forms, UTF-16 surrogates (U+D800–U+DFFF), code
/// points above U+10FFFF, stray continuation bytes and truncated sequences.
/// REQUIRES: at < text.size().
inline std::size_t decode_utf8(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  const Utf8Char c = next_utf8(text, at);
  if (!c.valid()) return 0;
  code_point = c.code_point;
  return c.length;
}

/// True if `tail` is the start of a valid sequence that the end of the text cuts short (what a
/// sample cut at a byte count ends with), not an invalid one. REQUIRES: !tail.empty().
inline bool is_cut_utf8(std::string_view tail) {
  const Utf8Char c = next_utf8(tail, 0);
  const auto lead = static_cast<unsigned char>(tail[0]);
  return !c.valid() && c.length == tail.size() && lead >= 0xC2 && lead <= 0xF4;
}

/// Steps back from `pos` to the first byte of the character it is in (`pos` itself at a
/// character's start, at 0 or at the end of the text). For cutting text without splitting one.
constexpr std::size_t utf8_char_start(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && is_utf8_continuation(text[pos])) --pos;
  return pos;
}

/// The start of the character after the one at `pos` (at most text.size()). REQUIRES: pos <
/// text.size().
constexpr std::size_t next_utf8_char_start(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size() && is_utf8_continuation(text[pos])) ++pos;
  return pos;
}

/// How many characters `text` holds, counted as the bytes that are no continuation bytes (what a
/// JSON reader's string length is for valid text).
constexpr std::size_t count_utf8_chars(std::string_view text) {
  std::size_t chars = 0;
  for (const char byte : text) chars += is_utf8_continuation(byte) ? 0 : 1;
  return chars;
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

/// `text` with the first byte of each invalid sequence replaced by U+FFFD (one a byte, so the
/// count says how much was lost); `replaced` is increased by their number. A page or record with
/// one bad byte (a multi-byte character cut by a CMS) keeps the rest of its text.
inline std::string replace_invalid_utf8(std::string_view text, std::size_t& replaced) {
  std::string out;
  for (;;) {
    const std::size_t bad = find_invalid_utf8(text);
    if (bad == std::string_view::npos) break;
    out.append(text.substr(0, bad));
    out += "\xEF\xBF\xBD";
    ++replaced;
    text.remove_prefix(bad + 1);
  }
  out.append(text);
  return out;
}

}  // namespace bahth

#endif  // BAHTH_UTF8_H_
