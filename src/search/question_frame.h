// A question's frame: the words that say what kind of answer is asked for ("كم عدد ...؟" how
// many, "ما اسم ...؟" what is the name of), which the answer states but seldom names (issue 28).
#ifndef BAHTH_SEARCH_QUESTION_FRAME_H_
#define BAHTH_SEARCH_QUESTION_FRAME_H_

#include <string_view>

namespace bahth::search {

/// Whether a query reads as a question: `typed` holds a question mark (؟ or ?), or the first
/// word of `normalized` (normalize_query's output) is an interrogative (ما، ماذا، من، متى، أين،
/// كم، كيف، لماذا، هل، أي and their forms with a preposition or و/ف in front: بماذا، لمن، وكم).
bool is_question(std::string_view typed, std::string_view normalized);

/// Whether `normalized` (a normalized word) is a frame word of a question: عدد (كم عدد: how
/// many), اسم and الاسم (ما اسم: what is called), كلمة (ما معنى كلمة: what a word means). In a
/// question they ask for the answer's kind: the passage that answers "كم عدد سكان مصر" gives a
/// number of inhabitants without the word عدد, and one that holds عدد with another number ranked
/// above it. Chosen on one half of ARCD's questions (bench/HISTORY.md, issue 28).
bool is_question_frame_word(std::string_view normalized);

}  // namespace bahth::search

#endif  // BAHTH_SEARCH_QUESTION_FRAME_H_
