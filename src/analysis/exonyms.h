// Names English writes its own way (exonyms: Aleppo حلب, Morocco المغرب, Tripoli طرابلس) and
// leaders' names in their common English forms (Sisi السيسي), with the spellings Arabic news uses
// for them: data/exonyms-en-ar.txt, compiled in. Reached as "analysis/exonyms.h" through
// bahth_analysis_internals.
#ifndef BAHTH_ANALYSIS_EXONYMS_H_
#define BAHTH_ANALYSIS_EXONYMS_H_

#include <string_view>
#include <vector>

namespace bahth {

/// The Arabic spellings of the name `latin` (a normalized query word: lower case) as the table
/// lists them, the outlets' usual one first; none for a word the table does not hold. The table
/// is read on the first call, so a query without Latin words pays nothing.
const std::vector<std::string_view>& exonym_spellings(std::string_view latin);

/// Every English form the table holds, sorted.
std::vector<std::string_view> exonym_names();

}  // namespace bahth

#endif  // BAHTH_ANALYSIS_EXONYMS_H_
