// bahth/synonyms.h: the user's synonyms (داعش = تنظيم الدولة الإسلامية), read from a file for
// `bahth index --synonyms FILE` and `bahth synonyms`, stored in the index, applied at query time.
#ifndef BAHTH_SYNONYMS_H_
#define BAHTH_SYNONYMS_H_

#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <vector>   // std::vector

namespace bahth {

/// Most groups one file may hold, and entries one group may hold: a query reads them all.
inline constexpr std::size_t kMaxSynonymGroups = 10000;
inline constexpr std::size_t kMaxSynonymEntries = 32;
/// Most words one entry may have (an entry of several words is searched as a phrase).
inline constexpr std::size_t kMaxSynonymEntryWords = 8;

/// A synonyms file read: its groups (each entry normalized as the index normalizes text, words
/// separated by one space) and the lines it left out, each as "FILE:LINE: reason".
struct SynonymList {
  std::vector<std::vector<std::string>> groups;
  std::vector<std::string> bad_lines;
};

/// Reads `text` as a synonyms file named `name` (for messages): one group a line, its entries (a
/// word or a phrase) separated by commas (`,` or the Arabic `،`), `#` to the end of a line a
/// comment, blank lines ignored. A line with fewer than two entries, an empty entry, an entry of
/// more than kMaxSynonymEntryWords words, more than kMaxSynonymEntries entries, or invalid UTF-8 is
/// left out and reported. Throws UsageError naming the file when it holds more than
/// kMaxSynonymGroups groups.
SynonymList parse_synonyms(const std::string& text, const std::string& name);

/// parse_synonyms of the file at `path`. Throws UsageError naming it when it cannot be read.
SynonymList read_synonym_file(const std::string& path);

}  // namespace bahth

#endif  // BAHTH_SYNONYMS_H_
