// The word list the light stemmer consults: data/lexicon-ar.txt (scripts/build-lexicon.sh),
// compiled into the library. Base words of Debian's hunspell-ar and ICU's Arabic place names,
// and how often each normalized word occurs in the news corpora the file was built from.
#ifndef BAHTH_ANALYSIS_LEXICON_H_
#define BAHTH_ANALYSIS_LEXICON_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace bahth::detail {

/// Version of data/lexicon-ar.txt and of how the stemmer reads it: part of the light stemmer's
/// name, which every index records, so an index built with another lexicon is detected.
inline constexpr std::string_view kLexiconVersion = "lex1";

/// What the lexicon says of one normalized word; all zero/false for a word it does not hold.
struct LexiconEntry {
  std::uint32_t count = 0;     // occurrences in the corpora
  bool base_word = false;      // a base word of the dictionary or an ICU place name
  bool final_maqsura = false;  // its final ي is an alef maqsura (مستشفى), never a suffix
};

class Lexicon {
 public:
  /// The compiled-in lexicon, parsed on first use (thread-safe).
  static const Lexicon& instance();

  /// Parses text in the format of data/lexicon-ar.txt. `text` must outlive the lexicon.
  explicit Lexicon(std::string_view text);

  /// The entry of `word` (normalized UTF-8), by binary search.
  LexiconEntry find(std::string_view word) const;

  std::size_t size() const { return lines_.size(); }

 private:
  std::vector<std::string_view> lines_;  // the data lines, sorted by bytes
};

}  // namespace bahth::detail

#endif  // BAHTH_ANALYSIS_LEXICON_H_
