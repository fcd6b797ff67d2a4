// The analysis chain: normalize → tokenize → stem.
#include "bahth/analyzer.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bahth/enum_names.h"
#include "bahth/error.h"
#include "word_prefilter.h"

namespace bahth {
namespace {

// True if `word` is only ASCII lower-case letters and digits and the Arabic letters
// U+0621–U+063A, U+0641–U+064A: the tokenizer would find it to be exactly one word. Checked byte
// by byte, far cheaper than tokenizing again.
bool is_plain_word(std::string_view word) {
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) continue;
    if (i + 1 >= word.size()) return false;
    const auto next = static_cast<unsigned char>(word[i + 1]);
    const bool arabic_letter =
        (c == 0xD8 && next >= 0xA1 && next <= 0xBA) || (c == 0xD9 && next >= 0x81 && next <= 0x8A);
    if (!arabic_letter) return false;
    ++i;
  }
  return true;
}

class NullStemmer final : public WordStemmer {
 public:
  void stem(std::string& /*word*/) const override {}
  std::string name() const override { return "none"; }
  bool stems_are_substrings() const override { return true; }
};

}  // namespace

// StemmerKind's values, in the order they are declared.
constexpr EnumNames<3> kStemmerNames = {"light", "snowball", "none"};

std::string_view to_string(StemmerKind kind) { return enum_name(kind, kStemmerNames); }

StemmerKind parse_stemmer_kind(std::string_view name) {
  if (const std::optional<StemmerKind> kind = enum_named<StemmerKind>(name, kStemmerNames)) {
    return *kind;
  }
  throw UsageError("unknown stemmer '" + std::string(name) + "' (use light, snowball or none)");
}

std::string_view substring_of_words(std::string_view stem) {
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال
  return stem.starts_with(kArticle) ? stem.substr(2) : stem;
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
  throw UsageError(
      "the snowball stemmer is Xapian's: build it with bahth::Analysis (bahth/stemmers.h)");
}

std::string Analyzer::name() const {
  return std::string(kNormalizerVersion) + "+" + stemmer_->name();
}

std::vector<std::string> Analyzer::stems(std::string_view text) const {
  std::vector<std::string> out;
  for (TermStream terms(*this, text); terms.next();) out.emplace_back(terms.term().stem);
  return out;
}

TermStream::TermStream(const Analyzer& analyzer, std::string_view text, Stemming stemming)
    : analyzer_(&analyzer), text_(text), words_(text), stemming_(stemming) {}

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
    piece_cursor_ = 0;
    if (keep_word_ && !keep_word_(words_.word())) continue;
    normalize_append(words_.word(), normalized_);
  }
}

// A surface word normally normalizes to one word, but NFKC can expand one character into
// several words (the ligature ﷺ becomes four) or into nothing (a word made only of harakat):
// so the normalized text is split again.
bool TermStream::next_piece() {
  while (piece_cursor_ < normalized_.size()) {
    std::string_view piece;
    if (piece_cursor_ == 0 && is_plain_word(normalized_)) {
      piece = normalized_;  // the usual case: one word, nothing to split
      piece_cursor_ = normalized_.size();
    } else {
      const std::string_view rest = std::string_view(normalized_).substr(piece_cursor_);
      WordTokenizer pieces(rest);
      if (!pieces.next()) {
        piece_cursor_ = normalized_.size();
        return false;
      }
      piece_cursor_ += pieces.end();
      piece = pieces.word();
    }
    if (piece.size() > kMaxWordBytes) continue;
    term_.surface = words_.word();
    term_.offset = words_.begin();
    term_.normalized = piece;
    term_.position = next_position_++;
    stemmed_ = false;
    term_.stem = stemming_ == Stemming::every_word ? stem() : std::string_view();
    return true;
  }
  return false;
}

std::string_view TermStream::stem() {
  if (!stemmed_) {
    stem_.assign(term_.normalized);
    analyzer_->stemmer().stem(stem_);
    stemmed_ = true;
  }
  return stem_;
}

}  // namespace bahth
