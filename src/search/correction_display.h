// A spelling correction as the user would have typed it: corrections are found on the normalized
// query (ة read as ه, hamza seats as ا, harakat dropped), which is not what a person writes, nor
// what they typed.
#ifndef BAHTH_SEARCH_CORRECTION_DISPLAY_H_
#define BAHTH_SEARCH_CORRECTION_DISPLAY_H_

#include <string>
#include <string_view>

namespace bahth::search {

/// The correction `corrected` of the query `typed` shown in the user's own text: `typed` with
/// only the words the correction changed replaced, and in each of those only the letters that
/// changed (الانتخبات الرئاسية → الانتخابات الرئاسية, not الانتخابات الرئاسيه; الشرتة → الشرطة).
/// `corrected` is normalize_query(typed) with some words replaced (did_you_mean.h's correct_query);
/// the result normalizes to `corrected` again, so it searches the same. `corrected` itself when
/// the two cannot be lined up that way.
std::string shown_correction(std::string_view typed, std::string_view corrected);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_CORRECTION_DISPLAY_H_
