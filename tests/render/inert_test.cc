#include "render/inert.h"

#include <string>

#include "gtest/gtest.h"

namespace bahth::render {
namespace inert_test {
namespace {

TEST(InertText, KeepsArabicLatinDigitsAndJoiningControls) {
  const std::string text = "سوريا: Syria ٢٠١٨ 2018 ل\u200Dا";  // ZWJ shapes, it does not control
  EXPECT_EQ(inert_text(text), text);
}

TEST(InertText, ShowsEscapeSequencesAsPictures) {
  // Clear screen, OSC 52 clipboard write (BEL-terminated), OSC 8 link (ST-terminated).
  EXPECT_EQ(inert_text("a\x1b[2Jb"), "a\u241B[2Jb");
  EXPECT_EQ(inert_text("\x1b]52;c;cHduZWQ=\x07"), "\u241B]52;c;cHduZWQ=\u2407");
  EXPECT_EQ(inert_text("\x1b]8;;http://x\x1b\\link"), "\u241B]8;;http://x\u241B\\link");
  EXPECT_EQ(inert_text(std::string("a\0b", 3)), "a\u2400b");
  EXPECT_EQ(inert_text("a\x7f"), "a\u2421");
}

TEST(InertText, NoByteThatATerminalTakesAsControlSurvives) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  all += "\u009B2J\u0085\u202Emoc\u2066\u2069";
  for (unsigned char c : inert_text(all)) {
    EXPECT_FALSE(c < 0x20 || c == 0x7F) << int(c);
  }
  // C1 controls as UTF-8 (U+009B is CSI to some terminals) and raw high bytes: U+FFFD.
  EXPECT_EQ(inert_text("x\u009B2J"), "x\uFFFD2J");
  EXPECT_EQ(inert_text("x\x9b"
                       "2J"),
            "x\uFFFD2J");
}

TEST(InertText, NewlinesAndTabsBecomeSpaces) {
  EXPECT_EQ(inert_text("one\ntwo\r\tthree\u2028four"), "one two  three four");
}

TEST(InertText, DropsBidiOverridesSoAUrlShowsAsWritten) {
  // "https://example.com/\u202Egpj.exe" would display the tail reversed.
  EXPECT_EQ(inert_text("https://example.com/\u202Egpj.exe"), "https://example.com/gpj.exe");
  EXPECT_EQ(inert_text("\u2067a\u2069\u202Ab\u202C"), "ab");
  EXPECT_EQ(inert_text("a\u200Fb"), "a\u200Fb");  // a mark, not an override: kept
}

TEST(InertField, MovesHighlightsWithTheirCharacters) {
  // "\x1b" (1 byte) becomes "␛" (3 bytes); the override (3 bytes) disappears.
  const std::string text =
      "\x1b"
      "ab\u202Ecd";
  const InertField field = inert_field(text, {{1, 3}, {6, 8}});
  EXPECT_EQ(field.text,
            "\u241B"
            "abcd");
  ASSERT_EQ(field.highlights.size(), 2u);
  EXPECT_EQ(field.text.substr(field.highlights[0].first,
                              field.highlights[0].second - field.highlights[0].first),
            "ab");
  EXPECT_EQ(field.text.substr(field.highlights[1].first,
                              field.highlights[1].second - field.highlights[1].first),
            "cd");
}

TEST(InertField, DropsAHighlightWhoseCharactersWereRemovedAndBadRanges) {
  const InertField field = inert_field("a\u202Eb", {{1, 4}, {5, 2}, {0, 99}});
  EXPECT_TRUE(field.highlights.empty());
}

// Runs of printable ASCII and of the Arabic block are copied whole (inert.cc): the highlights
// in and around them, and a range that starts or ends inside a character, map as for any other.
TEST(InertField, MapsHighlightsInsideCopiedRunsAndAcrossReplacedCharacters) {
  const std::string text = "في \x1b[سوريا]\tSyria \u202Eﻻ\u200Fمن";
  const std::size_t syria_ar = text.find("سوريا");
  const std::size_t syria = text.find("Syria");
  const std::size_t la = text.find("ﻻ");
  const std::size_t min = text.find("من");
  const InertField field = inert_field(
      text, {{syria_ar, syria_ar + 10}, {syria - 1, syria + 5}, {la, la + 3}, {min + 1, min + 4}});
  EXPECT_EQ(field.text, "في \u241B[سوريا] Syria ﻻ\u200Fمن");
  ASSERT_EQ(field.highlights.size(), 4u);
  auto marked = [&](std::size_t i) {
    const auto [begin, end] = field.highlights[i];
    return field.text.substr(begin, end - begin);
  };
  EXPECT_EQ(marked(0), "سوريا");
  EXPECT_EQ(marked(1), " Syria");  // the tab, now a space
  EXPECT_EQ(marked(2), "ﻻ");       // a presentation form: decoded, kept
  EXPECT_EQ(marked(3), "من");      // from inside م to inside ن: whole characters
}

}  // namespace
}  // namespace inert_test
}  // namespace bahth::render
