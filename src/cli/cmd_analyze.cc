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
#include "render/inert.h"
#include "render/search_json.h"

namespace bahth::cli {
namespace {

enum class Stage { normalize, tokens, stem };

struct AnalyzeOptions {
  std::string stage = "stem";
  bool json = false;
  std::string stemmer = "light";
  bool variants = false;
  std::string db_path;
  std::vector<std::string> text;
};

Stage parse_stage(std::string_view name) {
  if (name == "tokens") return Stage::tokens;
  if (name == "normalize") return Stage::normalize;
  return Stage::stem;  // the option's validator admits nothing else
}

// One line of output for one line of input: words separated by single spaces.
void print_plain(const Analyzer& analyzer, Stage stage, std::string_view line, std::string& out) {
  out.clear();
  auto add = [&out](std::string_view word) {
    if (!out.empty()) out.push_back(' ');
    out.append(word);
  };
  if (stage == Stage::tokens) {
    // Format characters (U+200B, U+202E) are part of a word but drop out of its terms, and a
    // bidi override would reorder the line on a terminal: shown as the normalizer leaves them.
    for (WordTokenizer words(line); words.next();) add(without_format_chars(words.word()));
  } else {
    for (TermStream terms(analyzer, line); terms.next();) {
      add(stage == Stage::stem ? terms.term().stem : terms.term().normalized);
    }
  }
  out.push_back('\n');
  std::cout << out;
}

// Written token by token rather than built as one JSON value (strings escaped inert): a JSON tree
// of a long line took about 130 times the line's size (4 GB for 20 MB). Keys in nlohmann::json's
// (sorted) order, so the output is what it was.
void print_json(const Analyzer& analyzer, std::string_view line) {
  std::ostream& out = std::cout;
  out << "{\"text\":";
  out << render::json_string(line);
  out << ",\"tokens\":[";
  bool first = true;
  for (TermStream terms(analyzer, line); terms.next();) {
    const Term& t = terms.term();
    out << (first ? "{\"normalized\":" : ",{\"normalized\":");
    first = false;
    out << render::json_string(t.normalized);
    out << ",\"offset\":" << t.offset << ",\"position\":" << t.position << ",\"stem\":";
    out << render::json_string(t.stem);
    out << ",\"surface\":";
    out << render::json_string(t.surface);
    out << '}';
  }
  out << "]}\n";
}

void analyze_line(const AnalyzeOptions& options, const Analyzer& analyzer, std::string_view line,
                  std::string& buffer) {
  if (options.json) {
    print_json(analyzer, line);
  } else {
    print_plain(analyzer, parse_stage(options.stage), line, buffer);
  }
}

// --variants: one line per word, "WORD STEM: VARIANT..." and, when the user's synonyms hold it,
// " | synonyms: ENTRY, ENTRY" (JSON: word, stem, variants, synonyms). A WORD may be a phrase.
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
      std::cout << "{\"word\":";
      std::cout << render::json_string(word);
      std::cout << ",\"stem\":";
      std::cout << render::json_string(found.stem);
      std::cout << ",\"variants\":[";
      for (std::size_t i = 0; i < found.variants.size(); ++i) {
        if (i > 0) std::cout << ',';
        std::cout << render::json_string(found.variants[i]);
      }
      std::cout << "],\"synonyms\":[";
      for (std::size_t i = 0; i < found.synonyms.size(); ++i) {
        if (i > 0) std::cout << ',';
        std::cout << render::json_string(found.synonyms[i]);
      }
      std::cout << "]}\n";
      continue;
    }
    // The word is echoed as typed, control characters made inert (it may be pasted from anywhere).
    // The stem and its variants come from the index, which may have been tampered with: inert too.
    std::cout << render::inert_text(word) << ' ' << render::inert_text(found.stem) << ':';
    for (const std::string& v : found.variants) std::cout << ' ' << render::inert_text(v);
    if (!found.synonyms.empty()) {
      std::cout << " | synonyms:";
      for (std::size_t i = 0; i < found.synonyms.size(); ++i) {
        std::cout << (i > 0 ? ", " : " ") << render::inert_text(found.synonyms[i]);
      }
    }
    std::cout << '\n';
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
  cmd->add_option("--stemmer", options->stemmer,
                  "Stemmer: light (default), snowball (Xapian's Snowball Arabic) or none, as "
                  "'bahth index --stemmer' takes them")
      ->check(CLI::IsMember({"light", "snowball", "none"}));
  cmd->add_flag("--variants", options->variants,
                "For each WORD, print its stem in the index (--db) and the spelling variants "
                "the index learned for it, which a search for WORD also finds");
  add_db_option(*cmd, options->db_path);
  cmd->add_option("text", options->text,
                  "Text to analyze; without it, standard input is read line by line");
  cmd->callback([options] { run_analyze(*options); });
}

}  // namespace bahth::cli
