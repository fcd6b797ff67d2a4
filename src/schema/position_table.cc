#include "position_table.h"

#include <cstdint>
#include <string>

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

std::optional<unsigned> position_table_generation(const Xapian::Database& db) {
  const std::string header = db.get_metadata(std::string(kMetaPositionTable));
  if (header.empty()) return std::nullopt;
  const std::string form = std::string(kPositionTableForm) + ":";
  if (!header.starts_with(form) || header.size() == form.size() ||
      header.find_first_not_of("0123456789", form.size()) != std::string::npos) {
    throw IndexError("the index", "its position table is of a form this bahth cannot read (" +
                                      header + "); use a newer bahth");
  }
  return static_cast<unsigned>(std::stoul(header.substr(form.size())));
}

std::string position_table_header(unsigned generation) {
  return std::string(kPositionTableForm) + ":" + std::to_string(generation);
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

bool PositionChunkBuilder::add(Xapian::docid did, const std::vector<Xapian::termpos>& positions) {
  scratch_.clear();
  Xapian::termpos previous = 0;
  for (const Xapian::termpos position : positions) {
    put_varint(position - previous, scratch_);
    previous = position;
  }
  put_varint(did - last_, chunk_);  // the first of a chunk: last_ is 0, the docid itself
  put_varint(scratch_.size(), chunk_);
  chunk_ += scratch_;
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

PositionCursor::PositionCursor(const Xapian::Database& db, unsigned generation,
                               const std::string& term)
    : db_(db), prefix_(position_chunk_prefix(generation, term)) {}

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
  const std::optional<std::uint64_t> gap = get_varint(chunk_, at_);
  const std::optional<std::uint64_t> length = get_varint(chunk_, at_);
  if (!gap || !length || *gap == 0 || *length > chunk_.size() - at_) damaged(prefix_);
  article_ += static_cast<Xapian::docid>(*gap);
  length_ = static_cast<std::size_t>(*length);
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

}  // namespace bahth::schema
