// bahth/stemmers.h: the one factory of analyzers, for every stemmer bahth indexes with.
//
// Analyzer::make (bahth/analyzer.h) builds bahth's own stemmers; this also builds Xapian's
// Snowball one, which the ICU-only analysis library cannot.
#ifndef BAHTH_STEMMERS_H_
#define BAHTH_STEMMERS_H_

#include "bahth/analyzer.h"

namespace bahth {

/// The analysis for `kind`, built fresh (Snowball's stemmer keeps state: one per thread).
Analyzer make_analyzer(StemmerKind kind);

}  // namespace bahth

#endif  // BAHTH_STEMMERS_H_
