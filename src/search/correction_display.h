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
/// `corrected` is query.normalized with some words replaced (did_you_mean.h's correct_query),
/// lined up with the typed words through query.chunks, so the query is not normalized again;
/// the result normalizes to `corrected`, so it searches the same. `corrected` itself when the two
/// cannot be lined up that way.
std::string shown_correction(const ParsedQuery& query, std::string_view corrected);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_CORRECTION_DISPLAY_H_
