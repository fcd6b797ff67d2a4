// Analyzers for every StemmerKind, Xapian's Snowball stemmer included, and the same stemmers as
// Xapian::Stem for the QueryParser. A target of its own because it links Xapian, which the
// analysis library (ICU only) must not.
#include "bahth/stemmers.h"

#include <memory>
#include <string>
#include <utility>

#include "stemmers/xapian_stem.h"

namespace bahth {
namespace {

class SnowballStemmer final : public WordStemmer {
 public:
  SnowballStemmer() : stem_("arabic") {}
  void stem(std::string& word) const override {
    std::string stemmed = stem_(word);
    if (!stemmed.empty()) word = std::move(stemmed);
  }
  std::string name() const override { return "snowball-arabic"; }

 private:
  Xapian::Stem stem_;
};

// Lets QueryParser stem query words with bahth's own stemmer.
class StemAdapter final : public Xapian::StemImplementation {
 public:
  explicit StemAdapter(std::shared_ptr<const WordStemmer> stemmer) : stemmer_(std::move(stemmer)) {}
  std::string operator()(const std::string& word) override {
    std::string stemmed = word;
    stemmer_->stem(stemmed);
    return stemmed;
  }
  std::string get_description() const override { return "bahth:" + stemmer_->name(); }

 private:
  std::shared_ptr<const WordStemmer> stemmer_;
};

}  // namespace

Analyzer make_analyzer(StemmerKind kind) {
  if (kind == StemmerKind::snowball) return Analyzer(std::make_shared<const SnowballStemmer>());
  return Analyzer::make(kind);
}

Xapian::Stem make_xapian_stem(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::snowball:
      return Xapian::Stem("arabic");
    case StemmerKind::none:
      return Xapian::Stem("none");
    case StemmerKind::light:
      break;
  }
  return Xapian::Stem(new StemAdapter(make_light_stemmer()));
}

}  // namespace bahth
