// A question's frame words (search/question_frame.h): in a question, عدد, اسم, كلمة say what
// kind of answer is asked for and are not searched; in any other query they are words like any.
#include "search/question_frame.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bahth/article.h"
#include "bahth/searcher.h"
#include "build_index.h"
#include "search/query_text.h"
#include "temp_dir.h"

namespace bahth {
namespace question_frame_test {
namespace {

using search::is_question;
using search::is_question_frame_word;
using testing::TempDir;

bool question(const std::string& typed) {
  return is_question(typed, search::normalize_query(typed));
}

TEST(QuestionFrame, AQuestionMarkOrAnOpeningInterrogativeMakesAQuestion) {
  EXPECT_TRUE(question("كم عدد سكان القاهرة؟"));
  EXPECT_TRUE(question("how many people live in Cairo?"));
  EXPECT_TRUE(question("كم عدد سكان القاهرة"));
  EXPECT_TRUE(question("متى ولد نجيب محفوظ"));
  EXPECT_TRUE(question("بماذا تسمى متلازمة داون"));
  EXPECT_TRUE(question("وكم عدد سكانها"));  // و in front
  EXPECT_FALSE(question("عدد سكان القاهرة"));
  EXPECT_FALSE(question("الانتخابات الرئاسية الأمريكية"));
  EXPECT_FALSE(question("وزارة الصحة"));  // و in front of no interrogative
  EXPECT_FALSE(question(""));
}

TEST(QuestionFrame, FrameWordsAreNormalizedWords) {
  for (const char* word : {"عدد", "اسم", "إسم", "الاسم", "كلمة"}) {
    EXPECT_TRUE(is_question_frame_word(search::normalize_query(word))) << word;
  }
  for (const char* word : {"سكان", "أعداد", "القاهرة", "ما"}) {
    EXPECT_FALSE(is_question_frame_word(search::normalize_query(word))) << word;
  }
}

Article article(std::string id, std::string body) {
  Article a;
  a.id = std::move(id);
  a.body = std::move(body);
  return a;
}

class QuestionFrameSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Article> articles{
        // The answer: the number of inhabitants, without the word عدد.
        article("answer", "يبلغ سكان القاهرة نحو عشرين مليون نسمة في العاصمة المصرية الكبيرة"),
        // عدد, often, with the city: other numbers.
        article("frame-holder", "ارتفع عدد الزوار في القاهرة وعدد الفنادق وعدد المطاعم"),
    };
    const char* filler[] = {"مباراة كرة القدم في الملعب", "أسعار النفط ترتفع في الأسواق",
                            "الطقس بارد في الشتاء", "انتخابات البرلمان في العراق"};
    for (int i = 0; i < 12; ++i)
      articles.push_back(article("filler" + std::to_string(i), filler[i % 4]));
    testing::build_index(dir_ / "db", articles);
    searcher_ = std::make_unique<Searcher>(std::vector<std::string>{dir_ / "db"});
  }

  SearchResults search(const std::string& query) const {
    SearchOptions options;
    options.correct = false;  // a small index makes any word look rare
    options.snippet_chars = 0;
    return searcher_->search(query, options);
  }

  TempDir dir_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(QuestionFrameSearch, AQuestionsFrameWordDoesNotDecideTheAnswer) {
  const SearchResults results = search("كم عدد سكان القاهرة؟");
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, "answer");
  EXPECT_EQ(results.query_words, 2u);  // سكان, القاهرة
}

TEST_F(QuestionFrameSearch, OutsideAQuestionTheWordIsSearched) {
  const SearchResults results = search("عدد سكان القاهرة");
  EXPECT_EQ(results.query_words, 3u);
}

TEST_F(QuestionFrameSearch, AQuestionOfFrameWordsAloneStillSearchesThem) {
  const SearchResults results = search("ما عدد؟");
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits.front().id, "frame-holder");
}

}  // namespace
}  // namespace question_frame_test
}  // namespace bahth
