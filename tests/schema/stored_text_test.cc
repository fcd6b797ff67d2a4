#include "schema/stored_text.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "schema/schema.h"

namespace bahth::schema {
namespace stored_text_test {
namespace {

// Articles of news-like text: a few hundred words drawn from a small vocabulary, so a dictionary
// has something to learn.
std::vector<Article> articles(std::size_t n) {
  static const std::vector<std::string> words{
      "قال",   "الرئيس", "وزير",    "الخارجية", "في",      "بيان",     "إن",         "الحكومة",
      "سوريا", "مصر",    "العراق",  "الأمم",    "المتحدة", "مجلس",     "الأمن",      "اليوم",
      "أمس",   "مقتل",   "جرحى",    "انفجار",   "العاصمة", "المعارضة", "الانتخابات", "البرلمان",
      "اتفاق", "السلام", "مفاوضات", "الولايات", "ترامب",   "روسيا",    "الصين",      "الاقتصاد"};
  std::mt19937 random(7);
  std::vector<Article> out;
  for (std::size_t i = 0; i < n; ++i) {
    Article a;
    a.id = "id-" + std::to_string(i);
    a.url = "https://example.com/news/" + std::to_string(i);
    a.date = "2018-02-18T20:50:44Z";
    a.section = "middleEast";
    for (int w = 0; w < 8; ++w) a.title += words[random() % words.size()] + " ";
    for (int w = 0; w < 150; ++w) {
      a.body += words[random() % words.size()];
      a.body += w % 17 == 16 ? ".\n" : " ";
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> samples(const std::vector<Article>& from) {
  std::vector<std::string> out;
  for (const Article& a : from) out.push_back(encode_stored_article(a));
  return out;
}

// Trained once for every test: training is the slow part (a second or more under ASan).
const std::vector<Article>& trained_articles() {
  static const std::vector<Article> all = articles(kMinTextDictionarySamples + 10);
  return all;
}
const std::shared_ptr<const TextDictionary>& trained() {
  static const auto dictionary = train_text_dictionary(samples(trained_articles()));
  return dictionary;
}

struct Compressed {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  const std::vector<Article>& all = trained_articles();
  std::shared_ptr<const TextDictionary> dictionary = trained();
  StoredTextEncoder encoder;
  Compressed() {
    if (dictionary) {
      record_text_dictionary(db, *dictionary);
      encoder.use(dictionary);
    }
  }
};

TEST(StoredText, CompressedArticlesRoundTripAndAreSmaller) {
  Compressed c;
  ASSERT_NE(c.dictionary, nullptr);
  const StoredTextReader reader(c.db);
  const Article& a = c.all.back();
  const std::string record = c.encoder.encode(a);
  EXPECT_EQ(record.front(), '\x02');
  EXPECT_LT(record.size() * 2, encode_stored_article(a).size());
  const Article b = reader.decode(record);
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.section, a.section);
  // The dictionary the index records is the one it was given.
  EXPECT_EQ(read_text_dictionary(c.db)->id(), c.dictionary->id());
}

// A live add's quicker level (TextEffort::quick) writes the same format: the same reader reads
// its records, which are compressed too, with the dictionary the index names.
TEST(StoredText, QuickRecordsReadAsFullOnes) {
  Compressed c;
  ASSERT_NE(c.dictionary, nullptr);
  StoredTextEncoder quick;
  quick.use(c.dictionary, TextEffort::quick);
  const StoredTextReader reader(c.db);
  for (std::size_t i = c.all.size() - 3; i < c.all.size(); ++i) {
    const Article& a = c.all[i];
    const std::string fast = quick.encode(a);
    const std::string full = c.encoder.encode(a);
    EXPECT_EQ(fast.front(), '\x02');
    EXPECT_LT(fast.size() * 2, encode_stored_article(a).size());
    EXPECT_EQ(fast.substr(0, 4), full.substr(0, 4));  // the same header: marker, dictionary id
    const Article b = reader.decode(fast);
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.title, a.title);
    EXPECT_EQ(b.body, a.body);
    EXPECT_EQ(b.url, a.url);
  }
}

TEST(StoredText, PlainRecordsOfAnOlderIndexStillRead) {
  const Article a = articles(1).front();
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  EXPECT_EQ(read_text_dictionary(db), nullptr);
  EXPECT_EQ(StoredTextReader(db).decode(encode_stored_article(a)).body, a.body);
  // Without a dictionary the encoder writes the plain form.
  StoredTextEncoder plain;
  EXPECT_EQ(plain.encode(a), encode_stored_article(a));
}

TEST(StoredText, TooFewArticlesTrainNoDictionary) {
  EXPECT_EQ(train_text_dictionary(samples(articles(kMinTextDictionarySamples - 1))), nullptr);
}

TEST(StoredText, DamagedRecordsAreRefusedWithAMessage) {
  Compressed c;
  ASSERT_NE(c.dictionary, nullptr);
  const StoredTextReader reader(c.db);
  const std::string record = c.encoder.encode(c.all.front());
  // A byte of the compressed text changed: the checksum (or zstd) refuses it.
  std::string flipped = record;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5A);
  EXPECT_THROW(reader.decode(flipped), Error);
  EXPECT_THROW(reader.decode(record.substr(0, record.size() - 9)), Error);  // cut short
  EXPECT_THROW(reader.decode(record.substr(0, 3)), Error);                  // header only
  // A record declaring a huge size is refused before anything is allocated.
  std::string huge(1, '\x02');
  for (std::uint64_t n : {std::uint64_t{c.dictionary->id()}, std::uint64_t{1} << 40}) {
    while (n >= 0x80) {
      huge.push_back(static_cast<char>((n & 0x7F) | 0x80));
      n >>= 7;
    }
    huge.push_back(static_cast<char>(n));
  }
  huge += record.substr(8);
  try {
    reader.decode(huge);
    ADD_FAILURE() << "a declared size of 2^40 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more than"), std::string::npos) << e.what();
  }
  // A record naming a dictionary no database holds.
  Xapian::WritableDatabase other(std::string(), Xapian::DB_BACKEND_INMEMORY);
  EXPECT_THROW(StoredTextReader(other).decode(record), Error);
}

TEST(StoredText, ADictionaryNamedButMissingOrForeignIsAnError) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.set_metadata(std::string(kMetaTextDictionary), "12345");
  EXPECT_THROW(read_text_dictionary(db), Error);
  db.set_metadata(text_dictionary_key(12345), "not a dictionary");
  EXPECT_THROW(read_text_dictionary(db), Error);
  db.set_metadata(std::string(kMetaTextDictionary), "x1");
  EXPECT_THROW(read_text_dictionary(db), Error);
}

TEST(StoredText, ShardsWithTheirOwnDictionariesReadTogether) {
  Compressed first;
  Xapian::WritableDatabase second_db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::vector<Article> others = articles(kMinTextDictionarySamples + 40);
  others.erase(others.begin(), others.begin() + 30);  // other samples: another dictionary
  const auto second = train_text_dictionary(samples(others));
  ASSERT_NE(first.dictionary, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_NE(first.dictionary->id(), second->id());
  record_text_dictionary(second_db, *second);
  StoredTextEncoder second_encoder;
  second_encoder.use(second);
  StoredTextReader reader;
  reader.add_database(first.db);
  reader.add_database(second_db);
  EXPECT_EQ(reader.decode(first.encoder.encode(first.all[3])).id, first.all[3].id);
  EXPECT_EQ(reader.decode(second_encoder.encode(others[5])).id, others[5].id);
}

}  // namespace
}  // namespace stored_text_test
}  // namespace bahth::schema
