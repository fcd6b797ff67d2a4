// Names typed in Latin letters or Arabizi find the articles that spell them in Arabic, with a
// note saying so; --no-transliterate searches them as typed; a Latin word the index holds often
// is searched as it is.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace {

using testing::run_bahth;
using testing::TempDir;

class CliLatin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    // Three articles for each name as the outlets spell it, among words that share its
    // consonants (تراكب, باطن, عابد...), names English writes its own way (حلب, Aleppo), and a
    // dozen that print one Latin word (Facebook) often.
    const char* const kNames[] = {"ترامب",  "خاشقجي", "ماكرون", "أردوغان", "بوتين",     "غوتيريش",
                                  "الحزب",  "عبد",    "باطن",   "تراكب",   "حلب",       "دمشق",
                                  "المغرب", "طرابلس", "السيسي", "جونسون",  "الإسكندرية"};
    const char* const kTopics[] = {"الاقتصاد", "الحرب", "الانتخابات"};
    std::ofstream out(*dir_ / "articles.jsonl");
    int id = 0;
    for (const char* name : kNames) {
      for (const char* topic : kTopics) {
        out << R"({"id":"a)" << id++ << R"(","title":"تصريحات )" << name << " عن " << topic
            << R"(","body":"قال )" << name << " في مؤتمر صحفي إن " << topic
            << R"( تشغل الجميع هذا العام"})" << '\n';
      }
    }
    for (int i = 0; i < 12; ++i) {
      out << R"({"id":"fb)" << i << R"(","title":"شركة Facebook تعلن )" << i
          << R"(","body":"قالت شركة Facebook إن مستخدمي فيسبوك في المنطقة زادوا في العام )" << i
          << R"("})" << '\n';
    }
    out.close();
    const auto r = run_bahth({"index", "-q", "--db", db(), *dir_ / "articles.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db() { return *dir_ / "db"; }

  static nlohmann::json search(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"search", "--db", db(), "--json", "-n", "10"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_bahth(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  static TempDir* dir_;
};

TempDir* CliLatin::dir_ = nullptr;

// Whether `spelling` is among the Arabic spellings `result` says it searched for `word`.
bool searched(const nlohmann::json& result, const std::string& word, const std::string& spelling) {
  for (const auto& t : result["transliterations"]) {
    if (t["word"] != word) continue;
    for (const auto& s : t["spellings"]) {
      if (s == spelling) return true;
    }
  }
  return false;
}

TEST_F(CliLatin, NamesInLatinLettersFindTheArticlesThatSpellThemInArabic) {
  struct Name {
    std::string latin, stem, written;
  };
  const std::vector<Name> names{{"Trump", "ترامب", "ترامب"},    {"Khashoggi", "خاشقجي", "خاشقجي"},
                                {"Macron", "ماكرون", "ماكرون"}, {"Erdogan", "اردوغان", "أردوغان"},
                                {"Putin", "بوتين", "بوتين"},    {"Guterres", "غوتيريش", "غوتيريش"}};
  for (const auto& [latin, stem, written] : names) {
    const nlohmann::json with = search({latin});
    // The note names the stems found, or for a name of the exonym table its spelling there.
    EXPECT_TRUE(searched(with, latin, stem) || searched(with, latin, written))
        << latin << '\n'
        << with["transliterations"];
    ASSERT_FALSE(with["results"].empty()) << latin;
    // The first result holds the name as the article writes it, not a word sharing its letters.
    const std::string top = with["results"][0]["title"].get<std::string>();
    EXPECT_NE(top.find(written), std::string::npos) << latin << ": " << top;
    const nlohmann::json without = search({"--no-transliterate", latin});
    EXPECT_EQ(without["total"], 0) << latin;
    EXPECT_TRUE(without["transliterations"].empty()) << latin;
  }
}

// Names English writes its own way, which no transliteration rule finds (Aleppo is not حلب
// letter by letter), and leaders' names in their English forms: data/exonyms-en-ar.txt.
TEST_F(CliLatin, ExonymsFindTheNameAsArabicWritesIt) {
  const std::vector<std::pair<std::string, std::string>> names{
      {"Aleppo", "حلب"},  {"Damascus", "دمشق"},  {"Morocco", "المغرب"},       {"Tripoli", "طرابلس"},
      {"Sisi", "السيسي"}, {"Johnson", "جونسون"}, {"Alexandria", "الإسكندرية"}};
  for (const auto& [latin, written] : names) {
    const nlohmann::json with = search({latin});
    EXPECT_TRUE(searched(with, latin, written)) << latin << '\n' << with["transliterations"];
    EXPECT_EQ(with["total"], 3) << latin;
    ASSERT_FALSE(with["results"].empty()) << latin;
    const std::string top = with["results"][0]["title"].get<std::string>();
    EXPECT_NE(top.find(written), std::string::npos) << latin << ": " << top;
    EXPECT_EQ(search({"--no-transliterate", latin})["total"], 0) << latin;
  }
  const auto r = run_bahth({"search", "--db", db(), "-n", "1", "--bidi", "none", "Aleppo"});
  EXPECT_NE(r.out.find("Also searched: Aleppo → حلب"), std::string::npos) << r.out;
}

TEST_F(CliLatin, ArabiziFindsTheArabicWord) {
  EXPECT_TRUE(searched(search({"7ezb"}), "7ezb", "حزب"));  // the stem of الحزب
  EXPECT_TRUE(searched(search({"3abd"}), "3abd", "عبد"));
}

TEST_F(CliLatin, ALatinWordTheIndexHoldsOftenIsSearchedAsTyped) {
  const nlohmann::json result = search({"--duplicates", "Facebook"});
  EXPECT_TRUE(result["transliterations"].empty()) << result["transliterations"];
  EXPECT_EQ(result["total"], 12);
}

TEST_F(CliLatin, TheTextOutputSaysWhatWasSearched) {
  const auto r = run_bahth({"search", "--db", db(), "-n", "1", "--bidi", "none", "Trump"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Also searched: Trump → ترامب"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(--no-transliterate)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bahth
