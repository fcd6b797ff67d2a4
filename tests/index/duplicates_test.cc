// Near-duplicate signatures (index/minhash.h) and the groups the indexer derives from them.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/indexer.h"
#include "bahth/stemmers.h"
#include "build_index.h"
#include "dedup_articles.h"
#include "index/document_builder.h"
#include "index/duplicate_groups.h"
#include "index/minhash.h"
#include "schema/schema.h"
#include "temp_dir.h"

namespace bahth {
namespace duplicates_test {
namespace {

using testing::TempDir;

// The normalized words of `text`, as the indexer sees them.
std::vector<std::string> words(const std::string& text) {
  const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  std::vector<std::string> out;
  for (TermStream terms(analyzer, text); terms.next();) out.emplace_back(terms.term().normalized);
  return out;
}

std::string signature(const Article& article) {
  return index::signature_of_words(words(article.title), words(article.body));
}

using testing::build_index;

// id → value of `slot`, for every article of the index.
std::map<std::string, std::string> values(const std::string& path, Xapian::valueno slot) {
  const Xapian::Database db(path);
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    out[schema::decode_stored_article(doc.get_data()).id] = doc.get_value(slot);
  }
  return out;
}

TEST(Signature, IsFixedSizeAndEmptyOnlyWithoutWords) {
  const std::string s = signature(testing::dedup_articles()[0]);
  EXPECT_TRUE(index::is_signature(s));
  EXPECT_EQ(index::signature_of_words({}, {}), "");
  EXPECT_TRUE(index::is_signature(index::signature_of_words({}, {"كلمة"})));
}

// The index stores each hash in 16 bits (256 bytes); a signature of the wide form older indexes
// hold (32 bits, 512 bytes) reads as its folded hashes, so the two forms of one text are the
// same signature to every reader: estimates, band keys and hashes.
TEST(Signature, TheWideFormOfOlderIndexesReadsAsTheCompactOne) {
  const std::vector<Article> articles = testing::dedup_articles();
  const Article& article = articles[0];
  const std::string compact = signature(article);
  const std::string wide = index::signature_of_words(words(article.title), words(article.body),
                                                     index::SignatureForm::wide);
  EXPECT_EQ(compact.size(), 2 * index::kMinHashCount * 2);
  EXPECT_EQ(wide.size(), 2 * index::kMinHashCount * 4);
  EXPECT_TRUE(index::is_signature(wide));
  EXPECT_FALSE(index::is_signature(wide.substr(1)));
  const auto same = index::estimated_similarity(compact, wide);
  EXPECT_EQ(same.whole, 1.0);
  EXPECT_EQ(same.lead, 1.0);
  for (std::size_t band = 0; band < index::kBands; ++band) {
    EXPECT_EQ(index::band_key(compact, band), index::band_key(wide, band)) << band;
  }
  std::size_t folded = 0;  // the wide form's hashes use their high halves
  for (std::size_t i = 0; i < 2 * index::kMinHashCount; ++i) {
    EXPECT_EQ(index::signature_hash(compact, i), index::signature_hash(wide, i)) << i;
    folded += index::signature_hash(wide, i) != (static_cast<unsigned char>(wide[4 * i]) |
                                                 static_cast<unsigned char>(wide[4 * i + 1]) << 8);
  }
  EXPECT_GT(folded, index::kMinHashCount);
  // Other stories stay apart across the forms.
  EXPECT_LT(index::estimated_similarity(wide, signature(articles[4])).whole, 0.1);
}

TEST(Signature, BandKeysFitTheirTerms) {
  const std::string s = signature(testing::dedup_articles()[0]);
  std::set<std::uint64_t> keys;
  for (std::size_t band = 0; band < index::kBands; ++band) {
    const std::uint64_t key = index::band_key(s, band);
    EXPECT_LT(key, std::uint64_t{1} << index::kBandKeyBits);
    keys.insert(key);
  }
  EXPECT_GT(keys.size(), index::kBands / 2);  // the bands' keys differ
}

TEST(Signature, EstimatesHighForCopiesAndLowForOtherStories) {
  const auto a = testing::dedup_articles();
  const std::string flood = signature(a[0]);
  const auto self = index::estimated_similarity(flood, flood);
  EXPECT_EQ(self.whole, 1.0);
  EXPECT_EQ(self.lead, 1.0);
  // The copies are candidates, and the exact check of their texts finds them copies.
  for (const Article& copy : {a[1], a[2]}) {
    EXPECT_TRUE(index::is_candidate(index::estimated_similarity(flood, signature(copy))));
    EXPECT_TRUE(index::is_near_duplicate(
        index::exact_similarity(index::article_shingles(a[0]), index::article_shingles(copy))));
  }
  // Same flood, other story; and an unrelated one.
  EXPECT_LT(index::estimated_similarity(flood, signature(a[3])).whole, 0.1);
  EXPECT_LT(index::estimated_similarity(flood, signature(a[4])).whole, 0.1);
  EXPECT_EQ(index::estimated_similarity(flood, "").whole, 0.0);
}

// `n` distinct made-up Arabic words (three letters each, no digits: the tokenizer would split
// them), numbered from `from` (< 8000).
std::vector<std::string> made_up_words(int from, int n) {
  static const std::vector<std::string> kLetters{"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز",
                                                 "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق"};
  std::vector<std::string> out;
  for (int i = from; i < from + n; ++i) {
    out.push_back(kLetters[i / 400 % 20] + kLetters[i / 20 % 20] + kLetters[i % 20]);
  }
  return out;
}

std::string text_of(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out.append(out.empty() ? "" : " ").append(w);
  return out;
}

index::Shingles shingles_of(const std::vector<std::string>& title,
                            const std::vector<std::string>& body) {
  index::SignatureBuilder builder;
  for (const std::string& w : title) builder.add_title_word(w);
  for (const std::string& w : body) builder.add_body_word(w);
  return builder.shingles();
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(Signature, ASharedEndDoesNotMakeTwoStoriesCopies) {
  // What a site appends to every page (related headlines) must not make two stories alike.
  const auto tail = made_up_words(1000, 50);
  const auto one = index::signature_of_words({}, joined(made_up_words(0, 150), tail));
  const auto other = index::signature_of_words({}, joined(made_up_words(500, 150), tail));
  const auto s = index::estimated_similarity(one, other);
  EXPECT_LT(s.lead, 0.1);
  EXPECT_FALSE(index::is_near_duplicate(s));
}

TEST(Signature, ASharedOpeningDoesNotMakeTwoPassagesCopies) {
  // Two passages that open alike and go on differently (ARCD holds such pairs): the leads agree,
  // the whole texts do not.
  const auto opening = made_up_words(0, 80);
  const auto one = index::signature_of_words({}, joined(opening, made_up_words(100, 120)));
  const auto other = index::signature_of_words({}, joined(opening, made_up_words(300, 120)));
  const auto s = index::estimated_similarity(one, other);
  EXPECT_GE(s.lead, index::kLeadThreshold);
  EXPECT_LT(s.whole, index::kWholeThreshold);
  EXPECT_FALSE(index::is_near_duplicate(s));
  const auto exact =
      index::exact_similarity(shingles_of({}, joined(opening, made_up_words(100, 120))),
                              shingles_of({}, joined(opening, made_up_words(300, 120))));
  EXPECT_GE(exact.lead, index::kLeadThreshold);
  EXPECT_LT(exact.whole, index::kWholeThreshold);
  EXPECT_FALSE(index::is_near_duplicate(exact));
}

TEST(Signature, ACopyWithAFewWordsChangedIsACopy) {
  auto body = made_up_words(0, 200);
  const auto one = index::signature_of_words({"عنوان", "أول"}, body);
  body[50] = "تغيير";
  body[150] = "آخر";
  const auto other = index::signature_of_words({"عنوان", "ثان"}, body);
  EXPECT_TRUE(index::is_candidate(index::estimated_similarity(one, other)));
  const auto original = made_up_words(0, 200);
  EXPECT_TRUE(index::is_near_duplicate(index::exact_similarity(
      shingles_of({"عنوان", "أول"}, original), shingles_of({"عنوان", "ثان"}, body))));
}

TEST(Signature, IsTheSameWhicheverStemmerTheIndexUses) {
  TempDir dir;
  build_index(dir / "light", testing::dedup_articles(), StemmerKind::light);
  build_index(dir / "none", testing::dedup_articles(), StemmerKind::none);
  build_index(dir / "snowball", testing::dedup_articles(), StemmerKind::snowball);
  const auto light = values(dir / "light", schema::kSignatureSlot);
  EXPECT_EQ(light.size(), 5u);
  EXPECT_EQ(light, values(dir / "none", schema::kSignatureSlot));
  EXPECT_EQ(light, values(dir / "snowball", schema::kSignatureSlot));
  EXPECT_EQ(light.at("flood"), signature(testing::dedup_articles()[0]));
}

// A live add's writer keeps the words it analysed (DocumentBuilder::signature_words) so that the
// near-duplicate update makes their shingles without reading the stored text back: they are the
// shingles article_shingles() makes of the article as stored, whichever stemmer the index uses.
TEST(Signature, TheBuildersWordsGiveTheStoredTextsShingles) {
  std::vector<Article> articles = testing::dedup_articles();
  Article mixed = articles[0];
  mixed.title = "BBC عربي: 12 قتيلا، و«الأمم المتحدة» تدعو (UN) ...";
  mixed.body += "\nCOVID-19 و2020م ١٢٣ كوفيد‌-١٩ — ‏«اقتباس»؟!";
  mixed.captions = {"صورة من الموقع", "caption text"};
  articles.push_back(mixed);
  for (const StemmerKind kind : {StemmerKind::light, StemmerKind::none, StemmerKind::snowball}) {
    const Analysis analysis(kind);
    index::DocumentBuilder builder(analysis);
    for (const Article& article : articles) {
      const Xapian::Document doc = builder.build(article, "hash");
      const index::Shingles from_words = builder.signature_words().shingles();
      const index::Shingles from_text =
          index::article_shingles(schema::decode_stored_article(doc.get_data()));
      EXPECT_EQ(from_words.whole, from_text.whole) << article.id;
      EXPECT_EQ(from_words.lead, from_text.lead) << article.id;
      EXPECT_FALSE(from_words.whole.empty());
    }
  }
}

TEST(DuplicateGroups, CopiesShareAKeyAndOtherStoriesHaveNone) {
  TempDir dir;
  build_index(dir / "db", testing::dedup_articles());
  const auto groups = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_FALSE(groups.at("flood").empty());
  EXPECT_EQ(groups.at("flood-repost"), groups.at("flood"));
  EXPECT_EQ(groups.at("flood-update"), groups.at("flood"));
  EXPECT_EQ(groups.at("flood-aid"), "");
  EXPECT_EQ(groups.at("football"), "");
}

TEST(DuplicateGroups, AKeyStaysWhenCopiesArriveLaterAndGoesWhenTheyLeave) {
  TempDir dir;
  auto articles = testing::dedup_articles();
  build_index(dir / "db", {articles[0], articles[4]});
  EXPECT_EQ(values(dir / "db", schema::kDuplicateGroupSlot).at("flood"), "");
  build_index(dir / "db", {articles[1]});
  const std::string key = values(dir / "db", schema::kDuplicateGroupSlot).at("flood");
  EXPECT_FALSE(key.empty());
  build_index(dir / "db", {articles[2]});
  const auto groups = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_EQ(groups.at("flood"), key);
  EXPECT_EQ(groups.at("flood-update"), key);
  // The re-post is replaced by another story: the others keep their group, which it leaves.
  articles[1].title = "شركة تعلن هاتفا جديدا";
  articles[1].body = "أعلنت الشركة اليوم عن هاتف جديد بشاشة أكبر وبطارية تدوم يومين كاملين.";
  build_index(dir / "db", {articles[1]});
  const auto after = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_EQ(after.at("flood-repost"), "");
  EXPECT_EQ(after.at("flood"), key);
}

TEST(DuplicateGroups, PassagesThatShareOnlyAnOpeningStayApartAndCopiesFold) {
  const std::string opening = text_of(made_up_words(0, 80));
  Article a{"opening-a", "", "مقطع أول", "", "", opening + " " + text_of(made_up_words(100, 120)),
            {}};
  Article b{"opening-b", "", "مقطع ثان", "", "", opening + " " + text_of(made_up_words(300, 120)),
            {}};
  Article copy = a;
  copy.id = "opening-a-copy";
  TempDir dir;
  build_index(dir / "db", {a, b, copy});
  const auto groups = values(dir / "db", schema::kDuplicateGroupSlot);
  EXPECT_FALSE(groups.at("opening-a").empty());
  EXPECT_EQ(groups.at("opening-a-copy"), groups.at("opening-a"));
  EXPECT_EQ(groups.at("opening-b"), "");
}

TEST(DuplicateGroups, IgnoresDocumentsWithoutASignature) {
  const auto a = testing::dedup_articles();
  const auto keys = index::find_duplicate_groups(
      {{3, signature(a[0])}, {1, signature(a[1])}, {2, ""}, {4, "not a signature"}});
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].first, 1u);
  EXPECT_EQ(keys[1].first, 3u);
  EXPECT_EQ(keys[0].second, keys[1].second);
  EXPECT_EQ(keys[0].second, index::group_key(signature(a[1])));  // the lowest docid's
}

// The incremental pass regroups a changed document's group from scratch: a group of n members
// takes n - 1 checked pairs or more, and each text is analysed once, not once a pair.
TEST(DuplicateGroups, TheIncrementalPassAnalysesEachTextOnce) {
  std::vector<Article> articles = testing::dedup_articles();
  for (int n = 0; n < 3; ++n) {
    Article copy = articles[0];
    copy.id = "flood-copy" + std::to_string(n);
    copy.title = "نقلا عن " + copy.title + " " + std::to_string(n);
    articles.push_back(copy);
  }
  TempDir dir;
  build_index(dir / "db", articles);
  const auto before = values(dir / "db", schema::kDuplicateGroupSlot);
  const std::string key = before.at("flood");
  ASSERT_FALSE(key.empty());
  std::size_t grouped = 0;
  for (const auto& [id, group] : before) grouped += group == key ? 1 : 0;
  ASSERT_GE(grouped, 5u);

  // The last copy "changed" (as a run that replaced it with the same text): its group is
  // regrouped, and stays as it was.
  Xapian::WritableDatabase db(dir / "db");
  index::GroupChanges changes;
  changes.current.push_back(db.get_lastdocid());
  index::GroupingStats stats;
  ASSERT_TRUE(index::update_duplicate_groups(db, changes, {}, &stats));
  db.commit();
  EXPECT_EQ(values(dir / "db", schema::kDuplicateGroupSlot), before);
  EXPECT_GE(stats.exact_checks, grouped - 1);
  EXPECT_LE(stats.shingle_reads, articles.size());
  EXPECT_LT(stats.shingle_reads, 2 * stats.exact_checks);

  // Given the changed copy's words as its writer analysed them, the pass reads one text fewer
  // and leaves the same groups.
  const Analysis analysis(StemmerKind::light);
  index::DocumentBuilder builder(analysis);
  (void)builder.build(articles.back(), "hash");
  changes.known_words.emplace(db.get_lastdocid(), builder.signature_words());
  index::GroupingStats known_stats;
  ASSERT_TRUE(index::update_duplicate_groups(db, changes, {}, &known_stats));
  db.commit();
  EXPECT_EQ(values(dir / "db", schema::kDuplicateGroupSlot), before);
  EXPECT_EQ(known_stats.exact_checks, stats.exact_checks);
  EXPECT_EQ(known_stats.shingle_reads + 1, stats.shingle_reads);
}

// A band term names a coarse bucket that other buckets share (schema::band_term): the pass keeps
// only the members of the bucket it asked for. Every other article given the changed one's
// first coarse term leaves the pairs compared and the groups as they were.
TEST(DuplicateGroups, TheIncrementalPassKeepsOnlyItsBucketOfACoarseBandTerm) {
  std::vector<Article> articles = testing::dedup_articles();
  TempDir dir;
  build_index(dir / "db", articles);
  const auto before = values(dir / "db", schema::kDuplicateGroupSlot);
  Xapian::WritableDatabase db(dir / "db");
  ASSERT_TRUE(schema::has_band_terms(db));
  const Xapian::docid changed = db.get_lastdocid();
  index::GroupChanges changes;
  changes.current.push_back(changed);
  index::GroupingStats alone;
  ASSERT_TRUE(index::update_duplicate_groups(db, changes, {}, &alone));
  db.commit();

  const std::string signature = db.get_document(changed).get_value(schema::kSignatureSlot);
  const std::uint64_t key = index::band_key(signature, 0);
  const std::string term = schema::band_term(0, key);
  const std::string group = db.get_document(changed).get_value(schema::kDuplicateGroupSlot);
  std::size_t foreign = 0;  // outside its group and its bucket: pairs the pass would compare
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Xapian::Document doc = db.get_document(*p);
    const std::string other = doc.get_value(schema::kSignatureSlot);
    if (*p == changed || !index::is_signature(other) || index::band_key(other, 0) == key ||
        (!group.empty() && doc.get_value(schema::kDuplicateGroupSlot) == group)) {
      continue;
    }
    doc.add_boolean_term(term);
    db.replace_document(*p, doc);
    ++foreign;
  }
  db.commit();
  ASSERT_GT(foreign, 0u);
  index::GroupingStats shared;
  ASSERT_TRUE(index::update_duplicate_groups(db, changes, {}, &shared));
  db.commit();
  EXPECT_EQ(shared.pairs_compared, alone.pairs_compared);
  EXPECT_EQ(values(dir / "db", schema::kDuplicateGroupSlot), before);
}

// Word lists of a corpus that exercises the pass: stories with copies that change a few words;
// stories ending with one long boilerplate, so that their band buckets outgrow the members the
// pass compares (64), some with a short own part (copies by the thresholds) and some with a
// longer one (candidates that the exact check rejects); and unrelated stories.
std::vector<std::vector<std::string>> grouping_corpus() {
  std::vector<std::vector<std::string>> bodies;
  for (int story = 0; story < 8; ++story) {
    const auto body = made_up_words(story * 150, 150);
    for (int copy = 0; copy < 4; ++copy) {
      auto changed = body;
      changed[(copy * 37 + 11) % 150] = made_up_words(7800 + story * 4 + copy, 1)[0];
      bodies.push_back(changed);
    }
  }
  const auto boilerplate = made_up_words(1200, 300);
  int next_word = 1500;
  for (int story = 0; story < 100; ++story) {
    const int own = story % 5 == 4 ? 60 : 40;
    bodies.push_back(joined(made_up_words(next_word, own), boilerplate));
    next_word += own;
  }
  for (int story = 0; story < 10; ++story) bodies.push_back(made_up_words(6000 + story * 30, 30));
  return bodies;
}

// The groups as the pass computed them before it streamed (every signature in memory, a hash
// table of buckets per band), to check that the streamed pass finds the same.
std::vector<std::pair<Xapian::docid, std::string>> reference_groups(
    const std::vector<std::string>& signatures, const index::ShingleReader& read) {
  const std::size_t n = signatures.size();  // docid i + 1
  // Each text's shingles are read once: the pairs compared run to thousands, and recomputing
  // them made this reference most of the test's time under the sanitizers.
  std::vector<std::optional<index::Shingles>> shingles(n);
  auto shingles_of_doc = [&](std::size_t i) -> const index::Shingles& {
    if (!shingles[i]) shingles[i] = read(static_cast<Xapian::docid>(i + 1));
    return *shingles[i];
  };
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i];
    return i;
  };
  for (std::size_t band = 0; band < index::kBands; ++band) {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets;
    for (std::size_t i = 0; i < n; ++i) buckets[index::band_key(signatures[i], band)].push_back(i);
    for (const auto& [key, bucket] : buckets) {
      for (std::size_t i = 0; i < bucket.size(); ++i) {
        for (std::size_t j = 0; j < std::min<std::size_t>(i, 64); ++j) {
          const std::size_t a = root(bucket[i]), b = root(bucket[j]);
          if (a == b) continue;
          const auto estimate =
              index::estimated_similarity(signatures[bucket[i]], signatures[bucket[j]]);
          if (!index::is_candidate(estimate)) continue;
          const auto exact =
              index::exact_similarity(shingles_of_doc(bucket[i]), shingles_of_doc(bucket[j]));
          if (index::is_near_duplicate(exact)) parent[std::max(a, b)] = std::min(a, b);
        }
      }
    }
  }
  std::vector<std::size_t> members(n, 0);
  for (std::size_t i = 0; i < n; ++i) ++members[root(i)];
  std::vector<std::pair<Xapian::docid, std::string>> keys;
  for (std::size_t i = 0; i < n; ++i) {
    if (members[root(i)] > 1) {
      keys.emplace_back(static_cast<Xapian::docid>(i + 1), index::group_key(signatures[root(i)]));
    }
  }
  return keys;
}

// A shingle cache bound under which grouping_corpus()'s pass still reads some texts again (545
// reads of its 132 texts, against 33,258 with no cache): the re-read path at a fraction of the
// cost, which under the sanitizers was most of these tests' time.
constexpr std::size_t kMostTextsCached = 400000;

TEST(DuplicateGroups, AnyShingleCacheBoundFindsTheGroupsOfThePassBeforeItStreamed) {
  const auto bodies = grouping_corpus();
  std::vector<std::string> signatures;
  std::vector<index::SignedDocument> documents;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    signatures.push_back(index::signature_of_words({}, bodies[i]));
    documents.push_back({static_cast<Xapian::docid>(i + 1), signatures.back()});
  }
  // Each text's shingles computed once: the reader hands out a copy, as the index's reader
  // hands out what it computes. With no cache the pass reads some 33,000 times, and computing
  // the shingles again each time was most of this test's time under the sanitizers.
  std::vector<index::Shingles> texts;
  texts.reserve(bodies.size());
  for (const auto& body : bodies) texts.push_back(shingles_of({}, body));
  std::size_t reads = 0;
  const index::ShingleReader read = [&](Xapian::docid docid) {
    ++reads;
    return texts.at(docid - 1);
  };
  const auto expected = reference_groups(signatures, read);
  std::map<std::string, int> sizes;
  for (const auto& [docid, key] : expected) ++sizes[key];
  ASSERT_GE(sizes.size(), 9u);  // the stories' copies and the short-story boilerplate group
  ASSERT_GT(std::max_element(sizes.begin(), sizes.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; })
                ->second,
            64);
  reads = 0;
  const auto unbounded =
      index::find_duplicate_groups(documents, read, {.shingle_cache_bytes = SIZE_MAX});
  EXPECT_EQ(unbounded, expected);
  const std::size_t unbounded_reads = reads;
  EXPECT_LE(unbounded_reads, documents.size());  // each text read once at most
  for (const std::size_t bytes : {std::size_t{0}, kMostTextsCached}) {
    reads = 0;
    EXPECT_EQ(index::find_duplicate_groups(documents, read, {.shingle_cache_bytes = bytes}),
              expected)
        << bytes;
    EXPECT_GT(reads, unbounded_reads) << bytes;  // the bound was reached
  }
}

// grouping_corpus() as articles, then the shared dedup fixtures: groups of every size.
std::vector<Article> grouping_articles() {
  std::vector<Article> articles;
  for (const auto& body : grouping_corpus()) {
    articles.push_back(
        {"story-" + std::to_string(articles.size()), "", "", "", "", text_of(body), {}});
  }
  for (const Article& article : testing::dedup_articles()) articles.push_back(article);
  return articles;
}

TEST(DuplicateGroups, TheDatabasePassFindsWhatTheInMemoryOneFindsAndTheIndexStores) {
  std::vector<Article> articles = grouping_articles();
  TempDir dir;
  build_index(dir / "db", articles);
  const Xapian::Database db(dir / "db");
  std::vector<index::SignedDocument> documents;
  for (auto v = db.valuestream_begin(schema::kSignatureSlot);
       v != db.valuestream_end(schema::kSignatureSlot); ++v) {
    documents.push_back({v.get_docid(), *v});
  }
  const index::ShingleReader read = [&db](Xapian::docid docid) {
    return index::article_shingles(
        schema::decode_stored_article(db.get_document(docid).get_data()));
  };
  const auto in_memory = index::find_duplicate_groups(documents, read);
  ASSERT_GT(in_memory.size(), 60u);
  std::vector<std::pair<Xapian::docid, std::string>> streamed;
  index::GroupingStats stats;
  index::for_each_duplicate(
      db, [&](Xapian::docid docid, const std::string& key) { streamed.emplace_back(docid, key); },
      {.shingle_cache_bytes = kMostTextsCached}, &stats);
  EXPECT_EQ(streamed, in_memory);
  EXPECT_EQ(stats.documents, articles.size());
  std::vector<std::pair<Xapian::docid, std::string>> stored;
  for (auto v = db.valuestream_begin(schema::kDuplicateGroupSlot);
       v != db.valuestream_end(schema::kDuplicateGroupSlot); ++v) {
    stored.emplace_back(v.get_docid(), *v);
  }
  EXPECT_EQ(stored, in_memory);
}

// Articles that join a bucket larger than the members the pass compares (64) after its first
// members leave those first members, so the pairs the whole pass compares, as they were: the
// incremental pass regroups them (an add of 100 at 200,000 articles fell back to the whole pass
// in 5 runs of 25, 2.4 CPU s against 0.8), to the groups of the whole pass. One among the first
// members shifts them: the whole pass.
TEST(DuplicateGroups, NewcomersAfterALargeBucketsFirstMembersAreRegroupedIncrementally) {
  const std::vector<Article> articles = grouping_articles();
  std::vector<Article> newcomers;
  for (const std::size_t story : {40u, 36u, 5u}) {  // boilerplate, short and long, and a story
    Article copy = articles.at(story);
    copy.id = "newcomer-" + std::to_string(story);
    newcomers.push_back(copy);
  }
  TempDir dir;
  build_index(dir / "incremental", articles);
  build_index(dir / "incremental", newcomers);
  std::vector<Article> all = articles;
  all.insert(all.end(), newcomers.begin(), newcomers.end());
  build_index(dir / "whole", all);
  const auto groups = values(dir / "incremental", schema::kDuplicateGroupSlot);
  EXPECT_EQ(groups, values(dir / "whole", schema::kDuplicateGroupSlot));
  EXPECT_FALSE(groups.at("newcomer-40").empty());

  Xapian::WritableDatabase db(dir / "incremental");
  index::GroupChanges changes;
  changes.current = {db.get_lastdocid() - 2, db.get_lastdocid() - 1};
  EXPECT_TRUE(index::update_duplicate_groups(db, changes));
  changes.current = {33};  // the first boilerplate story, among its buckets' first members
  EXPECT_FALSE(index::update_duplicate_groups(db, changes));
}

// id → group key of every grouped document, in the index at `path` or as (part, docid) pairs.
std::map<std::string, std::string> keys_by_id(
    const Xapian::Database& db, const std::vector<std::pair<Xapian::docid, std::string>>& keys) {
  std::map<std::string, std::string> out;
  for (const auto& [docid, key] : keys) {
    out[schema::decode_stored_article(db.get_document(docid).get_data()).id] = key;
  }
  return out;
}

// The parts' groups are those of the database their compaction makes, in its docids' order
// (which picks each group's key), also when a part's first documents were deleted (Xapian then
// renumbers from its first used docid) and when a part is empty.
TEST(DuplicateGroups, ThePartsGroupsAreThoseOfTheirCompaction) {
  std::vector<Article> articles = grouping_articles();
  // Copies in both parts, each part's own order: every third article to the second part.
  std::vector<Article> first, second;
  for (std::size_t i = 0; i < articles.size(); ++i)
    (i % 3 == 1 ? second : first).push_back(articles[i]);
  TempDir dir;
  build_index(dir / "a", first);
  build_index(dir / "b", second);
  build_index(dir / "empty", {});
  {
    Xapian::WritableDatabase b(dir / "b", Xapian::DB_OPEN);
    b.delete_document(1);
    b.delete_document(2);
    b.commit();
  }
  const std::vector<Xapian::Database> parts = {
      Xapian::Database(dir / "b"), Xapian::Database(dir / "empty"), Xapian::Database(dir / "a")};
  std::map<std::string, std::string> from_parts;
  for (const index::PartGroupKey& grouped : index::duplicate_groups_of_parts(parts)) {
    from_parts[schema::decode_stored_article(
                   parts.at(grouped.part).get_document(grouped.docid).get_data())
                   .id] = grouped.key;
  }
  Xapian::Database all;
  for (const Xapian::Database& part : parts) all.add_database(part);
  all.compact(dir / "merged", Xapian::DB_BACKEND_GLASS);
  const Xapian::Database merged(dir / "merged");
  std::vector<std::pair<Xapian::docid, std::string>> found;
  index::for_each_duplicate(
      merged, [&](Xapian::docid docid, const std::string& key) { found.emplace_back(docid, key); });
  ASSERT_GT(found.size(), 60u);
  EXPECT_EQ(from_parts, keys_by_id(merged, found));
}

// word → spelling frequency, for every entry of the index's spelling table.
std::map<std::string, Xapian::doccount> spelling_table(const std::string& path) {
  const Xapian::Database db(path);
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
  return out;
}

// A first build on several threads writes parts and merges them: its groups are the ones the
// pass finds in the merged index, its spelling table is a one-writer build's, and both came
// with the merge, laid out as a compaction lays them out (written after it, as before, the
// spelling table took 2.8 times the blocks and the group values spanned twice as many).
TEST(DuplicateGroups, AFirstBuildInPartsGetsItsGroupsAndSpellingFromTheMerge) {
  std::vector<Article> articles = grouping_articles();
  TempDir dir;
  for (const unsigned threads : {1u, 3u}) {
    IndexOptions options;
    options.db_path = dir / ("threads-" + std::to_string(threads));
    options.threads = threads;
    Indexer indexer(options);
    indexer.add(articles);
    indexer.finish();
  }
  const std::string parts = dir / "threads-3";
  const Xapian::Database db(parts);
  std::vector<std::pair<Xapian::docid, std::string>> found;
  index::for_each_duplicate(
      db, [&](Xapian::docid docid, const std::string& key) { found.emplace_back(docid, key); });
  ASSERT_GT(found.size(), 60u);
  std::vector<std::pair<Xapian::docid, std::string>> stored;
  for (auto v = db.valuestream_begin(schema::kDuplicateGroupSlot);
       v != db.valuestream_end(schema::kDuplicateGroupSlot); ++v) {
    stored.emplace_back(v.get_docid(), *v);
  }
  EXPECT_EQ(stored, found);
  const auto spelling = spelling_table(parts);
  ASSERT_GT(spelling.size(), 100u);
  EXPECT_EQ(spelling, spelling_table(dir / "threads-1"));
  Xapian::Database(parts).compact(dir / "compacted", Xapian::DB_BACKEND_GLASS);
  EXPECT_EQ(std::filesystem::file_size(parts + "/spelling.glass"),
            std::filesystem::file_size(dir / "compacted/spelling.glass"));
}

}  // namespace
}  // namespace duplicates_test
}  // namespace bahth
