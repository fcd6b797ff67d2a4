// The analysis of every StemmerKind, Xapian's Snowball stemmer included, and the same stemmer as
// a Xapian::Stem for the QueryParser. A target of its own because it links Xapian, which the
// analysis library (ICU only) must not.
#include "bahth/stemmers.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <utility>

namespace bahth {
namespace {

class SnowballStemmer final : public WordStemmer {
 public:
  void stem(std::string& word) const override {
    // Xapian's Snowball stemmer keeps state while it stems: one per thread, so that one Analysis
    // serves every analysis thread of the indexer.
    thread_local const Xapian::Stem arabic("arabic");
    std::string stemmed = arabic(word);
    if (!stemmed.empty()) word = std::move(stemmed);
  }
  std::string name() const override { return "snowball-arabic"; }
};

// Lets QueryParser stem query words with the very stemmer the indexer used.
class StemAdapter final : public Xapian::StemImplementation {
 public:
  explicit StemAdapter(Analyzer analyzer) : analyzer_(std::move(analyzer)) {}
  std::string operator()(const std::string& word) override {
    std::string stemmed = word;
    analyzer_.stemmer().stem(stemmed);
    return stemmed;
  }
  std::string get_description() const override { return "bahth:" + analyzer_.stemmer().name(); }

 private:
  Analyzer analyzer_;
};

std::shared_ptr<const WordStemmer> make_stemmer(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::snowball:
      return std::make_shared<const SnowballStemmer>();
    case StemmerKind::none:
      return make_null_stemmer();
    case StemmerKind::light:
      break;
  }
  return make_light_stemmer();
}

}  // namespace

Analysis::Analysis(StemmerKind kind)
    : kind_(kind),
      analyzer_(make_stemmer(kind)),
      // Xapian::Stem owns the adapter (it counts references to it).
      xapian_stem_(std::make_shared<const Xapian::Stem>(new StemAdapter(analyzer_))),
      name_(analyzer_.name()) {}

const Xapian::Stem& Analysis::xapian_stem() const { return *xapian_stem_; }

}  // namespace bahth
