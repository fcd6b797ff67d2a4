#include "schema/schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bahth/error.h"

namespace bahth::schema {
namespace schema_test {
namespace {

TEST(Schema, StoredArticleRoundTrips) {
  const Article a{"id/1",
                  "https://x",
                  "عنوان",
                  "2018-02-18T20:50:44Z",
                  "middleEast",
                  "سطر أول\nسطر ثان",
                  {"مصدر الصورة AFP", "تعليق"}};
  const Article b = decode_stored_article(encode_stored_article(a));
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.date, a.date);
  EXPECT_EQ(b.section, a.section);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.captions, a.captions);
}

// Authors are stored after the outlet (written empty without one), so that a record stored
// before authors were kept (which ends at its captions or its outlet) decodes without one, and
// an article without authors is stored, and hashed, as it was before.
TEST(Schema, AuthorsStoredAfterTheOutletAndOldRecordsReadWithout) {
  Article a{"id/1", "", "عنوان", "", "", "نص", {"تعليق"}};
  const std::string before = encode_stored_article(a);
  const std::string hash_before = content_hash(a);
  a.author = "سارة أحمد\nAli";
  const Article without_source = decode_stored_article(encode_stored_article(a));
  EXPECT_EQ(without_source.author, a.author);
  EXPECT_EQ(without_source.source, "");
  EXPECT_EQ(without_source.captions, a.captions);
  a.source = "BBC";
  const Article with_source = decode_stored_article(encode_stored_article(a));
  EXPECT_EQ(with_source.author, a.author);
  EXPECT_EQ(with_source.source, "BBC");
  EXPECT_NE(content_hash(a), hash_before);

  const Article old = decode_stored_article(before);  // as an older bahth stored it
  EXPECT_EQ(old.author, "");
  EXPECT_EQ(old.body, "نص");
  Article no_author{"id/1", "", "عنوان", "", "", "نص", {"تعليق"}};
  EXPECT_EQ(encode_stored_article(no_author), before);
  EXPECT_EQ(content_hash(no_author), hash_before);
  // An author is not an outlet: the same name in either field hashes apart.
  Article as_source = no_author;
  as_source.source = "BBC";
  Article as_author = no_author;
  as_author.author = "BBC";
  EXPECT_NE(content_hash(as_source), content_hash(as_author));
  EXPECT_EQ(author_term("سارة أحمد"), author_term("ساره احمد"));
  EXPECT_TRUE(is_filter_term(author_term("Ali")));
}

TEST(Schema, DecodingForeignDataThrows) {
  EXPECT_THROW(decode_stored_article(""), Error);
  EXPECT_THROW(decode_stored_article("{\"id\":1}"), Error);
  std::string truncated = encode_stored_article(Article{"id", "", "t", "", "", "body", {}});
  truncated.resize(truncated.size() - 2);
  EXPECT_THROW(decode_stored_article(truncated), Error);
}

// The spelling table keeps words of Arabic letters one byte a letter, so that Xapian's
// fragments of two and three bytes are letters, not halves of letters.
TEST(Schema, SpellingKeysAreOneByteALetterAndKeepTheOrder) {
  EXPECT_EQ(spelling_key("ترامب").size(), 5u);
  EXPECT_EQ(word_of_spelling_key(spelling_key("ترامب")), "ترامب");
  EXPECT_EQ(word_of_spelling_key(spelling_key("ءي")), "ءي");  // the first and last letters
  for (const std::string other : {"trump", "ترامپ", "é", "café", "ٱلله", ""}) {
    EXPECT_EQ(spelling_key(other), other) << other;  // not all Arabic letters: as it is
    EXPECT_EQ(word_of_spelling_key(other), other) << other;
  }
  const std::vector<std::string> words = {"اب", "ابا", "ابب", "ب", "بي", "ي"};
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    EXPECT_LT(words[i], words[i + 1]);
    EXPECT_LT(spelling_key(words[i]), spelling_key(words[i + 1])) << words[i];
  }
}

TEST(Schema, FileKeysFitATermAndAMetadataKey) {
  EXPECT_EQ(schema::older_file_term("/news/a.jsonl"), "XF/news/a.jsonl");
  const std::string term = schema::file_term("/news/a.jsonl");
  EXPECT_EQ(term.size(), 14u);
  EXPECT_TRUE(term.starts_with("XF#"));
  EXPECT_EQ(
      term.find_first_not_of("XF#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(schema::file_term("/news/a.jsonl"), term);
  EXPECT_NE(schema::file_term("/news/b.jsonl"), term);
  const std::string long_path = "/news/" + std::string(600, 'x') + ".jsonl";
  const std::string other = "/news/" + std::string(600, 'x') + "y.jsonl";
  const std::string key = schema::file_key(long_path);
  EXPECT_LE(key.size(), schema::kMaxFileKeyBytes);
  EXPECT_TRUE(key.starts_with(schema::kHashedIdMarker));
  EXPECT_NE(key, schema::file_key(other));  // the same first bytes, apart by their hash
  EXPECT_EQ(key, schema::file_key(long_path));
  EXPECT_LE(schema::file_term(long_path).size(), 245u);
  // A short path that looks like a hashed key is hashed too, so it cannot take another's.
  EXPECT_NE(schema::file_key(key), key);
}

// The file slot holds 8 bytes a file, and still recognizes the whole key older indexes stored.
TEST(Schema, FileSlotHoldsADigestAndReadsTheOlderKey) {
  const std::string path = "/news/a.jsonl";
  const std::string digest = schema::file_digest(path);
  EXPECT_EQ(digest.size(), 8u);
  EXPECT_NE(digest, schema::file_digest("/news/b.jsonl"));
  EXPECT_TRUE(schema::file_slot_matches(digest, path));
  EXPECT_TRUE(schema::file_slot_matches(schema::file_key(path), path));
  EXPECT_FALSE(schema::file_slot_matches(schema::file_digest("/news/b.jsonl"), path));
  EXPECT_FALSE(schema::file_slot_matches(schema::file_key("/news/b.jsonl"), path));
  EXPECT_FALSE(schema::file_slot_matches("", path));
}

TEST(Schema, FileRecordsRoundTripAndForeignValuesAreRefused) {
  const schema::FileRecord record{"/news/a b.jsonl", 1234, 1'733'470'000'123'456'789};
  schema::FileRecord read;
  ASSERT_TRUE(schema::decode_file_record(schema::encode_file_record(record), read));
  EXPECT_EQ(read.path, record.path);
  EXPECT_EQ(read.size, record.size);
  EXPECT_EQ(read.mtime_ns, record.mtime_ns);
  for (const char* bad :
       {"", "12", "12 34", "12 34 ", "x 34 /a", "12 3x /a", "99999999999999999999999 1 /a"}) {
    EXPECT_FALSE(schema::decode_file_record(bad, read)) << bad;
  }
}

TEST(Schema, DateValues) {
  EXPECT_EQ(date_value("2018-02-18T20:50:44Z"), "20180218");
  EXPECT_EQ(date_value("2018-02-18"), "20180218");
  EXPECT_EQ(date_value(""), "");
  EXPECT_EQ(date_value("18/02/2018"), "");
  EXPECT_EQ(timestamp_value("2018-02-18T20:50:44Z"), "20180218205044");
  EXPECT_EQ(timestamp_value("2018-02-18"), "20180218000000");
}

TEST(Schema, IsoDayIsTheInverseOfDateValue) {
  EXPECT_EQ(iso_day(date_value("2018-02-18T20:50:44Z")), "2018-02-18");
  EXPECT_EQ(iso_day(""), "");
  EXPECT_EQ(iso_day("2018021"), "");
  EXPECT_EQ(iso_day("2018-218"), "");
}

TEST(Schema, AllDigitsNeedsAtLeastOneDigitAndNothingElse) {
  EXPECT_TRUE(all_digits("2018"));
  EXPECT_FALSE(all_digits(""));
  EXPECT_FALSE(all_digits("2018-02"));
  EXPECT_FALSE(all_digits("٢٠١٨"));  // Arabic-Indic digits are normalized before they get here
}

TEST(Schema, SplitTermSeparatesThePrefixFromTheWord) {
  const SplitTerm stem = split_term("ZSكتاب");
  EXPECT_EQ(stem.prefix, "ZS");  // a stem in the title field
  EXPECT_EQ(stem.word, "كتاب");
  EXPECT_EQ(split_term("كتاب").prefix, "");
  EXPECT_EQ(split_term("XS").word, "");
  EXPECT_EQ(split_term("Z2018").word, "2018");
  EXPECT_EQ(split_term("").prefix, "");
}

TEST(Schema, ContentHashSeesEveryField) {
  Article a{"id", "u", "t", "2018-01-01", "s", "b", {"c"}};
  const std::string h = content_hash(a);
  EXPECT_EQ(h.size(), 8u);
  EXPECT_EQ(content_hash(a), h);
  a.captions[0] = "d";
  EXPECT_NE(content_hash(a), h);
  Article x{"id", "", "ab", "", "", "c", {}};
  Article y{"id", "", "a", "", "", "bc", {}};
  EXPECT_NE(content_hash(x), content_hash(y));
}

// An index written before the hash was 8 bytes holds its 16 hex digits: the same hash.
TEST(Schema, AContentHashMatchesItsOlderHexForm) {
  const Article a{"id", "u", "t", "2018-01-01", "s", "b", {"c"}};
  const std::string h = content_hash(a);
  std::string hex;
  for (const char byte : h) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    hex.push_back(kHex[static_cast<unsigned char>(byte) >> 4]);
    hex.push_back(kHex[static_cast<unsigned char>(byte) & 0xF]);
  }
  EXPECT_TRUE(content_hash_matches(h, h));
  EXPECT_TRUE(content_hash_matches(hex, h));
  EXPECT_FALSE(content_hash_matches(hex.substr(0, 15) + "x", h));
  EXPECT_FALSE(content_hash_matches("", h));
  const std::string other = content_hash(Article{"id", "u", "t", "", "s", "b", {"c"}});
  EXPECT_FALSE(content_hash_matches(other, h));
  EXPECT_FALSE(content_hash_matches(hex, other));
}

TEST(Schema, LongIdsFitInATermAndStayDistinct) {
  const std::string long_a(1000, 'a');
  const std::string long_b = long_a + "b";
  EXPECT_LE(id_term(long_a).size(), 245u);
  EXPECT_NE(id_term(long_a), id_term(long_b));
  EXPECT_EQ(id_term("x"), "Qx");
  const std::string longest_kept(244, 'k');
  EXPECT_EQ(id_term(longest_kept), "Q" + longest_kept);
  // Hashed terms start with a byte no kept id starts with; an id starting with it is hashed.
  EXPECT_TRUE(id_term(long_a).starts_with("Q\xFF")) << id_term(long_a);
  EXPECT_TRUE(id_term("\xFFx").starts_with("Q\xFF"));
  EXPECT_NE(id_term("\xFFx"), "Q\xFFx");
  EXPECT_NE(id_term(id_term(long_a).substr(1)), id_term(long_a));
}

TEST(Schema, SectionTermsAreNormalized) {
  EXPECT_EQ(section_term("Middle East"), section_term("middle east"));
  EXPECT_EQ(section_term("middleEast"), "XSmiddleeast");
}
TEST(Schema, VariantsRoundTripThroughTheMetadata) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::vector<std::string> variants{"اميركي", "امريكا"};
  db.set_metadata(variant_key("امريك"), encode_variants(variants));
  EXPECT_EQ(read_variants(db, "امريك"), variants);
  EXPECT_TRUE(read_variants(db, "اميركي").empty());  // its own entry was not written
  EXPECT_TRUE(read_variants(db, "").empty());
  // A stem too long for an entry is looked up as having none, not refused by Xapian.
  EXPECT_TRUE(read_variants(db, std::string(kMaxVariantStemBytes + 1, 'x')).empty());
  EXPECT_EQ(encode_variants({}), "");
}

TEST(Schema, BandTermsAreShortAndAnOlderFormIsNotTakenForThem) {
  EXPECT_EQ(band_term(0, 0), "XDAAA");
  EXPECT_EQ(band_term(31, (std::uint64_t{1} << 30) - 1), "XDf__");
  // The keys of one coarse bucket (the same top 12 bits) share a term; others do not.
  EXPECT_EQ(band_term(3, 1), band_term(3, 2));
  EXPECT_NE(band_term(3, 1), band_term(3, std::uint64_t{1} << 18));
  EXPECT_NE(band_term(3, 1), band_term(4, 1));
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  EXPECT_FALSE(has_band_terms(db));
  // An index whose articles carry the 12-digit keys of form "1": their terms are not this
  // bahth's, so its near-duplicate pass must read the signatures instead.
  db.set_metadata(std::string(kMetaBandTerms), "1");
  EXPECT_FALSE(has_band_terms(db));
  db.set_metadata(std::string(kMetaBandTerms), std::string(kBandTermsForm));
  EXPECT_TRUE(has_band_terms(db));
}

}  // namespace
}  // namespace schema_test
}  // namespace bahth::schema
