// The stored form of the champion lists (schema/champions.h): what the indexer writes reads
// back, and anything else is refused with a message saying what is wrong.
#include "schema/champions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bahth/error.h"
#include "schema/schema.h"

namespace bahth::schema {
namespace champions_test {
namespace {

ChampionsHeader sample_header() {
  ChampionsHeader header;
  header.limit = 1000;
  header.revision = 42;
  header.documents = 200000;
  header.total_length = 123456789012ULL;
  header.last_docid = 200017;
  header.terms = 11684;
  header.bm25 = kShortQueryBm25;
  return header;
}

std::string error_of(const auto& read) {
  try {
    read();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ChampionsHeader, RoundTrips) {
  const ChampionsHeader header = sample_header();
  const ChampionsHeader back = decode_champions_header(encode_champions_header(header));
  EXPECT_EQ(back.limit, header.limit);
  EXPECT_EQ(back.revision, header.revision);
  EXPECT_EQ(back.documents, header.documents);
  EXPECT_EQ(back.total_length, header.total_length);
  EXPECT_EQ(back.last_docid, header.last_docid);
  EXPECT_EQ(back.terms, header.terms);
  EXPECT_EQ(back.bm25.k1, kShortQueryBm25.k1);
  EXPECT_EQ(back.bm25.b, 0.6);
  EXPECT_EQ(back.bm25.min_normalized_length, kShortQueryBm25.min_normalized_length);
}

TEST(ChampionsHeader, DamageIsNamed) {
  std::string value = encode_champions_header(sample_header());
  EXPECT_NE(error_of([&] { decode_champions_header("form=2 limit=10"); }).find("form 2"),
            std::string::npos);
  std::string no_limit = value;
  no_limit.replace(no_limit.find("limit="), 10, "limits=100");
  EXPECT_NE(error_of([&] { decode_champions_header(no_limit); }).find("has no limit"),
            std::string::npos);
  std::string bad_number = value;
  bad_number.replace(bad_number.find("documents=") + 10, 1, "x");
  EXPECT_NE(error_of([&] { decode_champions_header(bad_number); }).find("documents="),
            std::string::npos);
  EXPECT_NE(error_of([&] { decode_champions_header("garbage"); }).find(kMetaChampions),
            std::string::npos);
}

TEST(ChampionList, RoundTrips) {
  const ChampionList list{0.4321, {3, 4, 70, 128, 129, 100000}};
  const ChampionList back = decode_champion_list(encode_champion_list(list), 6, 100000);
  EXPECT_EQ(back.bound, list.bound);
  EXPECT_EQ(back.docids, list.docids);
  const ChampionList empty = decode_champion_list(encode_champion_list({}), 1, 1);
  EXPECT_EQ(empty.bound, 0.0);
  EXPECT_TRUE(empty.docids.empty());
}

TEST(ChampionList, DamageIsRefused) {
  const std::string value = encode_champion_list({0.25, {5, 9, 12}});
  // Longer than the header's limit, or past the last docid: a list from elsewhere.
  EXPECT_NE(error_of([&] { decode_champion_list(value, 2, 100); }).find("over the header's limit"),
            std::string::npos);
  EXPECT_NE(error_of([&] { decode_champion_list(value, 3, 11); }).find("past the last"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              decode_champion_list(value.substr(0, value.size() - 1), 3, 100);
            }).find("ends inside"),
            std::string::npos);
  EXPECT_NE(error_of([&] { decode_champion_list(value + "x", 3, 100); }).find("bytes after"),
            std::string::npos);
  EXPECT_NE(error_of([&] { decode_champion_list("", 3, 100); }).find("empty"), std::string::npos);
  EXPECT_NE(error_of([&] { decode_champion_list("\x02" + value.substr(1), 3, 100); }).find("form"),
            std::string::npos);
  // A bound of 1 or more (or NaN) would prove what is not so.
  EXPECT_NE(error_of([&] {
              decode_champion_list(encode_champion_list({1.0, {1}}), 3, 100);
            }).find("outside [0, 1)"),
            std::string::npos);
  // A gap of 0: the same article twice, out of order.
  std::string repeated = encode_champion_list({0.25, {5}});
  repeated[repeated.size() - 2] = 2;  // two articles
  repeated.push_back('\0');
  EXPECT_NE(error_of([&] { decode_champion_list(repeated, 3, 100); }).find("out of order"),
            std::string::npos);
}

TEST(ChampionShare, IsBm25sPerTermFraction) {
  // K = k1 × ((1 − b) + b × max(length / average, 0.2)) = 1 × (0.5 + 0.5 × 2) = 1.5.
  EXPECT_DOUBLE_EQ(bm25_share(3, 200, 100, kPassageBm25), 3.0 / (1.5 + 3.0));
  // A short article is normalized to 0.2 of the average, no less.
  EXPECT_DOUBLE_EQ(bm25_share(1, 1, 100, kPassageBm25), 1.0 / (0.5 + 0.5 * 0.2 + 1.0));
  EXPECT_EQ(bm25_share(0, 50, 100, kPassageBm25), 0.0);
  // A short query's b: K = 0.4 + 0.6 × 2 = 1.6.
  EXPECT_DOUBLE_EQ(bm25_share(3, 200, 100, kShortQueryBm25), 3.0 / (1.6 + 3.0));
}

TEST(ChampionTerms, OnlyTermsThatWeigh) {
  EXPECT_TRUE(is_weighted_term("Zسوري"));
  EXPECT_TRUE(is_weighted_term("سوريا"));
  EXPECT_TRUE(is_weighted_term("ZSسوري"));
  EXPECT_FALSE(is_weighted_term("Qarticle-1"));
  EXPECT_FALSE(is_weighted_term("XSsport"));
  EXPECT_FALSE(is_weighted_term("Y2018"));
  EXPECT_FALSE(is_weighted_term(band_term(3, 12345)));
  EXPECT_FALSE(is_weighted_term(""));
}

}  // namespace
}  // namespace champions_test
}  // namespace bahth::schema
