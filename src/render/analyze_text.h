// `bahth analyze` for people and line-by-line scripts: one output line per input line, and one
// line per word looked up with --variants.
#ifndef BAHTH_RENDER_ANALYZE_TEXT_H_
#define BAHTH_RENDER_ANALYZE_TEXT_H_

#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "bahth/searcher.h"

namespace bahth::render {

/// Where `bahth analyze --stage` stops: the words as written, normalized, or stemmed (the
/// indexed terms).
enum class AnalysisStage { tokens, normalize, stem };

/// The words of `line` at `stage`, separated by single spaces, and a newline, into `out` (cleared
/// first: one buffer serves every line of a stream).
void analysis_text(const Analyzer& analyzer, AnalysisStage stage, std::string_view line,
                   std::string& out);

/// "WORD STEM: VARIANT..." (and " | synonyms: ENTRY, ENTRY" when the user's synonyms hold the
/// word) and a newline, every piece made inert: the word may be pasted from
/// anywhere, and the stem and variants come from an index that may have been tampered with.
std::string variants_text(std::string_view word, const WordVariants& found);

}  // namespace bahth::render

#endif  // BAHTH_RENDER_ANALYZE_TEXT_H_
