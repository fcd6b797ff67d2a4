// The word list the light stemmer consults: data/lexicon-ar.txt (scripts/build-lexicon.sh),
// compiled into the library as a read-only hash table (lexicon_table.h) by
// bahth_lexicon_generator. Base words of Debian's hunspell-ar, ICU's Arabic place names, the
// names of data/exonyms-en-ar.txt, and how often each normalized word occurs in the news
// corpora the file was built from.
#ifndef BAHTH_ANALYSIS_LEXICON_H_
#define BAHTH_ANALYSIS_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bahth::detail {

/// Version of data/lexicon-ar.txt and of how the stemmer reads it: part of the light stemmer's
/// name, which every index records, so an index built with another lexicon is detected. The
/// lexicon test checks the data file's SHA-256 against kLexiconSha256: a new lexicon needs a new
/// version.
inline constexpr std::string_view kLexiconVersion = "lex3";
inline constexpr std::string_view kLexiconSha256 =
    "74188c99aa79655f653ee9a61b1bb97c8ddc0a30a9218ac3666fa81c2dc9029f";

/// What the lexicon says of one normalized word; all zero/false for a word it does not hold.
struct LexiconEntry {
  std::uint32_t count = 0;     // occurrences in the corpora
  bool base_word = false;      // a base word of the dictionary or an ICU place name
  bool final_maqsura = false;  // its final ي is an alef maqsura (مستشفى), never a suffix
  bool place_name = false;     // a place name (ICU's, or one the corpora name a city): kept whole
  bool name = false;           // a name of the exonym table: kept whole, its article included
};

/// A view of a table built by lexicon_table::build; reads it in place, allocates nothing.
class Lexicon {
 public:
  /// The compiled-in lexicon: a view of bytes the loader mapped, checked once (thread-safe).
  static const Lexicon& instance();

  /// Views `table` (lexicon_table's layout), which must outlive the lexicon. Throws
  /// std::invalid_argument if it is not such a table.
  explicit Lexicon(std::string_view table);

  /// The entry of `word` (normalized UTF-8): one hash and, mostly, one probe.
  LexiconEntry find(std::string_view word) const;

  std::size_t size() const { return size_; }

 private:
  const unsigned char* slots_ = nullptr;
  const unsigned char* entries_ = nullptr;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace bahth::detail

#endif  // BAHTH_ANALYSIS_LEXICON_H_
