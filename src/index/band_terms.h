// Band terms for an index built before them: the near-duplicate pass finds a changed article's
// bucket neighbours by these terms' posting lists, and reads every signature of an index that
// does not record that all its articles have them (schema::kMetaBandTerms). The whole passes
// (`bahth index --rebuild-passes`) add them, so an older index leaves that fallback.
#ifndef BAHTH_INDEX_BAND_TERMS_H_
#define BAHTH_INDEX_BAND_TERMS_H_

#include <xapian.h>

#include <cstddef>
#include <functional>

namespace bahth::index {

/// Gives each document of `db` that has a signature and lacks its band terms those terms
/// (schema::band_term of each band of the signature, as DocumentBuilder writes them; terms of an
/// older form, kBandPrefix terms other than these, are removed), committing
/// after every `documents_per_commit` documents rewritten, so that the memory Xapian holds for
/// the changes stays bounded; then records schema::kMetaBandTerms (for the caller's next commit).
/// Returns at once when `db` records it already. Returns false, without recording it, when
/// `stop_requested` answered true after one of the commits: a later call goes on from there
/// (documents that have their terms are skipped).
/// REQUIRES: documents_per_commit >= 1.
bool add_missing_band_terms(Xapian::WritableDatabase& db, std::size_t documents_per_commit,
                            const std::function<bool()>& stop_requested = {});

}  // namespace bahth::index

#endif  // BAHTH_INDEX_BAND_TERMS_H_
