// Cheap tests that rule a word out before it is normalized or stemmed: for a caller that looks
// for a few words in much text (search's snippets), not part of the analysis's contract
// (bahth/analyzer.h). Reached as "analysis/word_prefilter.h" through bahth_analysis_internals.
#ifndef BAHTH_ANALYSIS_WORD_PREFILTER_H_
#define BAHTH_ANALYSIS_WORD_PREFILTER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bahth {

/// A 64-bit summary of the bytes of `text`: bit (b mod 64) for every byte b, but for the lead
/// bytes D8 and D9 that nearly every Arabic letter has. If text holds a string `needle`, then
/// byte_signature(needle) is a subset of byte_signature(text): a cheap test that rules most words
/// out before any search for the needle.
std::uint64_t byte_signature(std::string_view text);

/// A superset of byte_signature(normalize(raw)), computed without normalizing `raw` (about a
/// sixth of the cost): lets a caller that looks for a few normalized strings skip, before their
/// normalization, the words that cannot contain any of them. It walks the normalizer's table
/// (normalizer.cc), so a change there changes it too; the tests check it covers normalize().
std::uint64_t normalized_byte_signature(std::string_view raw);

/// A run of `text` between ASCII white space, which no word spans and no normalization crosses
/// (the normalizer works chunk by chunk), with normalized_byte_signature() of it: a superset of
/// the signature of every word in it, since the signature of a text is that of its characters.
struct SignedChunk {
  std::size_t begin;  // begin == end == text.size(): no chunk is left
  std::size_t end;
  std::uint64_t signature;
};

/// The first chunk of `text` at or after `from`, in one pass over its bytes: for a caller that
/// skips the chunks holding no word it looks for, before tokenizing them.
SignedChunk next_signed_chunk(std::string_view text, std::size_t from);

/// The part of `stem` that every word stemming to it holds as it is, with a stemmer whose
/// stems_are_substrings() (bahth/analyzer.h): the stem without the ا of a leading ال (للصين and
/// الصين both hold لصين), else the whole stem.
std::string_view substring_of_words(std::string_view stem);

}  // namespace bahth

#endif  // BAHTH_ANALYSIS_WORD_PREFILTER_H_
