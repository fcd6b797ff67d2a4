// bahth/corpus_sections.h: the section codes of the BBC Arabic and ANT corpora, each with the
// name the outlets give it (which the pages show) and the Arabic names a search for it accepts
// (schema's section_alias). One table, so that a code is added or renamed in one place. No
// dependencies.
#ifndef BAHTH_CORPUS_SECTIONS_H_
#define BAHTH_CORPUS_SECTIONS_H_

#include <array>
#include <string_view>

namespace bahth {

struct CorpusSection {
  std::string_view code;
  std::string_view shown;
  // Normalized (ة→ه, أ→ا), with and without ال; "" fills the unused places.
  std::array<std::string_view, 5> aliases;
};

inline constexpr CorpusSection kCorpusSections[] = {
    {"middleEast", "الشرق الأوسط", {"شرق اوسط", "الشرق الاوسط", "عربي"}},
    {"internationalNews", "أخبار عالمية", {"دولي", "دوليه", "عالم", "العالم", "اخبار دوليه"}},
    {"sport", "رياضة", {"رياضه", "الرياضه"}},
    {"economy", "اقتصاد", {"اقتصاد", "الاقتصاد"}},
    {"culture", "ثقافة وفنون", {"ثقافه", "الثقافه", "فن", "فنون"}},
    {"technology", "علوم وتكنولوجيا", {"تكنولوجيا", "التكنولوجيا", "تقنيه", "التقنيه", "علوم"}},
    {"inthepress", "في الصحافة", {"صحافه", "الصحافه"}},
    {"magazine", "مجلة", {"مجله", "المجله"}},
};

}  // namespace bahth

#endif  // BAHTH_CORPUS_SECTIONS_H_
