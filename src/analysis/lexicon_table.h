// The lexicon's compiled form: a hash table over the words of data/lexicon-ar.txt, built once
// at compile time by bahth_lexicon_generator and embedded in the library as read-only bytes, so
// that a process reads the words where they lie, with nothing to parse or allocate when it
// starts (a `bahth search` process used to parse 171,348 lines at every start).
//
// Layout (every integer little-endian, whatever the host):
//   header, kHeaderSize bytes: magic kTableMagic (8), slot bits, entry count, entries offset,
//     entries size (u32 each), 8 reserved zero bytes;
//   2^slot bits slots of 8 bytes: the word hash's upper 32 bits (a fingerprint, so that a probe
//     rarely reads a word that is not the one asked for), then the offset of the entry within
//     the entries (0: an empty slot; the entries begin with one unused byte);
//   entries: the word's byte length (u8), flags (u8: kBaseWordFlag, kFinalMaqsuraFlag,
//     kPlaceNameFlag, kNameFlag), its
//     corpus count (u32), then the word's bytes.
// Open addressing with linear probing from the hash's low bits; at most kMaxLoad of the slots
// are used, so a probe always meets an empty slot.
#ifndef BAHTH_ANALYSIS_LEXICON_TABLE_H_
#define BAHTH_ANALYSIS_LEXICON_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bahth::detail::lexicon_table {

inline constexpr std::string_view kTableMagic = "BHLEX001";
inline constexpr std::size_t kHeaderSize = 32;
inline constexpr std::size_t kSlotSize = 8;
inline constexpr std::size_t kEntryHeaderSize = 6;  // length, flags, count
inline constexpr std::size_t kMaxWordBytes = 255;
inline constexpr double kMaxLoad = 0.7;
inline constexpr std::uint8_t kBaseWordFlag = 1;
inline constexpr std::uint8_t kFinalMaqsuraFlag = 2;
inline constexpr std::uint8_t kPlaceNameFlag = 4;
inline constexpr std::uint8_t kNameFlag = 8;

inline std::uint32_t load_u32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

inline std::uint64_t mix(std::uint64_t x) {
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 29);
}

/// The hash the generator and the reader share: eight bytes at a time, byte order fixed.
inline std::uint64_t hash(std::string_view word) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ word.size();
  std::size_t at = 0;
  for (; at + 8 <= word.size(); at += 8) {
    std::uint64_t chunk = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      chunk |= std::uint64_t{static_cast<unsigned char>(word[at + i])} << (8 * i);
    }
    h = mix(h ^ chunk);
  }
  std::uint64_t tail = 0;
  for (std::size_t i = 0; at + i < word.size(); ++i) {
    tail |= std::uint64_t{static_cast<unsigned char>(word[at + i])} << (8 * i);
  }
  return mix(h ^ tail);
}

/// Builds the table from text in the format of data/lexicon-ar.txt ("word TAB count [TAB
/// flags]" lines, '#' comments). Throws std::invalid_argument naming the line of a malformed or
/// repeated word.
std::string build(std::string_view text);

}  // namespace bahth::detail::lexicon_table

#endif  // BAHTH_ANALYSIS_LEXICON_TABLE_H_
