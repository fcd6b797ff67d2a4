#include "lexicon_table.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace bahth::detail::lexicon_table {
namespace {

struct Line {
  std::string_view word;
  std::uint32_t count = 0;
  std::uint8_t flags = 0;
  std::size_t line_number = 0;
};

[[noreturn]] void fail(std::size_t line_number, const std::string& why) {
  throw std::invalid_argument("line " + std::to_string(line_number) + ": " + why);
}

Line parse_line(std::string_view line, std::size_t line_number) {
  const std::size_t tab = line.find('\t');
  if (tab == 0 || tab == std::string_view::npos) fail(line_number, "expected word TAB count");
  Line out;
  out.line_number = line_number;
  out.word = line.substr(0, tab);
  if (out.word.size() > kMaxWordBytes) fail(line_number, "word longer than 255 bytes");
  std::size_t at = tab + 1;
  const std::size_t digits_start = at;
  std::uint64_t count = 0;
  for (; at < line.size() && line[at] >= '0' && line[at] <= '9'; ++at) {
    count = count * 10 + static_cast<std::uint64_t>(line[at] - '0');
    if (count > UINT32_MAX) fail(line_number, "count too large");
  }
  if (at == digits_start) fail(line_number, "expected a count after the word");
  out.count = static_cast<std::uint32_t>(count);
  if (at == line.size()) return out;
  if (line[at] != '\t') fail(line_number, "expected TAB flags after the count");
  for (++at; at < line.size(); ++at) {
    if (line[at] == 'd') {
      out.flags |= kBaseWordFlag;
    } else if (line[at] == 'y') {
      out.flags |= kFinalMaqsuraFlag;
    } else if (line[at] == 'p') {
      out.flags |= kPlaceNameFlag;
    } else if (line[at] == 'n') {
      out.flags |= kNameFlag;
    } else {
      fail(line_number, "unknown flag (expected d, y, p or n)");
    }
  }
  return out;
}

std::vector<Line> parse(std::string_view text) {
  std::vector<Line> lines;
  std::size_t at = 0;
  for (std::size_t line_number = 1; at < text.size(); ++line_number) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.front() != '#') lines.push_back(parse_line(line, line_number));
    at = end + 1;
  }
  return lines;
}

void put_u32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

std::string build(std::string_view text) {
  const std::vector<Line> lines = parse(text);
  unsigned slot_bits = 4;
  while (static_cast<double>(lines.size()) > kMaxLoad * static_cast<double>(1ULL << slot_bits)) {
    ++slot_bits;
  }
  const std::size_t slot_count = std::size_t{1} << slot_bits;

  std::string entries(1, '\0');  // offset 0 marks an empty slot
  std::string table(kHeaderSize + slot_count * kSlotSize, '\0');
  const auto slot_at = [&](std::size_t i) { return kHeaderSize + i * kSlotSize; };
  for (const Line& line : lines) {
    const std::uint64_t h = hash(line.word);
    std::size_t i = h & (slot_count - 1);
    for (;; i = (i + 1) & (slot_count - 1)) {
      const auto* slot = reinterpret_cast<const unsigned char*>(table.data() + slot_at(i));
      const std::uint32_t offset = load_u32(slot + 4);
      if (offset == 0) break;
      const auto* entry = reinterpret_cast<const unsigned char*>(entries.data() + offset);
      if (entry[0] == line.word.size() &&
          std::memcmp(entry + kEntryHeaderSize, line.word.data(), line.word.size()) == 0) {
        fail(line.line_number, "word repeated: " + std::string(line.word));
      }
    }
    if (entries.size() > UINT32_MAX - kEntryHeaderSize - kMaxWordBytes) {
      throw std::invalid_argument("lexicon too large");
    }
    put_u32(table, slot_at(i), static_cast<std::uint32_t>(h >> 32));
    put_u32(table, slot_at(i) + 4, static_cast<std::uint32_t>(entries.size()));
    const std::size_t at = entries.size();
    entries.resize(at + kEntryHeaderSize);
    entries[at] = static_cast<char>(line.word.size());
    entries[at + 1] = static_cast<char>(line.flags);
    put_u32(entries, at + 2, line.count);
    entries.append(line.word);
  }

  table.replace(0, kTableMagic.size(), kTableMagic);
  put_u32(table, 8, slot_bits);
  put_u32(table, 12, static_cast<std::uint32_t>(lines.size()));
  put_u32(table, 16, static_cast<std::uint32_t>(table.size()));
  put_u32(table, 20, static_cast<std::uint32_t>(entries.size()));
  table.append(entries);
  return table;
}

}  // namespace bahth::detail::lexicon_table
