// One test per normalization rule (DESIGN.md, "Normalization").
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth {
namespace normalizer_test {
namespace {

TEST(Normalizer, EmptyStringStaysEmpty) { EXPECT_EQ(normalize(""), ""); }

TEST(Normalizer, PlainArabicIsUnchanged) { EXPECT_EQ(normalize("كتب الولد"), "كتب الولد"); }

TEST(Normalizer, RemovesHarakat) {
  EXPECT_EQ(normalize("مُحَمَّدٌ"), "محمد");
  EXPECT_EQ(normalize("كِتَابًا"), "كتابا");
}

TEST(Normalizer, StringOfOnlyMarksBecomesEmpty) {
  EXPECT_EQ(normalize("\u064E\u0650\u0651\u0652"), "");
}

TEST(Normalizer, RemovesSuperscriptAlefAndQuranicMarks) {
  EXPECT_EQ(normalize("هٰذا"), "هذا");
  EXPECT_EQ(normalize("الرحيم\u06D6"), "الرحيم");
  EXPECT_EQ(normalize("قال\u06DA"), "قال");
}

TEST(Normalizer, RemovesTatweel) { EXPECT_EQ(normalize("الســـلام"), "السلام"); }

TEST(Normalizer, RemovesBidiAndZeroWidthCharacters) {
  EXPECT_EQ(normalize("\u202Bسوريا\u202C"), "سوريا");
  EXPECT_EQ(normalize("سو\u200Cريا"), "سوريا");
  EXPECT_EQ(normalize("\u2067سوريا\u2069\u200F"), "سوريا");
  EXPECT_EQ(normalize("\uFEFFسوريا"), "سوريا");
}

TEST(Normalizer, FoldsAlefVariants) {
  EXPECT_EQ(normalize("أحمد"), "احمد");
  EXPECT_EQ(normalize("إسلام"), "اسلام");
  EXPECT_EQ(normalize("آمن"), "امن");
  EXPECT_EQ(normalize("ٱلله"), "الله");
}

TEST(Normalizer, FoldsDecomposedHamzaAndMaddaLikeComposedOnes) {
  // ا followed by a combining hamza above (U+0654) or madda (U+0653) is أ or آ in NFC.
  EXPECT_EQ(normalize("ا\u0654حمد"), normalize("أحمد"));
  EXPECT_EQ(normalize("ا\u0653من"), normalize("آمن"));
  EXPECT_EQ(normalize("و\u0654"), normalize("ؤ"));
}

TEST(Normalizer, FoldsAlefMaqsuraToYeh) { EXPECT_EQ(normalize("مستشفى"), "مستشفي"); }

TEST(Normalizer, FoldsTehMarbutaToHeh) { EXPECT_EQ(normalize("مدرسة"), "مدرسه"); }

TEST(Normalizer, FoldsPersianAndUrduLetters) {
  EXPECT_EQ(normalize("ی"), "ي");
  EXPECT_EQ(normalize("ک"), "ك");
  EXPECT_EQ(normalize("ہ"), "ه");
}

TEST(Normalizer, KeepsHamzaOnWawAndYehAndStandalone) {
  EXPECT_EQ(normalize("مؤتمر"), "مؤتمر");
  EXPECT_EQ(normalize("رئيس"), "رئيس");
  EXPECT_EQ(normalize("سماء"), "سماء");
}

TEST(Normalizer, MapsArabicIndicDigits) { EXPECT_EQ(normalize("٢٠١٤"), "2014"); }

TEST(Normalizer, MapsEasternArabicIndicDigits) { EXPECT_EQ(normalize("۲۰۱۴"), "2014"); }

TEST(Normalizer, MapsArabicDecimalSeparator) { EXPECT_EQ(normalize("٣٫٤"), "3.4"); }

TEST(Normalizer, MapsArabicPunctuationToAscii) {
  EXPECT_EQ(normalize("نعم، لا؛ لماذا؟"), "نعم, لا; لماذا?");
}

TEST(Normalizer, FoldsPresentationFormsAndLigatures) {
  EXPECT_EQ(normalize("ﻻ"), "لا");
  EXPECT_EQ(normalize("ﷲ"), "الله");
  EXPECT_EQ(normalize("ﻫﺬﺍ"), "هذا");
}

TEST(Normalizer, LigatureCanExpandToSeveralWords) {
  EXPECT_EQ(normalize("ﷺ"), "صلي الله عليه وسلم");
}

TEST(Normalizer, CaseFoldsLatin) {
  EXPECT_EQ(normalize("BBC News"), "bbc news");
  EXPECT_EQ(normalize("ÉCOLE Straße"), "école strasse");
}

TEST(Normalizer, MixedArabicLatinAndDigits) {
  EXPECT_EQ(normalize("شركة Sony عام ٢٠١٤ (CNN)"), "شركه sony عام 2014 (cnn)");
}

TEST(Normalizer, KeepsReplacementCharacter) { EXPECT_EQ(normalize("أ\uFFFDب"), "ا\uFFFDب"); }

TEST(Normalizer, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(normalize(std::string("ab\xFF") + "c"), "ab\uFFFDc");
  EXPECT_EQ(normalize(std::string("\xD8")), "\uFFFD");  // truncated two-byte sequence
}

TEST(Normalizer, KeepsWhiteSpaceAndNulBytes) {
  EXPECT_EQ(normalize(" a\tb\n"), " a\tb\n");
  EXPECT_EQ(normalize(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(Normalizer, AppendsToExistingText) {
  std::string out = "x ";
  normalize_append("أ", out);
  EXPECT_EQ(out, "x ا");
}

TEST(Normalizer, IsIdempotent) {
  const std::string once = normalize("إِنَّ الـمُـدَرِّسَةَ ﻻ تَعْمَلُ ٢٠١٤ ﷺ");
  EXPECT_EQ(normalize(once), once);
}

// The fast path skips ICU for characters where NFKC_Casefold changes nothing that the table's
// own rules would not change anyway: check that claim against ICU itself for every code point the
// table handles unaided.
TEST(Normalizer, TableAgreesWithIcuForEveryCodePointItHandlesAlone) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  std::vector<UChar32> handled;
  for (UChar32 cp = 0x01; cp < 0x80; ++cp) handled.push_back(cp);
  for (UChar32 cp = 0x0600; cp <= 0x06FF; ++cp) {
    if (!(cp >= 0x0653 && cp <= 0x0655) && !(cp >= 0x0675 && cp <= 0x0678)) handled.push_back(cp);
  }
  for (UChar32 cp :
       {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF, 0x00AD}) {
    handled.push_back(cp);
  }
  for (UChar32 cp : handled) {
    std::string raw;
    icu::UnicodeString(cp).toUTF8String(raw);
    status = U_ZERO_ERROR;
    std::string via_icu;
    nfkc_cf->normalize(icu::UnicodeString(cp), status).toUTF8String(via_icu);
    ASSERT_TRUE(U_SUCCESS(status));
    EXPECT_EQ(normalize(raw), normalize(via_icu)) << "U+" << std::hex << cp;
  }
}

}  // namespace
}  // namespace normalizer_test
}  // namespace bahth
