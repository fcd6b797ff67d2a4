// Names typed in Latin letters or Arabizi find the articles that spell them in Arabic, with a
// note saying so; --no-transliterate searches them as typed; a Latin word the index holds often
// is searched as it is.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli/cached_index.h"
#include "cli/run_bahth.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_latin_test {
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
    const char* const kNames[] = {"ترامب",      "خاشقجي",       "ماكرون",   "أردوغان",  "بوتين",
                                  "غوتيريش",    "الحزب",        "عبد",      "باطن",     "تراكب",
                                  "حلب",        "دمشق",         "المغرب",   "طرابلس",   "السيسي",
                                  "جونسون",     "الإسكندرية",   "حزب الله", "رام الله", "أبو ظبي",
                                  "صلاح الدين", "كيم جونغ أون", "بورسعيد"};
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
    // حزب الله with لبنان (Hezbollah Lebanon), لبنان alone, and حزب and الله apart.
    for (int i = 0; i < 2; ++i) {
      out << R"({"id":"hl)" << i << R"(","title":"حزب الله يرد في لبنان )" << i
          << R"(","body":"قال حزب الله في بيان صدر في لبنان إن الرد قادم"})" << '\n';
    }
    out << R"({"id":"ln","title":"اقتصاد لبنان","body":"قال وزير في لبنان إن الاقتصاد يتعافى"})"
        << '\n';
    out << R"({"id":"apart","title":"الحزب الجديد","body":"قال رئيس الحزب إن شاء الله سيفوز"})"
        << '\n';
    out.close();
    testing::index_cached(db(), {{"index", "-q", "--db", db(), *dir_ / "articles.jsonl"}});
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

// The ids of `result`'s results, in order.
std::vector<std::string> ids(const nlohmann::json& result) {
  std::vector<std::string> out;
  for (const auto& hit : result["results"]) out.push_back(hit["id"]);
  return out;
}

std::set<std::string> id_set(const nlohmann::json& result) {
  const std::vector<std::string> in_order = ids(result);
  return {in_order.begin(), in_order.end()};
}

// The words of `hit`'s snippet that its highlights mark (character offsets, as the JSON gives).
std::vector<std::string> highlighted(const nlohmann::json& hit) {
  const std::string snippet = hit["snippet"];
  std::vector<std::size_t> char_starts;  // the byte where each character starts
  for (std::size_t i = 0; i < snippet.size(); ++i) {
    if ((static_cast<unsigned char>(snippet[i]) & 0xC0) != 0x80) char_starts.push_back(i);
  }
  char_starts.push_back(snippet.size());
  std::vector<std::string> words;
  for (const auto& range : hit["highlights"]) {
    const std::size_t begin = char_starts.at(range[0].get<std::size_t>());
    const std::size_t end = char_starts.at(range[1].get<std::size_t>());
    words.push_back(snippet.substr(begin, end - begin));
  }
  return words;
}

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
    // The note names the words found as the articles write them, or for a name of the exonym
    // table its spelling there.
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

// Hezbollah is حزب الله and Ramallah رام الله: two Arabic words, searched as their phrase, as
// the one word typed.
TEST_F(CliLatin, ANameOfTwoArabicWordsFindsTheirPhrase) {
  const std::vector<std::pair<std::string, std::string>> names{{"Hezbollah", "حزب الله"},
                                                               {"Ramallah", "رام الله"}};
  for (const auto& [latin, arabic] : names) {
    const nlohmann::json with = search({latin});
    EXPECT_TRUE(searched(with, latin, arabic)) << latin << '\n' << with["transliterations"];
    // The articles holding the phrase, and no others: not الحزب alone, not حزب and الله apart.
    const nlohmann::json quoted = search({"\"" + arabic + "\""});
    ASSERT_FALSE(quoted["results"].empty()) << arabic;
    EXPECT_EQ(id_set(with), id_set(quoted)) << latin;
    // Ranked among the first results of the Arabic query typed without quotes.
    const std::set<std::string> arabic_top = id_set(search({arabic}));
    for (const std::string& id : ids(with)) {
      EXPECT_TRUE(arabic_top.contains(id)) << latin << ": " << id;
    }
    EXPECT_EQ(search({"--no-transliterate", latin})["total"], 0) << latin;
  }
  const auto r = run_bahth({"search", "--db", db(), "-n", "1", "--bidi", "none", "Hezbollah"});
  EXPECT_NE(r.out.find("Also searched: Hezbollah → حزب الله"), std::string::npos) << r.out;
}

TEST_F(CliLatin, ANameOfTwoArabicWordsCountsAsOneWordOfTheQuery) {
  // --duplicates: hl0 and hl1 are near-duplicates, shown once otherwise.
  const nlohmann::json result = search({"--duplicates", "Hezbollah Lebanon"});
  EXPECT_EQ(result["words"]["query"], 2) << result["words"];
  EXPECT_EQ(result["words"]["held"], 2) << result["words"];
  ASSERT_GE(result["results"].size(), 2U);
  // The two articles holding both first, though each word alone is in other articles.
  EXPECT_EQ((std::set<std::string>{result["results"][0]["id"], result["results"][1]["id"]}),
            (std::set<std::string>{"hl0", "hl1"}));
}

TEST_F(CliLatin, ANameOfTwoArabicWordsIsHighlightedWhole) {
  const nlohmann::json result = search({"Hezbollah"});
  ASSERT_FALSE(result["results"].empty());
  for (const auto& hit : result["results"]) {
    // Both words, as one span: a phrase is marked where its words stand together.
    const std::vector<std::string> marked = highlighted(hit);
    EXPECT_NE(std::find(marked.begin(), marked.end(), "حزب الله"), marked.end()) << hit["snippet"];
  }
  // Where حزب and الله stand apart they are not the name: the article is not found at all.
  EXPECT_FALSE(id_set(result).contains("apart"));
}

// A name of one Arabic word is searched as its word, as before: the same articles as the
// Arabic query, and a note of one-word spellings.
TEST_F(CliLatin, ANameOfOneArabicWordIsSearchedAsItsWord) {
  const nlohmann::json latin = search({"Trump"});
  EXPECT_EQ(id_set(latin), id_set(search({"ترامب"})));
  for (const auto& t : latin["transliterations"]) {
    for (const auto& spelling : t["spellings"]) {
      EXPECT_EQ(spelling.get<std::string>().find(' '), std::string::npos) << spelling;
    }
  }
}

TEST_F(CliLatin, ArabiziFindsTheArabicWord) {
  // As the articles write it (الحزب), not its stem حزب.
  EXPECT_TRUE(searched(search({"7ezb"}), "7ezb", "الحزب"));
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

// Abu Dhabi typed as two Latin words is the one name أبو ظبي: found, and said so in the words
// typed, in the text and in the JSON alike.
TEST_F(CliLatin, ANameTypedAsTwoLatinWordsIsSearchedAsItsArabicPhrase) {
  const nlohmann::json with = search({"Abu Dhabi"});
  EXPECT_EQ(with["total"], 3) << with;
  ASSERT_EQ(with["transliterations"].size(), 1U) << with["transliterations"];
  EXPECT_EQ(with["transliterations"][0]["word"], "Abu Dhabi");
  EXPECT_EQ(with["transliterations"][0]["spellings"], nlohmann::json::array({"أبو ظبي"}));
  EXPECT_EQ(search({"--no-transliterate", "Abu Dhabi"})["total"], 0);
  const auto r = run_bahth({"search", "--db", db(), "-n", "1", "--bidi", "none", "abu-dhabi"});
  EXPECT_NE(r.out.find("Also searched: abu-dhabi → أبو ظبي"), std::string::npos) << r.out;
}

// A word and a hyphenated pair (Salah al-Din, Kim Jong-un) read as the one name they are, and a
// name whose words the rules would read apart (Port: بورت; Said: سيد) from the table.
TEST_F(CliLatin, ANameWithAHyphenatedPairOrOfTheTableIsOneName) {
  for (const auto& [typed, arabic] : std::vector<std::pair<std::string, std::string>>{
           // The rules' compound, found as the phrase of its stems, shown as written.
           {"Salah al-Din", "صلاح الدين"},
           {"Kim Jong-un", "كيم جونغ أون"},
           {"Kim Jong Un", "كيم جونغ أون"},
           {"Port Said", "بورسعيد"}}) {
    const nlohmann::json result = search({typed});
    EXPECT_EQ(result["total"], 3) << typed << ": " << result;
    ASSERT_EQ(result["transliterations"].size(), 1U) << typed << ": " << result;
    EXPECT_EQ(result["transliterations"][0]["word"], typed);
    EXPECT_EQ(result["transliterations"][0]["spellings"][0], arabic) << typed;
  }
}

// A word the index lacks beside words it holds: searched with the index's word one edit away,
// and said so; --no-correct searches the words as typed. (ث for ش is no typing slip: the
// correction is only suggested, not searched.)
TEST_F(CliLatin, TheTextOutputSaysWhichNearSpellingsWereSearched) {
  const auto r =
      run_bahth({"search", "--db", db(), "-n", "1", "--bidi", "none", "تصريحات غوتيريث"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Not in the index, also searched as: غوتيريث → غوتيريش (--no-correct)"),
            std::string::npos)
      << r.out;
  const auto as_typed = run_bahth(
      {"search", "--db", db(), "-n", "1", "--bidi", "none", "--no-correct", "تصريحات غوتيريث"});
  ASSERT_EQ(as_typed.exit_code, 0) << as_typed.err;
  EXPECT_EQ(as_typed.out.find("also searched as"), std::string::npos) << as_typed.out;
}

}  // namespace
}  // namespace cli_latin_test
}  // namespace bahth
