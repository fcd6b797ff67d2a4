#include "position_table_writer.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/position_table.h"
#include "schema/schema.h"
#include "store/store.h"

namespace bahth::index {
namespace {

// The positions of (term, article) from Xapian, or else from the old table.
class PositionSource {
 public:
  explicit PositionSource(const Xapian::Database& db) : db_(db), old_(schema::position_table(db)) {}

  void start_term(const std::string& term) {
    if (old_) cursor_ = std::make_unique<schema::PositionCursor>(db_, *old_, term);
  }

  // Fills `out` (cleared) with the article's positions; empty when neither has any.
  void read(const Xapian::PostingIterator& posting, std::vector<Xapian::termpos>& out) {
    out.clear();
    for (auto p = posting.positionlist_begin(); p != posting.positionlist_end(); ++p) {
      out.push_back(*p);
    }
    if (out.empty() && cursor_) cursor_->positions(*posting, out);
  }

  std::optional<unsigned> old_generation() const {
    return old_ ? std::optional<unsigned>(old_->generation) : std::nullopt;
  }

 private:
  Xapian::Database db_;
  std::optional<schema::PositionTable> old_;
  std::unique_ptr<schema::PositionCursor> cursor_;
};

}  // namespace

PositionTableReport write_position_table(const Xapian::Database& source,
                                         Xapian::docid renumbered_by,
                                         Xapian::WritableDatabase& side) {
  const auto start = std::chrono::steady_clock::now();
  PositionTableReport report;
  PositionSource positions_of(source);
  const std::optional<unsigned> old = positions_of.old_generation();
  const unsigned generation = old ? *old + 1 : 1;
  std::vector<Xapian::termpos> positions;
  schema::PositionChunkBuilder builder;
  auto take_chunk = [&](const std::string& term) {
    const Xapian::docid last = builder.last();
    const std::string chunk = builder.take();
    report.bytes += chunk.size();
    ++report.chunks;
    side.set_metadata(schema::position_chunk_key(generation, term, last), chunk);
  };
  const std::string prefix(schema::kStemPrefix);
  for (auto term = source.allterms_begin(prefix); term != source.allterms_end(prefix); ++term) {
    const std::string name = *term;
    positions_of.start_term(name);
    bool any = false;
    for (auto posting = source.postlist_begin(name); posting != source.postlist_end(name);
         ++posting) {
      positions_of.read(posting, positions);
      if (positions.empty()) continue;
      any = true;
      ++report.items;
      if (builder.add(*posting - renumbered_by, positions)) take_chunk(name);
    }
    if (!builder.empty()) take_chunk(name);
    if (any) ++report.terms;
  }
  if (old) {
    const std::string old_prefix = schema::position_chunk_prefix(*old, "").substr(0, 2);
    for (auto key = source.metadata_keys_begin(old_prefix);
         key != source.metadata_keys_end(old_prefix); ++key) {
      side.set_metadata(*key, std::string(store::Writer::kDroppedMetadata));
    }
  }
  side.set_metadata(std::string(schema::kMetaPositionTable),
                    schema::position_table_header(generation));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace bahth::index
