// The stemmers of bahth/stemmers.h as a Xapian::Stem, for the QueryParser (search only).
#ifndef BAHTH_STEMMERS_XAPIAN_STEM_H_
#define BAHTH_STEMMERS_XAPIAN_STEM_H_

#include <xapian.h>

#include "bahth/analyzer.h"

namespace bahth {

/// A Xapian::Stem running the same stemmer as make_analyzer(kind).
Xapian::Stem make_xapian_stem(StemmerKind kind);

}  // namespace bahth

#endif  // BAHTH_STEMMERS_XAPIAN_STEM_H_
