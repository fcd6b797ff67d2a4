#include "correction_display.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/utf8.h"
#include "did_you_mean.h"
#include "parsed_query.h"
#include "query_text.h"

namespace bahth::search {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";  // what normalize_query() splits words at

// Bytes of the UTF-8 character at `at` (1 for an invalid byte, which the normalizer replaces).
std::size_t character_bytes(std::string_view text, std::size_t at) {
  std::uint32_t code_point = 0;
  return std::max<std::size_t>(decode_utf8(text, at, code_point), 1);
}

std::vector<std::string_view> split_blanks(std::string_view text) {
  std::vector<std::string_view> chunks;
  for (std::size_t i = text.find_first_not_of(kBlanks); i != std::string_view::npos;) {
    const std::size_t end = std::min(text.find_first_of(kBlanks, i), text.size());
    chunks.push_back(text.substr(i, end - i));
    i = text.find_first_not_of(kBlanks, end);
  }
  return chunks;
}

// One character as typed and its normalized form (empty for a haraka or a tatweel).
struct Piece {
  std::string_view typed;
  std::string normalized;
};

// `chunk` (typed, without blanks) a character at a time with each one's normalized form; empty
// when these do not add up to `normalized`, the chunk's normalized form (a normalization that
// looks at more than one character).
std::vector<Piece> pieces_of(std::string_view chunk, std::string_view normalized) {
  std::vector<Piece> pieces;
  std::string joined;
  for (std::size_t at = 0; at < chunk.size();) {
    const std::string_view character = chunk.substr(at, character_bytes(chunk, at));
    pieces.push_back({character, normalize_query(character)});
    joined += pieces.back().normalized;
    at += character.size();
  }
  if (joined != normalized) pieces.clear();
  return pieces;
}

// Bytes `a` and `b` share at their start, ending between characters.
std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  while (n > 0 && n < a.size() && is_utf8_continuation(a[n])) --n;
  return n;
}

// Bytes `a` and `b` share at their end, at most `most`, starting between characters.
std::size_t common_suffix(std::string_view a, std::string_view b, std::size_t most) {
  std::size_t n = 0;
  while (n < most && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
  while (n > 0 && is_utf8_continuation(a[a.size() - n])) --n;
  return n;
}

// The characters of `written` (a word whose pieces normalize to `corrected`) that stand for the
// bytes [from, to) of `corrected`; empty when `written` is empty or its characters do not line
// up with those bytes.
std::string written_between(std::string_view written, std::string_view corrected, std::size_t from,
                            std::size_t to) {
  if (written.empty()) return {};
  const std::vector<Piece> pieces = pieces_of(written, corrected);
  std::string out;
  std::size_t at = 0;  // bytes of `corrected` that the pieces so far stand for
  for (const Piece& piece : pieces) {
    // Its harakat are left out: the typed ones around the middle stay (shown_chunk).
    if (piece.normalized.empty()) continue;
    if (at >= from && at + piece.normalized.size() <= to) {
      out += piece.typed;
    } else if (at < to && at + piece.normalized.size() > from) {
      return {};  // a character across a boundary
    }
    at += piece.normalized.size();
  }
  return at == corrected.size() ? out : std::string();
}

// The chunk `typed` (normalized: `normalized`) corrected to `corrected`: the typed characters
// before and after the letters that changed, the corrected letters between, as `written` (the
// corrected word as the index's articles write it, or empty) writes them when it can tell.
std::string shown_chunk(std::string_view typed, std::string_view normalized,
                        std::string_view corrected, std::string_view written = {}) {
  const std::vector<Piece> pieces = pieces_of(typed, normalized);
  if (pieces.empty()) return std::string(corrected);
  const std::size_t prefix = common_prefix(normalized, corrected);
  const std::size_t suffix =
      common_suffix(normalized, corrected, std::min(normalized.size(), corrected.size()) - prefix);
  // The typed characters whose normalized forms lie wholly in the shared start (a haraka goes
  // with the letter before it), then in the shared end.
  std::size_t first = 0;
  std::size_t kept_prefix = 0;
  while (first < pieces.size() && kept_prefix + pieces[first].normalized.size() <= prefix) {
    kept_prefix += pieces[first++].normalized.size();
  }
  std::size_t last = pieces.size();
  std::size_t kept_suffix = 0;
  while (last > first && kept_suffix + pieces[last - 1].normalized.size() <= suffix) {
    kept_suffix += pieces[--last].normalized.size();
  }
  std::string out;
  for (std::size_t i = 0; i < first; ++i) out += pieces[i].typed;
  const std::string middle =
      written_between(written, corrected, kept_prefix, corrected.size() - kept_suffix);
  out +=
      middle.empty() && kept_prefix + kept_suffix < corrected.size()
          ? std::string(corrected.substr(kept_prefix, corrected.size() - kept_prefix - kept_suffix))
          : middle;
  for (std::size_t i = last; i < pieces.size(); ++i) out += pieces[i].typed;
  return out;
}

}  // namespace

std::string shown_replacement(std::string_view typed, std::string_view normalized,
                              std::string_view replacement, std::string_view written) {
  std::string shown = shown_chunk(typed, normalized, replacement, written);
  if (normalize_query(shown) != replacement) return std::string(replacement);
  return shown;
}

std::string shown_correction(const ParsedQuery& query, std::string_view corrected) {
  // normalize_query() normalizes each blank-separated chunk of the query on its own and keeps
  // the blanks, and a correction replaces words within chunks: the chunks line up.
  const std::string_view typed = query.typed;
  const std::vector<std::string_view> corrected_chunks = split_blanks(corrected);
  std::size_t next = 0;
  std::string out;
  std::size_t shown = 0;  // bytes of `typed` accounted for in `out`
  for (const QueryChunk& at : query.chunks) {
    out.append(typed.substr(shown, at.typed_begin - shown));  // the blanks before the chunk
    const std::string_view chunk = typed.substr(at.typed_begin, at.typed_end - at.typed_begin);
    const std::string_view normalized =
        std::string_view(query.normalized)
            .substr(at.normalized_begin, at.normalized_end - at.normalized_begin);
    const std::vector<std::string_view> parts = split_blanks(normalized);  // "a..b" may split
    if (next + parts.size() > corrected_chunks.size()) return std::string(corrected);
    const bool changed = !std::equal(parts.begin(), parts.end(), corrected_chunks.begin() + next);
    if (!changed) {
      out.append(chunk);
    } else if (parts.size() == 1) {
      const std::string written =
          query.lookups ? query.lookups->written_form(corrected_chunks[next]) : std::string();
      out.append(shown_chunk(chunk, normalized, corrected_chunks[next], written));
    } else {
      for (std::size_t p = 0; p < parts.size(); ++p) {
        out.append(p > 0 ? " " : "").append(corrected_chunks[next + p]);
      }
    }
    next += parts.size();
    shown = at.typed_end;
  }
  out.append(typed.substr(shown));
  // Whatever went wrong in lining them up, what is shown must search what was corrected.
  if (next != corrected_chunks.size() || normalize_query(out) != corrected) {
    return std::string(corrected);
  }
  return out;
}

}  // namespace bahth::search
