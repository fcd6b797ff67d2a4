// bahth/stemmers.h: the analysis an index is built and searched with, for every stemmer bahth
// indexes with.
//
// Analyzer::make (bahth/analyzer.h) builds bahth's own stemmers; Analysis also builds Xapian's
// Snowball one, which the ICU-only analysis library cannot, and gives each stemmer the form
// Xapian's QueryParser takes.
#ifndef BAHTH_STEMMERS_H_
#define BAHTH_STEMMERS_H_

#include <memory>  // std::shared_ptr
#include <string>  // std::string

#include "bahth/analyzer.h"

namespace Xapian {
class Stem;
}  // namespace Xapian

namespace bahth {

/// Everything about one index's analysis: which stemmer, the chain that runs it, the same
/// stemmer as Xapian's QueryParser takes it, and the name recorded in the database. Built once —
/// from `--stemmer` when indexing, from what the database records when searching — and passed
/// by const reference to whatever analyses text or queries.
///
/// The analyzer may be used by several threads at once (Xapian's Snowball stemmer keeps state
/// while it stems, so it keeps one per thread). The Xapian::Stem may not: Xapian counts its
/// references without atomics, so each thread that parses queries needs an Analysis of its own.
class Analysis {
 public:
  explicit Analysis(StemmerKind kind);

  StemmerKind kind() const { return kind_; }

  /// False for `none`: the index then holds the normalized words only, no stems beside them.
  bool stems() const { return kind_ != StemmerKind::none; }

  const Analyzer& analyzer() const { return analyzer_; }

  /// analyzer().name(), e.g. "norm1+light3+lex1": recorded in every database.
  const std::string& name() const { return name_; }

  /// The analyzer's stemmer as a Xapian::Stem, for the QueryParser (search only; using it needs
  /// <xapian.h>).
  const Xapian::Stem& xapian_stem() const;

 private:
  StemmerKind kind_;
  Analyzer analyzer_;
  std::shared_ptr<const Xapian::Stem> xapian_stem_;
  std::string name_;
};

}  // namespace bahth

#endif  // BAHTH_STEMMERS_H_
