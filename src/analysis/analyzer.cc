// The analysis chain: normalize → tokenize → stem.
#include "bahth/analyzer.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/error.h"

namespace bahth {
namespace {

class NullStemmer final : public WordStemmer {
 public:
  void stem(std::string& /*word*/) const override {}
  std::string name() const override { return "none"; }
};

}  // namespace

std::string_view to_string(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::light:
      return "light";
    case StemmerKind::snowball:
      return "snowball";
    case StemmerKind::none:
      return "none";
  }
  return "light";
}

StemmerKind parse_stemmer_kind(std::string_view name) {
  for (StemmerKind kind : {StemmerKind::light, StemmerKind::snowball, StemmerKind::none}) {
    if (name == to_string(kind)) return kind;
  }
  throw UsageError("unknown stemmer '" + std::string(name) + "' (use light, snowball or none)");
}

std::shared_ptr<const WordStemmer> make_null_stemmer() {
  return std::make_shared<const NullStemmer>();
}

Analyzer::Analyzer(std::shared_ptr<const WordStemmer> stemmer) : stemmer_(std::move(stemmer)) {}

Analyzer Analyzer::make(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::light:
      return Analyzer(make_light_stemmer());
    case StemmerKind::none:
      return Analyzer(make_null_stemmer());
    case StemmerKind::snowball:
      break;
  }
  throw UsageError("the snowball stemmer is Xapian's: build it with bahth::make_analyzer()");
}

std::string Analyzer::name() const {
  return std::string(kNormalizerVersion) + "+" + stemmer_->name();
}

std::vector<std::string> Analyzer::stems(std::string_view text) const {
  std::vector<std::string> out;
  for (TermStream terms(*this, text); terms.next();) out.emplace_back(terms.term().stem);
  return out;
}

TermStream::TermStream(const Analyzer& analyzer, std::string_view text)
    : analyzer_(&analyzer), text_(text), words_(text) {}

void TermStream::reset(std::string_view text) {
  text_ = text;
  words_ = WordTokenizer(text);
  normalized_.clear();
  piece_cursor_ = 0;
  next_position_ = 0;
}

bool TermStream::next() {
  while (true) {
    if (next_piece()) return true;
    if (!words_.next()) return false;
    normalized_.clear();
    normalize_append(words_.word(), normalized_);
    piece_cursor_ = 0;
  }
}

// A surface word normally normalizes to one word, but NFKC can expand one character into
// several words (the ligature ﷺ becomes four) or into nothing (a word made only of harakat):
// so the normalized text is split again.
bool TermStream::next_piece() {
  while (piece_cursor_ < normalized_.size()) {
    const std::string_view rest = std::string_view(normalized_).substr(piece_cursor_);
    WordTokenizer pieces(rest);
    if (!pieces.next()) {
      piece_cursor_ = normalized_.size();
      return false;
    }
    piece_cursor_ += pieces.end();
    const std::string_view piece = pieces.word();
    if (piece.size() > kMaxWordBytes) continue;
    stem_.assign(piece);
    analyzer_->stemmer().stem(stem_);
    term_.surface = words_.word();
    term_.offset = words_.begin();
    term_.normalized = piece;
    term_.stem = stem_;
    term_.position = next_position_++;
    return true;
  }
  return false;
}

}  // namespace bahth
