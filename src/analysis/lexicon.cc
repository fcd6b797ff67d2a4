#include "lexicon.h"

#include <cstring>
#include <stdexcept>
#include <string_view>

#include "bahth/analyzer.h"
#include "lexicon_table.h"

namespace bahth::detail {

// The bytes of the table bahth_lexicon_generator built from data/lexicon-ar.txt
// (lexicon_table_data.cc, embedded by CMake's bahth_embed_file).
extern const std::string_view kLexiconTable;

const Lexicon& Lexicon::instance() {
  static const Lexicon lexicon(kLexiconTable);
  return lexicon;
}

Lexicon::Lexicon(std::string_view table) {
  namespace lt = lexicon_table;
  const auto* bytes = reinterpret_cast<const unsigned char*>(table.data());
  if (table.size() < lt::kHeaderSize ||
      table.substr(0, lt::kTableMagic.size()) != lt::kTableMagic) {
    throw std::invalid_argument("not a lexicon table (bahth_lexicon_generator's format)");
  }
  const std::uint32_t slot_bits = lt::load_u32(bytes + 8);
  const std::uint64_t slots_end =
      slot_bits < 32 ? lt::kHeaderSize + (std::uint64_t{1} << slot_bits) * lt::kSlotSize : 0;
  const std::uint64_t entries_offset = lt::load_u32(bytes + 16);
  const std::uint64_t entries_size = lt::load_u32(bytes + 20);
  size_ = lt::load_u32(bytes + 12);
  if (slots_end == 0 || entries_offset != slots_end ||
      entries_offset + entries_size != table.size() || size_ >= (std::uint64_t{1} << slot_bits)) {
    throw std::invalid_argument("lexicon table with inconsistent sizes");
  }
  slots_ = bytes + lt::kHeaderSize;
  entries_ = bytes + entries_offset;
  mask_ = (std::size_t{1} << slot_bits) - 1;
}

LexiconEntry Lexicon::find(std::string_view word) const {
  namespace lt = lexicon_table;
  LexiconEntry entry;
  if (word.size() > lt::kMaxWordBytes || slots_ == nullptr) return entry;
  const std::uint64_t h = lt::hash(word);
  const auto fingerprint = static_cast<std::uint32_t>(h >> 32);
  for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
    const unsigned char* slot = slots_ + i * lt::kSlotSize;
    const std::uint32_t offset = lt::load_u32(slot + 4);
    if (offset == 0) return entry;  // the table is never full: an empty slot ends every probe
    if (lt::load_u32(slot) != fingerprint) continue;
    const unsigned char* e = entries_ + offset;
    if (e[0] != word.size() ||
        std::memcmp(e + lt::kEntryHeaderSize, word.data(), word.size()) != 0) {
      continue;
    }
    entry.count = lt::load_u32(e + 2);
    entry.base_word = (e[1] & lt::kBaseWordFlag) != 0;
    entry.final_maqsura = (e[1] & lt::kFinalMaqsuraFlag) != 0;
    entry.place_name = (e[1] & lt::kPlaceNameFlag) != 0;
    entry.name = (e[1] & lt::kNameFlag) != 0;
    return entry;
  }
}

}  // namespace bahth::detail

namespace bahth {

bool is_dictionary_word(std::string_view normalized_word) {
  return detail::Lexicon::instance().find(normalized_word).base_word;
}

}  // namespace bahth
