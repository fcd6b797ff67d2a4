// varint.h: the one variable-length integer form of everything schema writes into an index
// (stored articles, their compressed records, champion lists): 7 bits a byte, low bits first,
// the high bit set on every byte but the last.
#ifndef BAHTH_SCHEMA_VARINT_H_
#define BAHTH_SCHEMA_VARINT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bahth::schema {

inline void put_varint(std::uint64_t n, std::string& out) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7F) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

/// The varint at `pos`, moving `pos` past it; nullopt when the data ends inside it or it runs
/// past 64 bits. The caller names the damage: each record kind says what to do about it.
inline std::optional<std::uint64_t> get_varint(std::string_view data, std::size_t& pos) {
  std::uint64_t n = 0;
  for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(data[pos++]);
    n |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return n;
  }
  return std::nullopt;
}

}  // namespace bahth::schema

#endif  // BAHTH_SCHEMA_VARINT_H_
