// A question's frame words (question_frame.h).
#include "question_frame.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace bahth::search {
namespace {

// Normalized (ى → ي, أ → ا), as the query's words are compared.
constexpr std::array<std::string_view, 20> kInterrogatives = {
    "ما",   "ماذا", "من",    "متي", "اين", "كم",  "كيف", "لماذا", "هل",  "اي",
    "ماهو", "ماهي", "بماذا", "لمن", "بكم", "باي", "لاي", "ممن",   "فيم", "لما"};

constexpr std::array<std::string_view, 4> kFrameWords = {"عدد", "اسم", "الاسم", "كلمه"};

bool is_interrogative(std::string_view word) {
  const auto listed = [](std::string_view w) {
    return std::find(kInterrogatives.begin(), kInterrogatives.end(), w) != kInterrogatives.end();
  };
  if (listed(word)) return true;
  // و or ف in front: "وكم", "فما".
  for (std::string_view conjunction : {std::string_view("و"), std::string_view("ف")}) {
    if (word.size() > conjunction.size() && word.starts_with(conjunction) &&
        listed(word.substr(conjunction.size()))) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool is_question(std::string_view typed, std::string_view normalized) {
  if (typed.find('?') != std::string_view::npos ||
      typed.find("\xD8\x9F") != std::string_view::npos) {  // U+061F ARABIC QUESTION MARK
    return true;
  }
  const std::size_t begin = normalized.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return false;
  const std::size_t end = std::min(normalized.find_first_of(" \t\r\n", begin), normalized.size());
  return is_interrogative(normalized.substr(begin, end - begin));
}

bool is_question_frame_word(std::string_view normalized) {
  return std::find(kFrameWords.begin(), kFrameWords.end(), normalized) != kFrameWords.end();
}

}  // namespace bahth::search
