// The JSON objects of a stored article (`bahth show --json`) and of a search hit
// (`bahth search --json`): their members, and the ones the two share.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "render/article_view.h"
#include "render/search_json.h"

namespace bahth::render {
namespace json_test {
namespace {

std::vector<std::string> keys_of(const nlohmann::json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

Article sample_article() {
  Article article;
  article.id = "ant/1";
  article.url = "http://example.org/1";
  article.title = "عنوان";
  article.date = "2018-02-18T20:50:44Z";
  article.section = "culture";
  article.body = "فقرة\nأخرى";
  article.captions = {"صورة"};
  article.source = "bbc";
  article.author = "سارة أحمد\nAli";
  return article;
}

SearchHit sample_hit() {
  SearchHit hit;
  hit.rank = 3;
  hit.score = 1.5;
  hit.id = "ant/1";
  hit.url = "http://example.org/1";
  hit.title = "عنوان";
  hit.date = "2018-02-18T20:50:44Z";
  hit.section = "culture";
  hit.source = "bbc";
  hit.snippet = "… فقرة …";
  hit.highlights = {{4, 12}};  // bytes of "فقرة": characters 2 to 6
  hit.similar = 2;
  hit.explanation = {{"Zفقر", 0.75}};
  hit.explanation_words = {"فقرة → stem فقر"};
  return hit;
}

TEST(ArticleJson, HoldsEveryStoredField) {
  const nlohmann::json json = article_json(sample_article());
  EXPECT_EQ(keys_of(json), (std::vector<std::string>{"authors", "body", "captions", "date", "id",
                                                     "section", "source", "title", "url"}));
  EXPECT_EQ(json["authors"], nlohmann::json::array({"سارة أحمد", "Ali"}));
  EXPECT_EQ(json["body"], "فقرة\nأخرى");
  EXPECT_EQ(json["captions"], nlohmann::json::array({"صورة"}));
  EXPECT_EQ(json["source"], "bbc");
  EXPECT_EQ(json["date"], "2018-02-18T20:50:44Z");
}

TEST(SearchJson, HitHoldsItsFieldsAndTheArticlesCommonOnes) {
  SearchResults results;
  results.query = "فقرة";
  results.total = 1;
  results.hits = {sample_hit()};
  const nlohmann::json hit = search_json(results, "", /*explain=*/true)["results"].at(0);
  EXPECT_EQ(keys_of(hit), (std::vector<std::string>{"authors", "date", "explain", "highlights",
                                                    "id", "rank", "score", "section", "similar",
                                                    "snippet", "source", "title", "url"}));
  EXPECT_EQ(hit["authors"], nlohmann::json::array());  // none: an empty list, never absent
  EXPECT_EQ(hit["rank"], 3);
  EXPECT_EQ(hit["score"], 1.5);
  EXPECT_EQ(hit["similar"], 2);
  EXPECT_EQ(hit["snippet"], "… فقرة …");
  EXPECT_EQ(hit["highlights"], nlohmann::json::parse("[[2, 6]]"));
  EXPECT_EQ(hit["explain"], nlohmann::json::parse(R"([{"term": "Zفقر", "weight": 0.75,
                                       "matched": "فقرة → stem فقر"}])"));
  const nlohmann::json without_explain = search_json(results, "", false)["results"].at(0);
  EXPECT_FALSE(without_explain.contains("explain"));
}

TEST(SearchJson, SaysWhatWasTypedAndWhatWasSearched) {
  SearchResults results;
  results.query = "الانتخبات";
  EXPECT_TRUE(search_json(results, "", false)["corrected"].is_null());
  results.corrected = Correction{"الانتخبات", "الانتخابات"};
  EXPECT_EQ(search_json(results, "", false)["corrected"],
            nlohmann::json::parse(R"({"from": "الانتخبات", "to": "الانتخابات"})"));
}

TEST(SearchJson, SaysTheOrderAndAQueryWithoutWords) {
  SearchResults results;
  nlohmann::json json = search_json(results, "", false);
  EXPECT_EQ(json["sort"], "relevance");
  EXPECT_EQ(json["without_words"], false);
  results.sorted_by = SortOrder::date;
  results.without_words = true;  // filters alone: newest first
  json = search_json(results, "", false);
  EXPECT_EQ(json["sort"], "date");
  EXPECT_EQ(json["without_words"], true);
}

TEST(SearchJson, HitAndArticleWriteTheirCommonFieldsAlike) {
  SearchResults results;
  results.hits = {sample_hit()};
  const nlohmann::json hit = search_json(results, "", false)["results"].at(0);
  const nlohmann::json article = article_json(sample_article());
  for (const char* key : {"id", "title", "date", "source", "section", "url"}) {
    EXPECT_EQ(hit.at(key), article.at(key)) << key;
  }
}

}  // namespace
}  // namespace json_test
}  // namespace bahth::render
