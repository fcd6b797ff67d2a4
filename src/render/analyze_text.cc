#include "analyze_text.h"

#include "render/inert.h"

namespace bahth::render {

void analysis_text(const Analyzer& analyzer, AnalysisStage stage, std::string_view line,
                   std::string& out) {
  out.clear();
  auto add = [&out](std::string_view word) {
    if (!out.empty()) out.push_back(' ');
    out.append(word);
  };
  if (stage == AnalysisStage::tokens) {
    // Format characters (U+200B, U+202E) are part of a word but drop out of its terms, and a
    // bidi override would reorder the line on a terminal: shown as the normalizer leaves them.
    for (WordTokenizer words(line); words.next();) add(without_format_chars(words.word()));
  } else {
    for (TermStream terms(analyzer, line); terms.next();) {
      add(stage == AnalysisStage::stem ? terms.term().stem : terms.term().normalized);
    }
  }
  out.push_back('\n');
}

std::string variants_text(std::string_view word, const WordVariants& found) {
  std::string out = inert_text(word) + ' ' + inert_text(found.stem) + ':';
  for (const std::string& v : found.variants) out += ' ' + inert_text(v);
  if (!found.synonyms.empty()) {
    out += " | synonyms:";
    for (std::size_t i = 0; i < found.synonyms.size(); ++i) {
      out += (i > 0 ? ", " : " ") + inert_text(found.synonyms[i]);
    }
  }
  return out + '\n';
}

}  // namespace bahth::render
