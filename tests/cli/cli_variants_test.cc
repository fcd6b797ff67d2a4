// Spelling variants: `bahth index` learns that two spellings of a name (ترامب/ترمب) are one word,
// `bahth search` finds either with the other, `bahth analyze --variants` shows the pair.
#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bahth/searcher.h"
#include "cli/rankings.h"
#include "cli/run_bahth.h"
#include "cli/tcp_server.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth {
namespace cli_variants_test {
namespace {

using testing::run_bahth;
using testing::TempDir;

// Twelve articles each way, one outlet's spelling per article, on one subject; others on football.
void write_articles(const std::filesystem::path& file) {
  const char* const kTopics[] = {"الضرائب",    "الهجرة",  "الصين",    "ايران", "الجدار", "التجارة",
                                 "الانتخابات", "المحكمة", "الكونغرس", "النفط", "الصحة",  "المناخ"};
  std::ofstream out(file);
  for (int i = 0; i < 12; ++i) {
    for (const char* name : {"ترامب", "ترمب"}) {
      out << R"({"id":")" << (std::string(name) == "ترامب" ? "long" : "short") << i
          << R"(","title":"الرئيس )" << name << " و" << kTopics[i] << R"(","body":"قال الرئيس )"
          << name << " في البيت الابيض إن ادارته الجمهورية ستعلن قرارا بشأن " << kTopics[i]
          << " في العدد " << i << R"( امام الصحفيين في واشنطن"})" << '\n';
    }
    out << R"({"id":"ball)" << i << R"(","title":"مباراة الدوري )" << i
        << R"(","body":"سجل المهاجم هدفا في المباراة امام الفريق المنافس في الملعب"})" << '\n';
  }
}

TEST(CliVariants, ASearchForOneSpellingFindsTheOther) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  for (const char* query : {"ترمب", "ترامب"}) {
    const auto r =
        run_bahth({"search", "--db", dir / "db", "--duplicates", "--json", "-n", "30", query});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"long0\""), std::string::npos) << query << '\n' << r.out;
    EXPECT_NE(r.out.find("\"short0\""), std::string::npos) << query << '\n' << r.out;
    EXPECT_EQ(r.out.find("\"ball0\""), std::string::npos) << query;
  }
}

// Either spelling of a name ranks the same articles alike (issue 28): the exact-word bonus
// counts a learned variant as the form typed, so ترمب does not put one outlet's spelling first
// and ترامب the other's.
TEST(CliVariants, EitherSpellingGivesTheSameRanking) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  for (const auto& [one, other] :
       {std::pair{"ترمب", "ترامب"}, std::pair{"الرئيس ترمب والصين", "الرئيس ترامب والصين"},
        std::pair{"لترمب", "لترامب"}}) {
    const auto expected = testing::search_ranking({"--db", dir / "db"}, one);
    ASSERT_GE(expected.hits.size(), 10U) << one;
    testing::expect_same_ranking(expected, testing::search_ranking({"--db", dir / "db"}, other),
                                 std::string(one) + " / " + other);
  }
}

// A passage used as the query (a summary, a lead: twelve words or more) is one outlet's text,
// and its spelling tells that outlet's article from another's report of the same event: there
// the exact-word bonus counts only the spelling typed, so each spelling puts its own article
// first (issue 28, the held-out summaries). A short query still ranks both alike (above).
TEST(CliVariants, APassageQueryPutsTheArticleInItsOwnSpellingFirst) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  // The body of the articles on the elections (topic 6), in each spelling.
  for (const auto& [name, first, second] :
       {std::tuple{"ترمب", "short6", "long6"}, std::tuple{"ترامب", "long6", "short6"}}) {
    const std::string passage = std::string("قال الرئيس ") + name +
                                " في البيت الابيض إن ادارته الجمهورية ستعلن قرارا بشأن "
                                "الانتخابات في العدد 6 امام الصحفيين في واشنطن";
    const auto ranking = testing::search_ranking({"--db", dir / "db"}, passage);
    ASSERT_GE(ranking.hits.size(), 2U) << passage;
    EXPECT_EQ(ranking.hits[0].first, first) << passage;
    EXPECT_EQ(ranking.hits[1].first, second) << passage;
    EXPECT_GT(ranking.hits[0].second, ranking.hits[1].second) << passage;
  }
}

TEST(CliVariants, AnalyzeVariantsShowsWhatAWordMeets) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  const auto r = run_bahth({"analyze", "--variants", "--db", dir / "db", "ترمب", "المباراة"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ترمب ترمب: ترامب\nالمباراة مبارا:\n");
  const auto json = run_bahth({"analyze", "--variants", "--json", "--db", dir / "db", "ترامب"});
  EXPECT_EQ(json.out,
            "{\"word\":\"ترامب\",\"stem\":\"ترامب\",\"variants\":[\"ترمب\"],\"synonyms\":[]}\n");
}

// Shards learn one set of pairs over all their articles (each shard alone holds too few of
// either spelling), and a remote shard expands a query word as the local index does: the pairs
// are in the metadata, which Xapian's remote protocol serves.
TEST(CliVariants, ShardsAndRemoteShardsMeetTheVariantsAsOneIndexDoes) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  const std::string one = dir / "one";
  const std::string shards = dir / "shards";
  ASSERT_EQ(run_bahth({"index", "-q", "--db", one, dir / "articles.jsonl"}).exit_code, 0);
  ASSERT_EQ(
      run_bahth({"index", "-q", "--db", shards, "--shards", "2", dir / "articles.jsonl"}).exit_code,
      0);
  const auto analyzed = run_bahth({"analyze", "--variants", "--db", shards, "ترمب"});
  EXPECT_EQ(analyzed.out, "ترمب ترمب: ترامب\n") << analyzed.err;

  std::vector<std::unique_ptr<testing::TcpServer>> servers;
  std::string remote = dir / "remote.stub";
  if (testing::have_xapian_tcpsrv()) {
    std::ofstream stub(remote);
    for (int i = 0; i < 2; ++i) {
      servers.push_back(
          std::make_unique<testing::TcpServer>(shards + "/shard-" + std::to_string(i)));
      ASSERT_TRUE(servers.back()->ok()) << "could not start xapian-tcpsrv";
      stub << "remote " << servers.back()->address() << '\n';
    }
  } else {
    remote.clear();  // the local layouts are still compared
  }
  for (const char* query : {"ترمب", "ترامب", "الرئيس ترمب الصين"}) {
    const auto expected = testing::search_ranking({"--db", one}, query);
    std::size_t spellings = 0;
    for (const auto& [id, score] : expected.hits) {
      spellings += id.rfind("long", 0) == 0 || id.rfind("short", 0) == 0;
    }
    EXPECT_EQ(spellings, 24U) << query;  // every article of either spelling
    testing::expect_same_ranking(expected, testing::search_ranking({"--db", shards}, query),
                                 std::string("shards: ") + query);
    if (!remote.empty()) {
      testing::expect_same_ranking(
          expected, testing::search_ranking({"--db", remote}, query, {"--remote-timeout", "3000"}),
          std::string("remote: ") + query);
    }
  }
}

// Outlets that write أمريكا and الإنجليزي, and outlets that write أميركا and الإنكليزي: twelve
// articles each way per word, one spelling per article, each word on subjects of its own; and
// articles on cooking that name neither.
void write_outlet_spellings(const std::filesystem::path& file) {
  struct Group {
    const char* name;
    const char* one[2];    // the words of one outlet's articles
    const char* other[2];  // the same words as the other outlet writes them
    const char* subject;   // what the group's articles are about
  };
  const Group kGroups[] = {
      {"adjective",
       {"الأمريكية", "الأمريكي"},
       {"الأميركية", "الأميركي"},
       "اعلنت الادارة قرارا بشأن الرسوم الجمركية والعقوبات امام الكونغرس والبنتاغون"},
      {"country",
       {"أمريكا", "أمريكا"},
       {"أميركا", "أميركا"},
       "تراجعت الاسواق والبورصة والدولار والنفط في ولايات الشمال والجنوب"},
      {"english",
       {"الإنجليزي", "الإنجليزية"},
       {"الإنكليزي", "الإنكليزية"},
       "فاز النادي في الدوري الممتاز وسجل المهاجم هدفا في الملعب امام الجماهير"},
  };
  std::ofstream out(file);
  for (int i = 0; i < 12; ++i) {
    for (const Group& group : kGroups) {
      for (const bool first : {true, false}) {
        const char* const* words = first ? group.one : group.other;
        out << R"({"id":")" << group.name << (first ? "-one" : "-other") << i
            << R"(","title":"خبر )" << words[0] << " رقم " << i << R"(","body":")" << words[1]
            << ' ' << group.subject << " في العدد " << i << ' ' << words[0] << R"("})" << '\n';
      }
    }
    out << R"({"id":"cooking)" << i << R"(","title":"وصفة الطبخ )" << i
        << R"(","body":"اخلط الطحين والسكر والزبدة في الفرن حتى ينضج الكعك"})" << '\n';
  }
}

TEST(CliVariants, AmericanAndEnglishMeetAcrossOutletSpellings) {
  TempDir dir;
  write_outlet_spellings(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  const struct {
    const char* query;
    const char* only_the_other;  // an article holding only the other spelling
  } kCases[] = {
      {"الأمريكية", "adjective-other0"}, {"الأميركية", "adjective-one0"},
      {"الأمريكي", "adjective-other0"},  {"الأميركي", "adjective-one0"},
      {"أمريكا", "country-other0"},      {"أميركا", "country-one0"},
      {"الإنجليزي", "english-other0"},   {"الإنكليزي", "english-one0"},
      {"الإنجليزية", "english-other0"},  {"الإنكليزية", "english-one0"},
  };
  for (const auto& c : kCases) {
    const auto r =
        run_bahth({"search", "--db", dir / "db", "--duplicates", "--json", "-n", "80", c.query});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(testing::contains(r.out, std::string("\"") + c.only_the_other + "\""))
        << c.query << '\n'
        << r.out;
    EXPECT_FALSE(testing::contains(r.out, "\"cooking0\"")) << c.query;
  }
  const auto r =
      run_bahth({"analyze", "--variants", "--db", dir / "db", "الأمريكية", "أميركا", "الإنكليزية"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(testing::contains(r.out, "الأمريكية امريكي:")) << r.out;
  EXPECT_TRUE(testing::contains(r.out, "اميركي")) << r.out;
  EXPECT_TRUE(testing::contains(r.out, "امريكا")) << r.out;
  EXPECT_TRUE(testing::contains(r.out, "انجليز")) << r.out;
}

// A learned group's spellings rank alike whichever is typed, though the pairs learned are not
// transitive: أمريكا/أميركا and their adjectives (issue 28).
TEST(CliVariants, EitherOutletSpellingGivesTheSameRanking) {
  TempDir dir;
  write_outlet_spellings(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  for (const auto& [one, other] :
       {std::pair{"الأمريكية", "الأميركية"}, std::pair{"الأمريكي", "الأميركي"},
        std::pair{"أمريكا", "أميركا"}, std::pair{"الإدارة الأمريكية", "الإدارة الأميركية"}}) {
    const auto expected = testing::search_ranking({"--db", dir / "db"}, one);
    ASSERT_GE(expected.hits.size(), 10U) << one;
    testing::expect_same_ranking(expected, testing::search_ranking({"--db", dir / "db"}, other),
                                 std::string(one) + " / " + other);
  }
}

// The top 10 of one searcher for `query`, as rankings.h compares them.
testing::Ranking top_ten(const Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.show_duplicates = true;
  const SearchResults results = searcher.search(query, options);
  testing::Ranking ranking;
  ranking.total = results.total;
  for (const SearchHit& hit : results.hits) ranking.hits.emplace_back(hit.id, hit.score);
  return ranking;
}

// The words of `db` (its exact, unprefixed Arabic terms) that hold `stem`.
std::vector<std::string> words_holding(const Xapian::Database& db, const std::string& stem) {
  std::vector<std::string> words;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string& term = *t;
    const auto lead = static_cast<unsigned char>(term[0]);
    if (lead >= 0xD8 && lead <= 0xDB && term.find(stem) != std::string::npos) words.push_back(term);
  }
  return words;
}

// Every pair the bundled sample's index learns with the outlets' spellings beside it
// (فرنسا/فرانس, امريكي/اميركي...): a word of one spelling and the same word in the other
// spelling, where the index holds both, rank the same top 10.
TEST(CliVariants, EveryLearnedPairOfTheSampleRanksAlike) {
  TempDir dir;
  const std::string db_path = dir / "db";
  write_outlet_spellings(dir / "articles.jsonl");
  ASSERT_EQ(
      run_bahth({"index", "-q", "--db", db_path, testing::kBundledSample, dir / "articles.jsonl"})
          .exit_code,
      0);
  const Xapian::Database db(db_path);
  const Searcher searcher({db_path});
  std::size_t compared = 0;
  const std::string prefix(schema::kVariantKeyPrefix);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    const std::string stem = (*key).substr(prefix.size());
    for (const std::string& variant : schema::read_variants(db, stem)) {
      if (variant < stem) continue;  // each pair once
      // The most frequent word of `stem` whose respelling the index holds as a word of `variant`.
      std::pair<std::string, std::string> best;
      Xapian::doccount best_count = 0;
      for (const std::string& word : words_holding(db, stem)) {
        std::string other = word;
        other.replace(other.find(stem), stem.size(), variant);
        if (searcher.variants(word).stem != stem || db.get_termfreq(other) == 0 ||
            searcher.variants(other).stem != variant) {
          continue;
        }
        const Xapian::doccount count = db.get_termfreq(word) + db.get_termfreq(other);
        if (count > best_count) best = {word, other}, best_count = count;
      }
      if (best_count == 0) continue;
      ++compared;
      testing::expect_same_ranking(top_ten(searcher, best.first), top_ten(searcher, best.second),
                                   best.first + " / " + best.second);
    }
  }
  EXPECT_GE(compared, 2U);  // فرانس/فرنسا and an outlets' pair at least
}

TEST(CliVariants, AnalyzeVariantsEchoesControlCharactersInert) {
  TempDir dir;
  write_articles(dir / "articles.jsonl");
  ASSERT_EQ(run_bahth({"index", "-q", "--db", dir / "db", dir / "articles.jsonl"}).exit_code, 0);
  const auto r = run_bahth({"analyze", "--variants", "--db", dir / "db", "\x1b[2J\x1b]0;x\aترمب"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(testing::contains(r.out, "\x1b")) << r.out;
  EXPECT_FALSE(testing::contains(r.out, "\a")) << r.out;
}

TEST(CliVariants, AnalyzeVariantsWithoutAWordIsAUsageError) {
  TempDir dir;
  EXPECT_EQ(run_bahth({"analyze", "--variants", "--db", dir / "db"}).exit_code, 2);
}

}  // namespace
}  // namespace cli_variants_test
}  // namespace bahth
