// The UTF-8 toolkit (bahth/utf8.h): decoding against ICU's U8_NEXT, the forms Unicode forbids,
// text cut short, the Arabic fast path and character boundaries.
#include "bahth/utf8.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bahth {
namespace utf8_test {
namespace {

using namespace std::string_view_literals;

// What ICU makes of the first character of `bytes`: its code point (negative when invalid) and
// how many bytes it covers.
std::pair<UChar32, std::size_t> icu_next(std::string_view bytes) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s, i, static_cast<std::int32_t>(bytes.size()), c);
  return {c, static_cast<std::size_t>(i)};
}

void expect_same_as_icu(std::string_view bytes) {
  const auto [icu_code_point, icu_length] = icu_next(bytes);
  const Utf8Char c = next_utf8(bytes, 0);
  ASSERT_EQ(c.length, icu_length) << testing::PrintToString(std::string(bytes));
  if (icu_code_point < 0) {
    ASSERT_FALSE(c.valid()) << testing::PrintToString(std::string(bytes));
  } else {
    ASSERT_EQ(c.code_point, static_cast<char32_t>(icu_code_point))
        << testing::PrintToString(std::string(bytes));
  }
}

// Every first and second byte and, after a lead of three or four bytes, third and fourth bytes at
// the edges of each range Table 3-7 names; every sequence also cut short. About a million cases.
TEST(Utf8Test, DecodesEveryShortSequenceAsIcuDoes) {
  constexpr std::array<unsigned char, 10> kEdges{0x00, 0x41, 0x7F, 0x80, 0x8F,
                                                 0x90, 0x9F, 0xA0, 0xBF, 0xC0};
  std::string bytes(4, '\0');
  for (int lead = 0; lead < 256; ++lead) {
    bytes[0] = static_cast<char>(lead);
    expect_same_as_icu(std::string_view(bytes).substr(0, 1));
    for (int second = 0; second < 256; ++second) {
      bytes[1] = static_cast<char>(second);
      expect_same_as_icu(std::string_view(bytes).substr(0, 2));
      if (lead < 0xE0) continue;  // the bytes after a one- or two-byte character do not matter
      for (const unsigned char third : kEdges) {
        bytes[2] = static_cast<char>(third);
        expect_same_as_icu(std::string_view(bytes).substr(0, 3));
        for (const unsigned char fourth : kEdges) {
          bytes[3] = static_cast<char>(fourth);
          expect_same_as_icu(bytes);
        }
      }
    }
  }
}

TEST(Utf8Test, RoundTripsEveryCodePoint) {
  std::string encoded;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    encoded.clear();
    append_utf8(encoded, cp);
    const Utf8Char c = next_utf8(encoded, 0);
    ASSERT_EQ(c.code_point, cp);
    ASSERT_EQ(c.length, encoded.size());
  }
}

TEST(Utf8Test, RejectsOverlongForms) {
  for (const std::string_view overlong :
       {"\xC0\x80"sv, "\xC1\xBF"sv, "\xE0\x80\x80"sv, "\xE0\x9F\xBF"sv, "\xF0\x80\x80\x80"sv,
        "\xF0\x8F\xBF\xBF"sv}) {
    EXPECT_FALSE(next_utf8(overlong, 0).valid()) << testing::PrintToString(std::string(overlong));
    EXPECT_EQ(find_invalid_utf8(overlong), 0U);
  }
  // The shortest forms of the same edges are fine.
  EXPECT_EQ(next_utf8("\xC2\x80"sv, 0).code_point, U'\u0080');
  EXPECT_EQ(next_utf8("\xE0\xA0\x80"sv, 0).code_point, U'\u0800');
  EXPECT_EQ(next_utf8("\xF0\x90\x80\x80"sv, 0).code_point, U'\U00010000');
}

TEST(Utf8Test, RejectsSurrogatesAndCodePointsAboveUnicode) {
  EXPECT_FALSE(next_utf8("\xED\xA0\x80"sv, 0).valid());  // U+D800
  EXPECT_FALSE(next_utf8("\xED\xBF\xBF"sv, 0).valid());  // U+DFFF
  EXPECT_EQ(next_utf8("\xED\x9F\xBF"sv, 0).code_point, U'\uD7FF');
  EXPECT_EQ(next_utf8("\xEE\x80\x80"sv, 0).code_point, U'\uE000');
  EXPECT_FALSE(next_utf8("\xF4\x90\x80\x80"sv, 0).valid());  // U+110000
  EXPECT_EQ(next_utf8("\xF4\x8F\xBF\xBF"sv, 0).code_point, U'\U0010FFFF');
  for (int lead = 0xF5; lead <= 0xFF; ++lead) {
    const std::string bytes{static_cast<char>(lead), '\x80', '\x80', '\x80'};
    EXPECT_FALSE(next_utf8(bytes, 0).valid()) << lead;
    EXPECT_EQ(next_utf8(bytes, 0).length, 1U) << lead;
  }
  // A surrogate pair written as two three-byte sequences (CESU-8) is six invalid bytes.
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\xBD\xED\xB8\x80"sv), 2U);
}

TEST(Utf8Test, SkipsTheMaximalSubpartOfAnInvalidSequence) {
  // A lead and one fitting continuation byte, then ASCII: both bytes are one invalid character,
  // and the ASCII after it survives.
  EXPECT_EQ(next_utf8("\xE2\x82"
                      "A"sv,
                      0)
                .length,
            2U);
  EXPECT_EQ(next_utf8("\xF0\x9F\x98"
                      "A"sv,
                      0)
                .length,
            3U);
  // A second byte outside its lead's range ends the sequence at the lead.
  EXPECT_EQ(next_utf8("\xE0\x80\x80"sv, 0).length, 1U);
  EXPECT_EQ(next_utf8("\xED\xA0\x80"sv, 0).length, 1U);
  // A stray continuation byte is one invalid character.
  EXPECT_FALSE(next_utf8("\x80"sv, 0).valid());
  EXPECT_EQ(next_utf8("\xBF"
                      "a"sv,
                      0)
                .length,
            1U);
}

TEST(Utf8Test, TextCutShortAtTheEnd) {
  EXPECT_FALSE(next_utf8("\xD8"sv, 0).valid());
  EXPECT_EQ(next_utf8("\xD8"sv, 0).length, 1U);
  EXPECT_EQ(next_utf8("\xE2\x82"sv, 0).length, 2U);
  EXPECT_EQ(next_utf8("\xF0\x9F\x98"sv, 0).length, 3U);
  EXPECT_EQ(find_invalid_utf8("\xD8\xB3\xD9"sv), 2U);  // س and half a letter
  uint32_t code_point = 0;
  EXPECT_EQ(decode_utf8("\xE2\x82"sv, 0, code_point), 0U);

  EXPECT_TRUE(is_cut_utf8("\xD8"sv));
  EXPECT_TRUE(is_cut_utf8("\xE2\x82"sv));
  EXPECT_TRUE(is_cut_utf8("\xF0\x9F\x98"sv));
  EXPECT_FALSE(is_cut_utf8("\xD8\xB3"sv));  // whole
  EXPECT_FALSE(is_cut_utf8("\x80"sv));      // never a start
  EXPECT_FALSE(is_cut_utf8("\xC0"sv));      // could only start an overlong form
  EXPECT_FALSE(is_cut_utf8("\xE0\x80"sv));  // likewise
  EXPECT_FALSE(is_cut_utf8("\xF8\x80"sv));
  EXPECT_FALSE(
      is_cut_utf8("\xE2"
                  "a"sv));  // broken before the end
}

TEST(Utf8Test, ArabicFastPathDecodesTheWholeBlock) {
  std::string text;
  for (char32_t cp = 0x0600; cp <= 0x06FF; ++cp) append_utf8(text, cp);
  std::size_t at = 0;
  for (char32_t cp = 0x0600; cp <= 0x06FF; ++cp, at += 2) {
    EXPECT_EQ(next_utf8(text, at).code_point, cp);
    EXPECT_EQ(next_utf8(text, at).length, 2U);
    EXPECT_EQ(arabic_block_char_at(text, at), cp);
  }
  EXPECT_EQ(arabic_block_char_at("\xD8"sv, 0), 0);  // cut short
  EXPECT_EQ(arabic_block_char_at("\xD8"
                                 "a"sv,
                                 0),
            0);                                         // not followed by a continuation
  EXPECT_EQ(arabic_block_char_at("\xD7\xA9"sv, 0), 0);  // ש, Hebrew
  EXPECT_EQ(arabic_block_char_at("\xDC\x80"sv, 0), 0);  // U+0700, Syriac
  EXPECT_EQ(arabic_block_char_at("\xD8\xB3"sv, 1), 0);  // inside a letter
  EXPECT_FALSE(next_utf8("\xD8"
                         "a"sv,
                         0)
                   .valid());
  EXPECT_EQ(next_utf8("\xD8"
                      "a"sv,
                      0)
                .length,
            1U);
}

TEST(Utf8Test, CharacterBoundaries) {
  const std::string_view text = "a\xD8\xB3\xE2\x82\xAC!"sv;  // a س € !
  EXPECT_EQ(utf8_char_start(text, 0), 0U);
  EXPECT_EQ(utf8_char_start(text, 2), 1U);
  EXPECT_EQ(utf8_char_start(text, 5), 3U);
  EXPECT_EQ(utf8_char_start(text, 6), 6U);
  EXPECT_EQ(utf8_char_start(text, text.size()), text.size());
  EXPECT_EQ(next_utf8_char_start(text, 0), 1U);
  EXPECT_EQ(next_utf8_char_start(text, 1), 3U);
  EXPECT_EQ(next_utf8_char_start(text, 3), 6U);
  EXPECT_EQ(next_utf8_char_start(text, 6), 7U);
  EXPECT_EQ(count_utf8_chars(text), 4U);
  EXPECT_EQ(count_utf8_chars(""sv), 0U);
}

TEST(Utf8Test, FindsTheFirstInvalidByte) {
  EXPECT_EQ(find_invalid_utf8("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85"sv), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ok\xFF"sv), 2U);
  EXPECT_TRUE(is_valid_utf8("a\0b"sv));  // NUL is valid UTF-8
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"sv));
}

TEST(Utf8Test, ReplacesEachBadByteAndCountsIt) {
  std::size_t replaced = 0;
  EXPECT_EQ(replace_invalid_utf8("\xD8\xB3\xD9"sv, replaced), "\xD8\xB3\xEF\xBF\xBD");
  EXPECT_EQ(replaced, 1U);
  // A cut three-byte character followed by text: each of its two bytes is one replacement.
  EXPECT_EQ(replace_invalid_utf8("a\xE2\x82z\xFF"sv, replaced),
            "a\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD");
  EXPECT_EQ(replaced, 4U);
  EXPECT_EQ(replace_invalid_utf8("\xD8\xB3 ok"sv, replaced), "\xD8\xB3 ok");
  EXPECT_EQ(replaced, 4U);
}

}  // namespace
}  // namespace utf8_test
}  // namespace bahth
