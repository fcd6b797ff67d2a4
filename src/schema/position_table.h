// schema/position_table: the positions of an index's stem terms, by term, in chunks of articles
// (Lucene's layout), instead of Xapian's position table of one item per (term, article).
//
// Xapian 1.4's glass keeps one B-tree item per (term, article) with the term's name in its key:
// 19.7 bytes an item, of which the positions are 2.8 (bench/HISTORY.md, "Index size"). This table
// names a term once per chunk of up to kPositionChunkArticles articles. `bahth compact` writes it
// (index/position_table_writer.h) into the compacted database's metadata and drops Xapian's
// position table; a phrase or NEAR check (search/phrase_check.h) reads it in docid order beside
// the match, as Xapian reads a posting list. Articles written after the compaction (serve's
// writes, --watch, a later `bahth index`) get Xapian positions as before, and the check reads
// those first: an article Xapian has positions for is read from Xapian, any other from here.
//
// Metadata:
// - kMetaPositionTable: the table's form and generation, "F:G" (decimal numbers).
// - position_chunk_key(G, term, last): one chunk, the articles of `term` up to docid `last`
//   after the previous chunk's, each as a header and its positions (the first in full, then the
//   gaps), all varints (schema/varint.h). The header of form 2 (what this bahth writes) is one
//   varint, the docid gap from the article before (the first: the docid itself) times 4 plus
//   the number of positions less one when it is below 4 (3 else, and the number less 4 follows):
//   three articles in four have one position, and its header was three bytes of form 1's
//   five (−3.8 MB of 26.6 at 30,758 articles). Form 1 (read as well; the next `bahth compact`
//   rewrites it) gave the docid gap, then the byte length of the positions.
// The generation lets a compaction read the old table (docids of the source) while it writes the
// new one under other keys, then remove the old.
//
// A first build writes the table itself (no Xapian positions for the stems): each of its parts
// (index/database_writer.h) keeps the positions of the articles it adds aside, in its own
// metadata, one batch per commit (committed with the articles, so a killed build's parts still
// hold every committed article's positions), and the merge of the parts
// (write_position_table_of_parts) turns the batches of all of them into generation 1 of the
// table, in the merged docids, through the side metadata its compaction merges in.
// - position_batch_key(B, P): piece P of batch B of a part, about kPositionBatchPieceBytes: for
//   each term in order, its length and bytes, then the length of its articles' bytes and those
//   bytes, as a chunk holds them (the part's docids).
#ifndef BAHTH_SCHEMA_POSITION_TABLE_H_
#define BAHTH_SCHEMA_POSITION_TABLE_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bahth::schema {

inline constexpr std::string_view kMetaPositionTable = "bahth.position_table";
/// The form this bahth writes; it reads kPositionTableOldForm as well.
inline constexpr unsigned kPositionTableForm = 2;
inline constexpr unsigned kPositionTableOldForm = 1;
/// Before the generation in every chunk's key: sorts apart from the "bahth." keys.
inline constexpr char kPositionChunkMark = '\x01';
/// Articles a chunk holds at most (Lucene's block of 128).
inline constexpr std::size_t kPositionChunkArticles = 128;

/// Which table an index holds.
struct PositionTable {
  unsigned form = kPositionTableForm;
  unsigned generation = 0;
};

/// The table `db` holds, or none when it keeps its positions in Xapian only. Throws IndexError
/// naming `db_path`-less "the index" for a form this bahth cannot read.
std::optional<PositionTable> position_table(const Xapian::Database& db);

/// The generation of the table `db` holds (position_table), or none.
std::optional<unsigned> position_table_generation(const Xapian::Database& db);

/// The header value for generation `generation` of the form this bahth writes.
std::string position_table_header(unsigned generation);

/// The keys of `term`'s chunks in generation `generation` all start with this.
std::string position_chunk_prefix(unsigned generation, std::string_view term);

/// The key of the chunk of `term` whose last article is `last`: the prefix, then `last` in four
/// bytes, most significant first (so a key iterator's skip_to(docid) lands on the chunk that can
/// hold that docid).
std::string position_chunk_key(unsigned generation, std::string_view term, Xapian::docid last);

/// Builds one term's chunks (kPositionTableForm), articles given in increasing docid order.
class PositionChunkBuilder {
 public:
  /// Adds an article and its positions (sorted, without repeats); true when the chunk is full
  /// and should be taken.
  bool add(Xapian::docid did, const std::vector<Xapian::termpos>& positions);
  /// The same with the positions encoded as a chunk holds them (encode_positions).
  bool add_encoded(Xapian::docid did, std::string_view positions);
  bool empty() const { return articles_ == 0; }
  Xapian::docid last() const { return last_; }
  /// The chunk's bytes; starts the next.
  std::string take();

 private:
  std::string chunk_;
  std::size_t articles_ = 0;
  Xapian::docid last_ = 0;
  std::string scratch_;
};

/// One term's positions in a table, read in docid order (asked about an earlier docid, it starts
/// again from the term's first chunk).
class PositionCursor {
 public:
  PositionCursor(const Xapian::Database& db, PositionTable table, const std::string& term);

  /// Appends the positions of article `did` to `out`; false when the table has none for it.
  /// Throws IndexError when a chunk is damaged.
  bool positions(Xapian::docid did, std::vector<Xapian::termpos>& out);

 private:
  // Loads the chunk that can hold `did`; false when the term has none.
  bool load_chunk_for(Xapian::docid did);
  // Decodes the next article's docid and positions' length; false at the chunk's end.
  bool next_article();

  Xapian::Database db_;
  unsigned form_;
  std::string prefix_;
  Xapian::TermIterator keys_;
  bool keys_open_ = false;
  std::string chunk_;
  Xapian::docid chunk_last_ = 0;  // 0: no chunk loaded
  std::size_t at_ = 0;            // in chunk_, after the current article's header
  Xapian::docid article_ = 0;     // the current article (0: none decoded yet)
  std::size_t length_ = 0;        // its positions' bytes, from at_
  bool exhausted_ = false;        // no chunk past the last one loaded
  Xapian::docid asked_ = 0;       // the last article asked about
};

/// Appends `positions` (sorted, without repeats) to `out` as a chunk holds them: the first in
/// full, then the gaps, varints.
void encode_positions(const std::vector<Xapian::termpos>& positions, std::string& out);

/// Before the batch number in the key of a part's batch (after kPositionChunkMark).
inline constexpr char kPositionBatchMark = 'b';
/// About the size of one metadata item of a batch (the merge holds one per batch).
inline constexpr std::size_t kPositionBatchPieceBytes = std::size_t{64} * 1024;

/// The key of piece `piece` of batch `batch`.
std::string position_batch_key(std::uint32_t batch, std::uint32_t piece);

/// The positions a part of a first build keeps aside between two commits: articles given in
/// increasing docid order.
class PositionBatch {
 public:
  /// Adds the positions of `term` in article `did`, encoded (encode_positions).
  void add(std::string_view term, Xapian::docid did, std::string_view positions);
  bool empty() const { return terms_.empty(); }
  /// Sets the batch's pieces as batch `batch` in `db`'s metadata (for its next commit), and
  /// empties it.
  void write(Xapian::WritableDatabase& db, std::uint32_t batch);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Articles {
    std::string bytes;
    Xapian::docid last = 0;
  };
  std::unordered_map<std::string, Articles, Hash, std::equal_to<>> terms_;
};

/// Whether `part` keeps positions aside (PositionBatch).
bool has_position_batches(const Xapian::Database& part);

struct PartsPositionTable {
  std::size_t terms = 0;    // with positions
  std::size_t chunks = 0;   // written
  std::uint64_t items = 0;  // (term, article) pairs
};

/// Writes into `side` (the metadata the merge of `parts`, compacted in this order with Xapian's
/// renumbering, merges in) generation 1 of the table from the parts' batches, in the merged
/// docids, with its header, and sets each batch item's key to `dropped` (which the merge leaves
/// out). Articles deleted from a part since (a replaced version) are left out. Throws IndexError
/// when a batch is damaged.
PartsPositionTable write_position_table_of_parts(const std::vector<Xapian::Database>& parts,
                                                 Xapian::WritableDatabase& side,
                                                 std::string_view dropped);

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_POSITION_TABLE_H_
