// `bahth analyze`: shows what each stage of the analysis makes of text.
//
// With TEXT arguments, prints one line for their text. Without, reads standard input and writes
// exactly one line per input line, so scripts can pair input and output line by line.
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/searcher.h"
#include "bahth/stemmers.h"
#include "bahth/utf8.h"
#include "commands.h"
#include "options.h"
#include "render/analyze_json.h"
#include "render/analyze_text.h"
#include "render/inert.h"

namespace bahth::cli {
namespace {

struct AnalyzeOptions {
  std::string stage = "stem";
  bool json = false;
  std::string stemmer = "light";
  bool variants = false;
  std::string db_path;
  std::vector<std::string> text;
};

render::AnalysisStage parse_stage(std::string_view name) {
  if (name == "tokens") return render::AnalysisStage::tokens;
  if (name == "normalize") return render::AnalysisStage::normalize;
  return render::AnalysisStage::stem;  // the option's validator admits nothing else
}

void analyze_line(const AnalyzeOptions& options, const Analyzer& analyzer, std::string_view line,
                  std::string& buffer) {
  if (options.json) {
    render::write_analysis_json(std::cout, analyzer, line);
  } else {
    render::analysis_text(analyzer, parse_stage(options.stage), line, buffer);
    std::cout << buffer;
  }
}

// --variants: one line per word, with the user's synonyms when they hold it (render/analyze_text.h,
// render/analyze_json.h). A WORD may be a phrase.
void print_variants(const AnalyzeOptions& options) {
  if (options.text.empty()) throw UsageError("--variants needs a WORD to look up");
  const Searcher searcher({options.db_path});
  for (const std::string& word : options.text) {
    if (find_invalid_utf8(word) != std::string_view::npos) {
      throw UsageError("WORD is not valid UTF-8");
    }
    const WordVariants found = searcher.variants(word);
    if (!found.warning.empty()) {
      std::cerr << "bahth: warning: " << render::inert_text(found.warning) << '\n';
    }
    if (options.json) {
      std::cout << render::variants_json(word, found) << '\n';
      continue;
    }
    std::cout << render::variants_text(word, found);
  }
}

void run_analyze(const AnalyzeOptions& options) {
  if (options.variants) {
    print_variants(options);
    return;
  }
  // The same Analysis as `bahth index --stemmer` builds, Snowball's included.
  const Analysis analysis(parse_stemmer_kind(options.stemmer));
  const Analyzer& analyzer = analysis.analyzer();
  std::ios::sync_with_stdio(false);
  std::string buffer;
  if (!options.text.empty()) {
    std::string joined;
    for (const std::string& word : options.text) {
      if (!joined.empty()) joined.push_back(' ');
      joined.append(word);
    }
    if (const auto bad = find_invalid_utf8(joined); bad != std::string_view::npos) {
      throw UsageError("TEXT is not valid UTF-8 (byte " + std::to_string(bad + 1) + ")");
    }
    analyze_line(options, analyzer, joined, buffer);
    return;
  }
  std::string line;
  for (std::size_t number = 1; std::getline(std::cin, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (const auto bad = find_invalid_utf8(line); bad != std::string_view::npos) {
      std::cerr << "bahth: <stdin>:" << number << ": invalid UTF-8 at byte " << bad + 1
                << "; line skipped\n";
      line.clear();  // keeps the one-line-out-per-line-in contract
    }
    analyze_line(options, analyzer, line, buffer);
  }
  std::cout.flush();
}

}  // namespace

void setup_analyze(CLI::App& app) {
  auto options = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Show what normalization, tokenization and stemming make of text");
  cmd->add_option("--stage", options->stage,
                  "Stop after this stage: tokens (words as written), normalize, stem (the "
                  "indexed terms; default)")
      ->check(CLI::IsMember({"tokens", "normalize", "stem"}));
  cmd->add_flag("--json", options->json,
                "Print each token's surface form, offset, normalized form and stem as JSON");
  add_stemmer_option(*cmd, options->stemmer,
                     "Stemmer: light (default), snowball (Xapian's Snowball Arabic) or none, as "
                     "'bahth index --stemmer' takes them");
  cmd->add_flag("--variants", options->variants,
                "For each WORD, print its stem in the index (--db) and the spelling variants "
                "the index learned for it, which a search for WORD also finds");
  add_db_option(*cmd, options->db_path);
  cmd->add_option("text", options->text,
                  "Text to analyze; without it, standard input is read line by line");
  cmd->callback([options] { run_analyze(*options); });
}

}  // namespace bahth::cli
