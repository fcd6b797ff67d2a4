// `bahth analyze`'s output as render writes it: text lines, JSON lines, and variants.
#include <sstream>

#include "gtest/gtest.h"
#include "render/analyze_json.h"
#include "render/analyze_text.h"

namespace bahth::render {
namespace analyze_test {
namespace {

TEST(AnalyzeText, OneLineOfWordsAtEachStage) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::light);
  std::string out = "left over";
  analysis_text(analyzer, AnalysisStage::tokens, "والأخير  في", out);
  EXPECT_EQ(out, "والأخير في\n");
  analysis_text(analyzer, AnalysisStage::normalize, "الأخير", out);
  EXPECT_EQ(out, "الاخير\n");
  analysis_text(analyzer, AnalysisStage::stem, "الأخير", out);
  EXPECT_EQ(out, "اخير\n");
  analysis_text(analyzer, AnalysisStage::stem, "", out);
  EXPECT_EQ(out, "\n");  // one line out for every line in, even an empty one
}

TEST(AnalyzeJson, TokensInOrderWithEscapedText) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::light);
  std::ostringstream out;
  write_analysis_json(out, analyzer, "أول \"x\" \x01");
  EXPECT_EQ(out.str(),
            "{\"text\":\"أول \\\"x\\\" \\u0001\",\"tokens\":["
            "{\"normalized\":\"اول\",\"offset\":0,\"position\":0,\"stem\":\"اول\",\"surface\":"
            "\"أول\"},{\"normalized\":\"x\",\"offset\":8,\"position\":1,\"stem\":\"x\","
            "\"surface\":\"x\"}]}\n");
  std::ostringstream empty;
  write_analysis_json(empty, analyzer, "");
  EXPECT_EQ(empty.str(), "{\"text\":\"\",\"tokens\":[]}\n");
}

TEST(AnalyzeVariants, WordStemVariantsInThatOrderAndInert) {
  const WordVariants found{"امريك", {"اميركي", "bad\u202e"}, {}, ""};
  EXPECT_EQ(variants_json("الأمريكية", found),
            "{\"word\":\"الأمريكية\",\"stem\":\"امريك\",\"variants\":[\"اميركي\","
            "\"bad\\u202e\"],\"synonyms\":[]}");
  EXPECT_EQ(variants_text("الأمريكية\x1b", found), "الأمريكية␛ امريك: اميركي bad\n");
  const WordVariants named{"داعش", {}, {"تنظيم الدولة", "x\x1b"}, ""};
  EXPECT_EQ(variants_text("داعش", named), "داعش داعش: | synonyms: تنظيم الدولة, x␛\n");
  EXPECT_EQ(variants_text("x", WordVariants{}), "x :\n");
}

}  // namespace
}  // namespace analyze_test
}  // namespace bahth::render
