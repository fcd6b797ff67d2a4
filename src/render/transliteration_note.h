// The note that a search also looked up Latin words (Trump, 7ezb) under the index's Arabic
// spellings of them, "Trump → ترامب، ترمب", listed once for every output that says so: the
// text of `bahth search` (search_text.cc) and the search page (html.cc).
#ifndef BAHTH_RENDER_TRANSLITERATION_NOTE_H_
#define BAHTH_RENDER_TRANSLITERATION_NOTE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/searcher.h"

namespace bahth::render {

/// Each word of `transliterations` as `show(word, spellings)`, its Arabic spellings joined by
/// "، " (as Arabic lists are), the words separated by `between`. Each output escapes and marks
/// up the word and its spellings in its own way: that is `show`'s part.
/// The same for a query's near spellings (NearSpellings: الهعروف → المعروف).
template <typename Noted, typename Show>
std::string transliteration_list(const std::vector<Noted>& transliterations,
                                 std::string_view between, Show show) {
  std::string list;
  for (std::size_t i = 0; i < transliterations.size(); ++i) {
    const Noted& t = transliterations[i];
    if (i > 0) list += between;
    std::string spellings;
    for (const std::string& s : t.spellings) spellings += (spellings.empty() ? "" : "، ") + s;
    list += show(std::string_view(t.word), std::string_view(spellings));
  }
  return list;
}

}  // namespace bahth::render

#endif  // BAHTH_RENDER_TRANSLITERATION_NOTE_H_
