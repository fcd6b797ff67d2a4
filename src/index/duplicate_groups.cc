#include "duplicate_groups.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "bahth/analyzer.h"
#include "schema/duplicates.h"
#include "schema/schema.h"

namespace bahth::index {
namespace {

// Union-find over indexes into the documents; the root of a set is always its lowest index.
class Groups {
 public:
  explicit Groups(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }

  std::size_t root(std::size_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }

  void join(std::size_t a, std::size_t b) {
    a = root(a);
    b = root(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

// A bucket this large is boilerplate shared by many articles (a standard paragraph); comparing
// all its pairs would be quadratic, so each member is compared with the first few only.
constexpr std::size_t kMaxComparedPerBucket = 64;

// Decides candidate pairs: on the exact shingles when a reader is given (each document's read
// once), else on the estimates.
class PairJudge {
 public:
  PairJudge(const std::vector<SignedDocument>& documents, const ShingleReader& read)
      : documents_(documents), read_(read) {}

  bool near_duplicates(std::size_t a, std::size_t b) {
    const schema::Similarity estimate =
        schema::estimated_similarity(documents_[a].signature, documents_[b].signature);
    if (!read_) return schema::is_near_duplicate(estimate);
    if (!schema::is_candidate(estimate)) return false;
    return schema::is_near_duplicate(schema::exact_similarity(shingles(a), shingles(b)));
  }

 private:
  const schema::Shingles& shingles(std::size_t i) {
    auto it = cache_.find(i);
    if (it == cache_.end()) it = cache_.emplace(i, read_(documents_[i].docid)).first;
    return it->second;
  }

  const std::vector<SignedDocument>& documents_;
  const ShingleReader& read_;
  std::unordered_map<std::size_t, schema::Shingles> cache_;
};

void join_similar_in_bucket(const std::vector<std::size_t>& bucket, PairJudge& judge,
                            Groups& groups) {
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    for (std::size_t j = 0; j < std::min(i, kMaxComparedPerBucket); ++j) {
      const std::size_t a = bucket[i];
      const std::size_t b = bucket[j];
      if (groups.root(a) == groups.root(b)) continue;
      if (judge.near_duplicates(a, b)) groups.join(a, b);
    }
  }
}

}  // namespace

schema::Shingles article_shingles(const Article& article) {
  static const Analyzer analyzer = Analyzer::make(StemmerKind::none);
  schema::SignatureBuilder builder;
  for (TermStream terms(analyzer, article.title, TermStream::Stemming::on_demand); terms.next();) {
    builder.add_title_word(terms.term().normalized);
  }
  for (TermStream terms(analyzer, article.body, TermStream::Stemming::on_demand); terms.next();) {
    builder.add_body_word(terms.term().normalized);
  }
  return builder.shingles();
}

std::vector<std::pair<Xapian::docid, std::string>> find_duplicate_groups(
    std::vector<SignedDocument> documents, const ShingleReader& read_shingles) {
  // Filtered and sorted in place: the signatures are this pass's largest memory (about 300
  // bytes an article), and a copy of them doubled it.
  std::erase_if(documents,
                [](const SignedDocument& d) { return !schema::is_signature(d.signature); });
  std::sort(documents.begin(), documents.end(),
            [](const auto& a, const auto& b) { return a.docid < b.docid; });
  Groups groups(documents.size());
  PairJudge judge(documents, read_shingles);
  for (std::size_t band = 0; band < schema::kBands; ++band) {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets;
    buckets.reserve(documents.size());
    for (std::size_t i = 0; i < documents.size(); ++i) {
      buckets[schema::band_key(documents[i].signature, band)].push_back(i);
    }
    for (const auto& [key, bucket] : buckets) {
      if (bucket.size() > 1) join_similar_in_bucket(bucket, judge, groups);
    }
  }
  std::vector<std::size_t> members(documents.size(), 0);
  for (std::size_t i = 0; i < documents.size(); ++i) ++members[groups.root(i)];
  std::vector<std::pair<Xapian::docid, std::string>> keys;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const std::size_t root = groups.root(i);
    if (members[root] > 1) {
      keys.emplace_back(documents[i].docid, schema::group_key(documents[root].signature));
    }
  }
  return keys;
}

std::size_t sync_duplicate_groups(Xapian::WritableDatabase& db) {
  std::vector<SignedDocument> documents;
  for (auto v = db.valuestream_begin(schema::kSignatureSlot);
       v != db.valuestream_end(schema::kSignatureSlot); ++v) {
    documents.push_back({v.get_docid(), *v});
  }
  std::unordered_map<Xapian::docid, std::string> have;
  for (auto v = db.valuestream_begin(schema::kDuplicateGroupSlot);
       v != db.valuestream_end(schema::kDuplicateGroupSlot); ++v) {
    have.emplace(v.get_docid(), *v);
  }
  const ShingleReader read_shingles = [&db](Xapian::docid docid) {
    return article_shingles(schema::decode_stored_article(db.get_document(docid).get_data()));
  };
  const std::vector<std::pair<Xapian::docid, std::string>> want =
      find_duplicate_groups(std::move(documents), read_shingles);
  // Only the documents whose key changes are rewritten; replacing a document whose terms are
  // untouched makes Xapian rewrite just its values.
  auto set_key = [&db](Xapian::docid docid, const std::string& key) {
    Xapian::Document doc = db.get_document(docid);
    doc.add_value(schema::kDuplicateGroupSlot, key);  // "" removes the value
    db.replace_document(docid, doc);
  };
  for (const auto& [docid, key] : want) {
    auto old = have.find(docid);
    if (old == have.end() || old->second != key) set_key(docid, key);
    if (old != have.end()) have.erase(old);
  }
  for (const auto& [docid, key] : have) set_key(docid, "");  // no longer in any group
  return want.size();
}

}  // namespace bahth::index
