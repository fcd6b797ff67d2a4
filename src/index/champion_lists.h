// index/champion_lists: computes and stores the champion lists of a database
// (schema/champions.h) as `bahth compact` finishes it.
#ifndef BAHTH_INDEX_CHAMPION_LISTS_H_
#define BAHTH_INDEX_CHAMPION_LISTS_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>

namespace bahth::index {

struct ChampionListsReport {
  std::size_t terms = 0;       // lists written
  std::uint64_t postings = 0;  // postings read to choose them
  std::uint64_t bytes = 0;     // of the lists' metadata values (before Xapian's compression)
};

/// Replaces any champion lists of `db` with new ones of `limit` articles (none with `limit` 0)
/// and commits. The header records the revision of that commit, so they hold until the next.
/// Reads the posting list of every weighted term in over `limit` articles once.
ChampionListsReport write_champion_lists(Xapian::WritableDatabase& db, std::size_t limit);

/// Removes every champion list of `db` and its header (not committed).
void remove_champion_lists(Xapian::WritableDatabase& db);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_CHAMPION_LISTS_H_
