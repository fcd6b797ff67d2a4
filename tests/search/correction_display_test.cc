#include "search/correction_display.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "search/did_you_mean.h"
#include "search/parsed_query.h"
#include "search/query_text.h"

namespace bahth::search {
namespace correction_display_test {
namespace {

// `typed` as read_query() reads it, for what the correction needs: the text and its chunks.
ParsedQuery read(const std::string& typed) {
  ParsedQuery query;
  query.typed = typed;
  query.normalized = normalize_query(typed, &query.chunks);
  return query;
}

// The correction the search finds: the normalized query with some words replaced.
std::string shown(const std::string& typed, const std::string& corrected) {
  const std::string out = shown_correction(read(typed), corrected);
  EXPECT_EQ(normalize_query(out), corrected) << typed << " → " << out;  // searches the same
  return out;
}

TEST(ShownCorrection, KeepsTheWordsNotCorrectedAsTyped) {
  EXPECT_EQ(shown("الانتخبات الرئاسية", "الانتخابات الرئاسيه"), "الانتخابات الرئاسية");
  EXPECT_EQ(shown("سعر  الزهب في مصر", "سعر  الذهب في مصر"), "سعر  الذهب في مصر");
  EXPECT_EQ(shown("الإدارة الأمريكية والزهب", "الاداره الامريكيه والذهب"),
            "الإدارة الأمريكية والذهب");
}

TEST(ShownCorrection, KeepsTheTypedLettersOfACorrectedWordThatDidNotChange) {
  EXPECT_EQ(shown("الشرتة", "الشرطه"), "الشرطة");             // ة stays
  EXPECT_EQ(shown("الإنتخبات", "الانتخابات"), "الإنتخابات");  // the hamza typed stays
  EXPECT_EQ(shown("الحموكة", "الحكومه"), "الحكومة");          // swapped letters
  EXPECT_EQ(shown("المطاار", "المطار"), "المطار");            // a letter dropped
  EXPECT_EQ(shown("الطايرة", "الطائره"), "الطائرة");
  // Harakat stay, the one of the letter replaced on its replacement.
  EXPECT_EQ(shown("مَدْرَصَة", "مدرسه"), "مَدْرَسَة");
}

// The letters that changed are written as the index's articles write the corrected word, where
// the lookups know it (the searcher reads it from stored articles): a slip in place of ة shows
// ة, not the normalizer's ه; the letters typed around them stay as typed.
TEST(ShownCorrection, TheLettersChangedAreWrittenAsTheArticlesWriteThem) {
  const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const Analyzer analyzer = Analyzer::make(StemmerKind::light);
  auto lookups = std::make_shared<WordLookups>(db, analyzer);
  lookups->set_written_forms([](std::string_view word) {
    return word == "مدرسه" ? std::string("مدرسة") : word == "الامير" ? "الأمير" : std::string();
  });
  ParsedQuery query = read("زلزال مدرسث");
  query.lookups = lookups;
  EXPECT_EQ(shown_correction(query, "زلزال مدرسه"), "زلزال مدرسة");
  query = read("الاميد");  // the changed letter only: the typed alef without hamza stays
  query.lookups = lookups;
  EXPECT_EQ(shown_correction(query, "الامير"), "الامير");
  query = read("مدرسث");  // without a written form, the normalized letter
  EXPECT_EQ(shown_correction(query, "مدرسه"), "مدرسه");
  EXPECT_EQ(shown_replacement("مدرسث", "مدرسث", "مدرسه", "مدرسة"), "مدرسة");
  EXPECT_EQ(shown_replacement("الهعروفة", "الهعروفه", "المعروفه", ""), "المعروفة");
}

TEST(ShownCorrection, OperatorsFieldsAndLatinStayAsTyped) {
  EXPECT_EQ(shown("الزهب AND سعر", "الذهب AND سعر"), "الذهب AND سعر");
  EXPECT_EQ(shown("title:الزهب Gold", "title:الذهب gold"), "title:الذهب Gold");
  EXPECT_EQ(shown("\"الزهب الأسود\"", "\"الذهب الاسود\""), "\"الذهب الأسود\"");
}

TEST(ShownCorrection, WhatCannotBeLinedUpIsShownAsCorrected) {
  // Not normalize_query(typed) with words replaced: nothing to line up.
  EXPECT_EQ(shown_correction(read("الزهب"), "الذهب سعر"), "الذهب سعر");
  EXPECT_EQ(shown_correction(read("الزهب سعر"), "الذهب"), "الذهب");
  EXPECT_EQ(shown_correction(read(""), "الذهب"), "الذهب");
  // An ellipsis is blanked by normalization; the chunk it splits is shown normalized.
  EXPECT_EQ(shown("الزهب...", "الذهب   "), "الذهب   ");
}

}  // namespace
}  // namespace correction_display_test
}  // namespace bahth::search
