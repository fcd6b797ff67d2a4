// index/position_table_writer: writes an index's position table (schema/position_table.h) for
// `bahth compact`, into the side metadata its compaction merges in.
#ifndef BAHTH_INDEX_POSITION_TABLE_WRITER_H_
#define BAHTH_INDEX_POSITION_TABLE_WRITER_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>

namespace bahth::index {

struct PositionTableReport {
  std::size_t terms = 0;    // stem terms with positions
  std::size_t chunks = 0;   // metadata items written
  std::uint64_t items = 0;  // (term, article) pairs
  std::uint64_t bytes = 0;  // of the chunks, keys left out
  double seconds = 0;       // wall-clock time
};

/// Writes into `side` (the metadata a compaction of `source` merges in: store::Writer::
/// compact_in_place) a new generation of the position table holding the positions of every stem
/// term of `source` (schema::kStemPrefix: title and caption stems included), its header, and a
/// kDroppedMetadata for each chunk of the old generation. An article's positions come from
/// Xapian when it has them there (written since the last compaction, or all of them in an index
/// never compacted with a table), else from the old table. The docids written are the
/// compaction's: `renumbered_by` below the source's (Xapian's compaction closes a gap before the
/// first article). REQUIRES: the index stems (with `--stemmer none` the words carry the
/// positions, and they stay in Xapian's table).
PositionTableReport write_position_table(const Xapian::Database& source,
                                         Xapian::docid renumbered_by,
                                         Xapian::WritableDatabase& side);

}  // namespace bahth::index

#endif  // BAHTH_INDEX_POSITION_TABLE_WRITER_H_
