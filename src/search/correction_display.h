// A spelling correction as the user would have typed it: corrections are found on the normalized
// query (ة read as ه, hamza seats as ا, harakat dropped), which is not what a person writes, nor
// what they typed.
#ifndef BAHTH_SEARCH_CORRECTION_DISPLAY_H_
#define BAHTH_SEARCH_CORRECTION_DISPLAY_H_

#include <string>
#include <string_view>

#include "parsed_query.h"

namespace bahth::search {

/// The correction `corrected` of `query` shown in the user's own text: the query as typed with
/// only the words the correction changed replaced, and in each of those only the letters that
/// changed (الانتخبات الرئاسية → الانتخابات الرئاسية, not الانتخابات الرئاسيه; الشرتة → الشرطة).
/// The letters that changed are written as the index's articles write the corrected word when
/// query.lookups knows it (WordLookups::written_form: مدرسث → مدرسة, not مدرسه).
/// `corrected` is query.normalized with some words replaced (did_you_mean.h's correct_query),
/// lined up with the typed words through query.chunks, so the query is not normalized again;
/// the result normalizes to `corrected`, so it searches the same. `corrected` itself when the two
/// cannot be lined up that way.
std::string shown_correction(const ParsedQuery& query, std::string_view corrected);

/// A word the index holds (normalized: `replacement`) standing for the word `typed` (one word as
/// the user typed it, normalized: `normalized`) written in the typed word's own letters where
/// the two agree and, between, in those of `written` (the word as the index's articles write it,
/// or empty: then the normalized letters), as shown_correction() writes a corrected word: الهعروفة
/// with المعروفه is المعروفة; مدرسث with مدرسه, written مدرسة, is مدرسة, not the normalizer's ه.
/// `replacement` itself when that does not normalize back to it.
std::string shown_replacement(std::string_view typed, std::string_view normalized,
                              std::string_view replacement, std::string_view written = {});

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_CORRECTION_DISPLAY_H_
