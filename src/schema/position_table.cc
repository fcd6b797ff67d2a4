#include "position_table.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <utility>

#include "bahth/error.h"
#include "varint.h"

namespace bahth::schema {
namespace {

void put_docid(Xapian::docid did, std::string& out) {
  out.push_back(static_cast<char>((did >> 24) & 0xFF));
  out.push_back(static_cast<char>((did >> 16) & 0xFF));
  out.push_back(static_cast<char>((did >> 8) & 0xFF));
  out.push_back(static_cast<char>(did & 0xFF));
}

Xapian::docid get_docid(std::string_view four) {
  Xapian::docid did = 0;
  for (const char byte : four) did = (did << 8) | static_cast<unsigned char>(byte);
  return did;
}

[[noreturn]] void damaged(const std::string& prefix) {
  throw IndexError("the index", "a chunk of the position table is damaged (" + prefix.substr(2) +
                                    "); compact the index again with 'bahth compact'");
}

}  // namespace

std::optional<PositionTable> position_table(const Xapian::Database& db) {
  const std::string header = db.get_metadata(std::string(kMetaPositionTable));
  if (header.empty()) return std::nullopt;
  const std::size_t colon = header.find(':');
  const auto number = [](std::string_view digits) -> std::optional<unsigned> {
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    return static_cast<unsigned>(std::stoul(std::string(digits)));
  };
  const std::optional<unsigned> form =
      colon == std::string::npos ? std::nullopt : number(std::string_view(header).substr(0, colon));
  const std::optional<unsigned> generation =
      colon == std::string::npos ? std::nullopt
                                 : number(std::string_view(header).substr(colon + 1));
  if (!form || !generation || (*form != kPositionTableForm && *form != kPositionTableOldForm)) {
    throw IndexError("the index", "its position table is of a form this bahth cannot read (" +
                                      header + "); use a newer bahth");
  }
  return PositionTable{*form, *generation};
}

std::optional<unsigned> position_table_generation(const Xapian::Database& db) {
  const std::optional<PositionTable> table = position_table(db);
  if (!table) return std::nullopt;
  return table->generation;
}

std::string position_table_header(unsigned generation) {
  return std::to_string(kPositionTableForm) + ":" + std::to_string(generation);
}

std::string position_chunk_prefix(unsigned generation, std::string_view term) {
  std::string prefix(1, kPositionChunkMark);
  prefix.push_back(static_cast<char>('0' + generation % 2));  // two generations live at most
  prefix.append(term);
  prefix.push_back('\0');
  return prefix;
}

std::string position_chunk_key(unsigned generation, std::string_view term, Xapian::docid last) {
  std::string key = position_chunk_prefix(generation, term);
  put_docid(last, key);
  return key;
}

void encode_positions(const std::vector<Xapian::termpos>& positions, std::string& out) {
  Xapian::termpos previous = 0;
  for (const Xapian::termpos position : positions) {
    put_varint(position - previous, out);
    previous = position;
  }
}

bool PositionChunkBuilder::add(Xapian::docid did, const std::vector<Xapian::termpos>& positions) {
  scratch_.clear();
  encode_positions(positions, scratch_);
  return add_encoded(did, scratch_);
}

bool PositionChunkBuilder::add_encoded(Xapian::docid did, std::string_view positions) {
  // Each position's varint ends with the one byte below 0x80.
  const auto count =
      static_cast<std::uint64_t>(std::count_if(positions.begin(), positions.end(), [](char byte) {
        return (static_cast<unsigned char>(byte) & 0x80) == 0;
      }));
  const std::uint64_t gap = did - last_;  // the first of a chunk: last_ is 0, the docid itself
  put_varint(gap << 2 | (std::min<std::uint64_t>(count, 4) - 1), chunk_);
  if (count >= 4) put_varint(count - 4, chunk_);
  chunk_ += positions;
  last_ = did;
  return ++articles_ >= kPositionChunkArticles;
}

std::string PositionChunkBuilder::take() {
  std::string chunk;
  chunk.swap(chunk_);
  articles_ = 0;
  last_ = 0;
  return chunk;
}

PositionCursor::PositionCursor(const Xapian::Database& db, PositionTable table,
                               const std::string& term)
    : db_(db), form_(table.form), prefix_(position_chunk_prefix(table.generation, term)) {}

bool PositionCursor::load_chunk_for(Xapian::docid did) {
  if (exhausted_) return false;
  if (!keys_open_) {
    keys_ = db_.metadata_keys_begin(prefix_);
    keys_open_ = true;
  }
  std::string wanted = prefix_;
  put_docid(did, wanted);
  keys_.skip_to(wanted);
  if (keys_ == db_.metadata_keys_end(prefix_)) {
    exhausted_ = true;
    chunk_last_ = 0;
    return false;
  }
  const std::string key = *keys_;
  if (key.size() != prefix_.size() + 4) damaged(prefix_);
  chunk_last_ = get_docid(std::string_view(key).substr(prefix_.size()));
  chunk_ = db_.get_metadata(key);
  at_ = 0;
  article_ = 0;
  length_ = 0;
  return true;
}

bool PositionCursor::next_article() {
  at_ += length_;
  if (at_ >= chunk_.size()) return false;
  if (form_ == kPositionTableOldForm) {
    const std::optional<std::uint64_t> gap = get_varint(chunk_, at_);
    const std::optional<std::uint64_t> length = get_varint(chunk_, at_);
    if (!gap || !length || *gap == 0 || *length > chunk_.size() - at_) damaged(prefix_);
    article_ += static_cast<Xapian::docid>(*gap);
    length_ = static_cast<std::size_t>(*length);
    return true;
  }
  const std::optional<std::uint64_t> header = get_varint(chunk_, at_);
  if (!header || *header >> 2 == 0 || *header >> 2 > UINT32_MAX) damaged(prefix_);
  std::uint64_t count = (*header & 3) + 1;
  if (count == 4) {
    const std::optional<std::uint64_t> more = get_varint(chunk_, at_);
    if (!more || *more > chunk_.size()) damaged(prefix_);
    count += *more;
  }
  article_ += static_cast<Xapian::docid>(*header >> 2);
  // The positions' bytes: up to the end of the count-th varint.
  std::size_t end = at_;
  for (; count > 0; ++end) {
    if (end == chunk_.size()) damaged(prefix_);
    if ((static_cast<unsigned char>(chunk_[end]) & 0x80) == 0) --count;
  }
  length_ = end - at_;
  return true;
}

bool PositionCursor::positions(Xapian::docid did, std::vector<Xapian::termpos>& out) {
  if (did < asked_) {
    // Asked about an earlier article: from the term's first chunk again.
    keys_open_ = false;
    exhausted_ = false;
    chunk_last_ = 0;
  }
  asked_ = did;
  if (chunk_last_ == 0 || did > chunk_last_) {
    if (!load_chunk_for(did)) return false;
  }
  while (article_ < did) {
    if (!next_article()) damaged(prefix_);  // the chunk's key says it reaches chunk_last_
  }
  if (article_ != did) return false;
  const std::string_view bytes = std::string_view(chunk_).substr(at_, length_);
  std::size_t at = 0;
  Xapian::termpos position = 0;
  while (at < bytes.size()) {
    const std::optional<std::uint64_t> gap = get_varint(bytes, at);
    if (!gap) damaged(prefix_);
    position += static_cast<Xapian::termpos>(*gap);
    out.push_back(position);
  }
  return true;
}

namespace {

std::string position_batch_prefix() { return {kPositionChunkMark, kPositionBatchMark}; }

[[noreturn]] void batch_damaged(const std::string& /*key*/) {
  throw IndexError("the index",
                   "the positions a part of the first build kept aside are damaged; delete the "
                   "build's parts directory (PATH.bahth-parts) and index again");
}

}  // namespace

std::string position_batch_key(std::uint32_t batch, std::uint32_t piece) {
  std::string key = position_batch_prefix();
  put_docid(batch, key);
  put_docid(piece, key);
  return key;
}

void PositionBatch::add(std::string_view term, Xapian::docid did, std::string_view positions) {
  auto found = terms_.find(term);
  if (found == terms_.end()) found = terms_.emplace(std::string(term), Articles{}).first;
  Articles& articles = found->second;
  put_varint(did - articles.last, articles.bytes);  // the first: the docid itself
  put_varint(positions.size(), articles.bytes);
  articles.bytes += positions;
  articles.last = did;
}

void PositionBatch::write(Xapian::WritableDatabase& db, std::uint32_t batch) {
  std::vector<std::pair<std::string_view, const std::string*>> sorted;
  sorted.reserve(terms_.size());
  for (const auto& [term, articles] : terms_) sorted.emplace_back(term, &articles.bytes);
  std::sort(sorted.begin(), sorted.end());
  std::string piece;
  std::uint32_t pieces = 0;
  for (const auto& [term, bytes] : sorted) {
    put_varint(term.size(), piece);
    piece += term;
    put_varint(bytes->size(), piece);
    piece += *bytes;
    if (piece.size() >= kPositionBatchPieceBytes) {
      db.set_metadata(position_batch_key(batch, pieces++), piece);
      piece.clear();
    }
  }
  if (!piece.empty()) db.set_metadata(position_batch_key(batch, pieces), piece);
  terms_.clear();
}

bool has_position_batches(const Xapian::Database& part) {
  const std::string prefix = position_batch_prefix();
  return part.metadata_keys_begin(prefix) != part.metadata_keys_end(prefix);
}

namespace {

// One batch of one part, read term by term, a piece at a time.
class BatchReader {
 public:
  BatchReader(const Xapian::Database& db, std::vector<std::string> keys, std::size_t part,
              std::size_t order)
      : db_(db), keys_(std::move(keys)), part_(part), order_(order) {}

  // To the next term; false after the last.
  bool next() {
    while (at_ >= piece_.size()) {
      if (next_key_ == keys_.size()) return false;
      key_ = keys_[next_key_++];
      piece_ = db_.get_metadata(key_);
      at_ = 0;
    }
    const std::string_view piece(piece_);
    const std::optional<std::uint64_t> term_length = get_varint(piece, at_);
    if (!term_length || *term_length > piece.size() - at_) batch_damaged(key_);
    term_.assign(piece.substr(at_, *term_length));
    at_ += *term_length;
    const std::optional<std::uint64_t> length = get_varint(piece, at_);
    if (!length || *length > piece.size() - at_) batch_damaged(key_);
    articles_ = piece.substr(at_, *length);
    at_ += *length;
    return true;
  }

  const std::string& term() const { return term_; }
  std::string_view articles() const { return articles_; }  // valid until next()
  const std::string& key() const { return key_; }
  std::size_t part() const { return part_; }
  std::size_t order() const { return order_; }

 private:
  Xapian::Database db_;
  std::vector<std::string> keys_;
  std::size_t part_;
  std::size_t order_;  // of the batch among all parts' batches, in the merged docids' order
  std::size_t next_key_ = 0;
  std::string key_;
  std::string piece_;
  std::size_t at_ = 0;
  std::string term_;
  std::string_view articles_;
};

// Where the compaction of the parts in order puts each part's articles: Xapian's renumbering
// closes the gap before each part's first article and starts the next part after its last one
// (xapian-core's Compactor: offset, used_ranges).
struct PartDocids {
  Xapian::docid offset = 0;
  std::vector<bool> present;  // by the part's docid
};

std::vector<PartDocids> docids_of(const std::vector<Xapian::Database>& parts) {
  std::vector<PartDocids> out(parts.size());
  Xapian::docid total = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Xapian::Database& part = parts[i];
    out[i].present.assign(static_cast<std::size_t>(part.get_lastdocid()) + 1, false);
    Xapian::docid first = 0;
    Xapian::docid last = 0;
    for (auto it = part.postlist_begin(""); it != part.postlist_end(""); ++it) {
      if (first == 0) first = *it;
      last = *it;
      out[i].present[*it] = true;
    }
    if (first != 0) total -= first - 1;  // unsigned: wraps as Xapian's does
    out[i].offset = total;
    total += last;
  }
  return out;
}

}  // namespace

PartsPositionTable write_position_table_of_parts(const std::vector<Xapian::Database>& parts,
                                                 Xapian::WritableDatabase& side,
                                                 std::string_view dropped) {
  PartsPositionTable report;
  constexpr unsigned kGeneration = 1;
  const std::vector<PartDocids> docids = docids_of(parts);
  const std::string prefix = position_batch_prefix();
  const std::string dropped_value(dropped);
  std::vector<std::unique_ptr<BatchReader>> readers;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::vector<std::string> keys;
    for (auto key = parts[i].metadata_keys_begin(prefix); key != parts[i].metadata_keys_end(prefix);
         ++key) {
      const std::string name = *key;
      if (name.size() != prefix.size() + 8) batch_damaged(name);
      side.set_metadata(name, dropped_value);
      // A new batch when its number changes (the keys sort by batch, then piece).
      if (!keys.empty() &&
          keys.back().compare(0, prefix.size() + 4, name, 0, prefix.size() + 4) != 0) {
        readers.push_back(
            std::make_unique<BatchReader>(parts[i], std::move(keys), i, readers.size()));
        keys.clear();
      }
      keys.push_back(name);
    }
    if (!keys.empty()) {
      readers.push_back(
          std::make_unique<BatchReader>(parts[i], std::move(keys), i, readers.size()));
    }
  }
  // The batches by their current term, then their order: a term's articles come out in the
  // merged docids' order.
  const auto later = [](const BatchReader* a, const BatchReader* b) {
    const int order = a->term().compare(b->term());
    return order != 0 ? order > 0 : a->order() > b->order();
  };
  std::priority_queue<BatchReader*, std::vector<BatchReader*>, decltype(later)> queue(later);
  for (const auto& reader : readers) {
    if (reader->next()) queue.push(reader.get());
  }
  PositionChunkBuilder builder;
  std::string term;
  Xapian::docid last_written = 0;
  auto take_chunk = [&] {
    const Xapian::docid last = builder.last();
    side.set_metadata(position_chunk_key(kGeneration, term, last), builder.take());
    ++report.chunks;
  };
  while (!queue.empty()) {
    BatchReader* reader = queue.top();
    queue.pop();
    if (reader->term() != term) {
      if (!builder.empty()) take_chunk();
      term = reader->term();
      last_written = 0;
      ++report.terms;
    }
    const PartDocids& part = docids[reader->part()];
    const std::string_view bytes = reader->articles();
    Xapian::docid local = 0;
    for (std::size_t at = 0; at < bytes.size();) {
      const std::optional<std::uint64_t> gap = get_varint(bytes, at);
      const std::optional<std::uint64_t> length = get_varint(bytes, at);
      if (!gap || !length || *gap == 0 || *length > bytes.size() - at) {
        batch_damaged(reader->key());
      }
      local += static_cast<Xapian::docid>(*gap);
      const std::string_view positions = bytes.substr(at, *length);
      at += *length;
      // Deleted since (an article given twice: its first version).
      if (local >= part.present.size() || !part.present[local]) continue;
      const Xapian::docid merged = local + part.offset;
      if (merged <= last_written) batch_damaged(reader->key());
      last_written = merged;
      ++report.items;
      if (builder.add_encoded(merged, positions)) take_chunk();
    }
    if (reader->next()) queue.push(reader);
  }
  if (!builder.empty()) take_chunk();
  side.set_metadata(std::string(kMetaPositionTable), position_table_header(kGeneration));
  return report;
}

}  // namespace bahth::schema
