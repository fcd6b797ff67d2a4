#include "render/bidi.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "bahth/error.h"

namespace bahth::render {
namespace bidi_test {
namespace {

using Highlights = std::vector<std::pair<std::size_t, std::size_t>>;

const Marks kBrackets{"[", "]"};

std::vector<std::string> visual(const std::string& text, std::size_t width,
                                const Highlights& highlights = {}, bool align = false) {
  return layout(text, highlights, BidiMode::visual, width, kBrackets, align);
}

TEST(BidiMode, ParsedWithAutoDependingOnTheOutput) {
  ::unsetenv("TMUX");
  ::setenv("TERM", "xterm-256color", 1);
  EXPECT_EQ(parse_bidi_mode("auto", true, "--bidi"), BidiMode::isolate);
  EXPECT_EQ(parse_bidi_mode("auto", false, "--bidi"), BidiMode::none);
  EXPECT_EQ(parse_bidi_mode("visual", false, "--bidi"), BidiMode::visual);
  EXPECT_EQ(parse_bidi_mode("none", true, "--bidi"), BidiMode::none);
  EXPECT_EQ(parse_bidi_mode("isolate", false, "--bidi"), BidiMode::isolate);
  EXPECT_THROW(parse_bidi_mode("rtl", true, "--bidi"), UsageError);
}

// tmux and screen draw lines in memory order inside any terminal: auto reorders for them.
TEST(BidiMode, AutoIsVisualInsideTmuxOrScreen) {
  ::unsetenv("TMUX");
  for (const char* term : {"screen", "screen-256color", "tmux-256color"}) {
    ::setenv("TERM", term, 1);
    EXPECT_EQ(parse_bidi_mode("auto", true, "--bidi"), BidiMode::visual) << term;
    EXPECT_EQ(parse_bidi_mode("auto", false, "--bidi"), BidiMode::none) << term;
  }
  ::setenv("TERM", "xterm-256color", 1);
  ::setenv("TMUX", "/tmp/tmux-1000/default,1234,0", 1);
  EXPECT_EQ(parse_bidi_mode("auto", true, "--bidi"), BidiMode::visual);
  EXPECT_EQ(parse_bidi_mode("isolate", true, "--bidi"), BidiMode::isolate) << "asked for";
  ::unsetenv("TMUX");
  EXPECT_EQ(parse_bidi_mode("auto", true, "--bidi"), BidiMode::isolate);
}

TEST(Layout, NoneMarksTheTextAsStored) {
  const std::string text = "قال الوزير";
  EXPECT_EQ(layout(text, {{7, 19}}, BidiMode::none, 80, kBrackets),
            std::vector<std::string>{"قال [الوزير]"});
}

TEST(Layout, IsolateWrapsTheFieldInFirstStrongIsolate) {
  EXPECT_EQ(layout("BBC عربي", {}, BidiMode::isolate, 80, kBrackets),
            std::vector<std::string>{"\u2068BBC عربي\u2069"});
}

TEST(Layout, VisualLeavesLatinAlone) {
  EXPECT_EQ(visual("hello world", 80), std::vector<std::string>{"hello world"});
}

TEST(Layout, VisualReversesAndJoinsArabic) {
  // بيت: initial beh, medial yeh, final teh, drawn right to left.
  EXPECT_EQ(visual("بيت", 80), std::vector<std::string>{"\uFE96\uFEF4\uFE91"});
  // Lam-alef becomes the one ligature cell that joined Arabic uses: لا → ﻻ.
  EXPECT_EQ(visual("لا", 80), std::vector<std::string>{"\uFEFB"});
}

TEST(Layout, VisualKeepsNumbersLeftToRightInsideArabic) {
  // عام 2018: the number reads left to right, on the left of the word in an RTL line.
  EXPECT_EQ(visual("عام 2018", 80), std::vector<std::string>{"2018 \uFEE1\uFE8E\uFECB"});
}

TEST(Layout, VisualMirrorsBracketsInRightToLeftText) {
  // (بيت) in an RTL line: the opening bracket, first in memory, is drawn on the right as ")".
  EXPECT_EQ(visual("(بيت)", 80), std::vector<std::string>{"(\uFE96\uFEF4\uFE91)"});
}

TEST(Layout, VisualMarksTheHighlightedWordWhereverItLands) {
  const std::string text = "بيت كبير";  // highlight كبير (bytes 7..15)
  const std::vector<std::string> lines = visual(text, 80, {{7, 15}});
  ASSERT_EQ(lines.size(), 1U);
  // كبير is the second word in memory, so the first on the left when drawn.
  EXPECT_EQ(lines[0].rfind('[', 0), 0U) << lines[0];
  EXPECT_EQ(lines[0].find("] "), lines[0].size() - std::string("] \uFE96\uFEF4\uFE91").size());
}

TEST(Layout, VisualWrapsAtSpacesWithinTheWidth) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "كلمة ";
  const std::vector<std::string> lines = visual(text, 22);
  EXPECT_GT(lines.size(), 5U);
  for (const std::string& line : lines) {
    EXPECT_LE(display_width(line), 22U) << line;
    EXPECT_NE(line.front(), ' ');
  }
}

TEST(Layout, VisualAlignsRightToLeftLinesToTheRightEdge) {
  const std::vector<std::string> lines = visual("بيت", 10, {}, true);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0], std::string(7, ' ') + "\uFE96\uFEF4\uFE91");
  EXPECT_EQ(visual("abc", 10, {}, true), std::vector<std::string>{"abc"});
}

TEST(Layout, VisualBreaksAWordLongerThanTheWidth) {
  const std::vector<std::string> lines = visual(std::string(25, 'x'), 10);
  EXPECT_EQ(lines, (std::vector<std::string>{std::string(10, 'x'), std::string(10, 'x'),
                                             std::string(5, 'x')}));
}

TEST(Layout, VisualDropsBidiControlsAndHandlesEmptyText) {
  EXPECT_EQ(visual("\u200Fabc\u200F", 80), std::vector<std::string>{"abc"});
  EXPECT_EQ(visual("", 80), std::vector<std::string>{""});
}

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(display_width("abc"), 3U);
  EXPECT_EQ(display_width("سلام"), 4U);
  EXPECT_EQ(display_width("مَدْرَسَة"), 5U);  // harakat take no column
  EXPECT_EQ(display_width("日本"), 4U);
}

}  // namespace
}  // namespace bidi_test
}  // namespace bahth::render
