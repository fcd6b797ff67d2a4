// A stem or normalized word of the index as a reader writes it: the notes that say what a query was
// also searched as (a Latin name's Arabic spellings, transliteration.h) name words, not stems. خليف
// and عبد ملك are how the index finds خليفة and عبد الملك, not what anyone types.
#ifndef BAHTH_SEARCH_READABLE_SPELLING_H_
#define BAHTH_SEARCH_READABLE_SPELLING_H_

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "bahth/analyzer.h"
#include "schema/stored_text.h"

namespace bahth::search {

/// How many articles readable_spelling() reads at most: the words of a name or place repeat
/// within an article, so a few give its usual form, and each costs a decompression (0.1-0.3 ms).
inline constexpr Xapian::doccount kReadableSpellingArticles = 3;
/// ...and stops reading once this many of its words were seen: most often in the first article.
inline constexpr std::size_t kEnoughForms = 4;

/// The most frequent form, as written in the first kReadableSpellingArticles articles that hold
/// it, of the words that `analyzer` analyses to `match` (a stem of the index's unprefixed field,
/// or several separated by transliteration.h's kPhraseSeparator, a phrase of consecutive words):
/// خليفة for خليف, عبد الملك for عبد ملك. `match` itself when no article shows it (an
/// article's stored text unreadable, or a phrase broken by punctuation only).
std::string readable_spelling(std::string_view match, const Xapian::Database& db,
                              const schema::StoredTextReader& stored, const Analyzer& analyzer);

/// The most frequent form, as written in the first kReadableSpellingArticles articles that hold
/// it as a word (its unprefixed term), of `word` (normalized): مدرسة for مدرسه. Empty when no
/// article shows it.
std::string readable_word(std::string_view word, const Xapian::Database& db,
                          const schema::StoredTextReader& stored, const Analyzer& analyzer);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_READABLE_SPELLING_H_
