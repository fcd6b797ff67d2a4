// A stem or normalized word of the index shown as its articles write it (search/
// readable_spelling.h): the notes of what a query was also searched as name words, not stems.
#include "search/readable_spelling.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

#include "bahth/article.h"
#include "bahth/indexer.h"
#include "bahth/stemmers.h"
#include "schema/stored_text.h"
#include "temp_dir.h"

namespace bahth::search {
namespace readable_spelling_test {
namespace {

using testing::TempDir;

class ReadableSpelling : public ::testing::Test {
 protected:
  void SetUp() override {
    IndexOptions options;
    options.db_path = dir_ / "db";
    Indexer indexer(options);
    const auto body = [](std::string id, std::string text) {
      Article a;
      a.id = std::move(id);
      a.body = std::move(text);
      return a;
    };
    indexer.add({body("a", "قال عبد الملك إن الخليفة وصل، وأكد عبد الملك أن المدرسة مفتوحة"),
                 body("b", "التقى عبدالملك بالخليفة في المدرسة"),
                 body("c", "وصل عبد الملك إلى المدرسة الجديدة"),
                 body("d", "رسالة للحزب وللحزب للحزب من الحزب")});
    indexer.finish();
    db_ = Xapian::Database(dir_ / "db");
    stored_.add_database(db_);
  }
  std::string stems_of(const std::string& text) const {
    std::string joined;
    for (const std::string& stem : analysis_.analyzer().stems(text)) {
      joined += (joined.empty() ? "" : " ") + stem;
    }
    return joined;
  }

  TempDir dir_;
  Xapian::Database db_;
  schema::StoredTextReader stored_;
  Analysis analysis_{StemmerKind::light};
};

TEST_F(ReadableSpelling, AStemOrAPhraseOfStemsIsItsMostFrequentFormAsWritten) {
  const std::string phrase = stems_of("عبد الملك");
  ASSERT_NE(phrase, "عبد الملك") << "the test needs a phrase whose stems are not its words";
  EXPECT_EQ(readable_spelling(phrase, db_, stored_, analysis_.analyzer()), "عبد الملك");
  const std::string caliph = stems_of("الخليفة");
  // الخليفة twice, بالخليفة once.
  EXPECT_EQ(readable_spelling(caliph, db_, stored_, analysis_.analyzer()), "الخليفة");
  // A preposition in front is not how a reader names the word, however often it is read so.
  EXPECT_EQ(readable_spelling(stems_of("الحزب"), db_, stored_, analysis_.analyzer()), "الحزب");
  // Nothing holds it: the stem itself.
  EXPECT_EQ(readable_spelling("زززز", db_, stored_, analysis_.analyzer()), "زززز");
}

TEST_F(ReadableSpelling, ANormalizedWordIsItsMostFrequentFormAsWritten) {
  EXPECT_EQ(readable_word("المدرسه", db_, stored_, analysis_.analyzer()), "المدرسة");
  EXPECT_EQ(readable_word("زززز", db_, stored_, analysis_.analyzer()), "");
}

}  // namespace
}  // namespace readable_spelling_test
}  // namespace bahth::search
